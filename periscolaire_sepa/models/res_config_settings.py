# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    periscolaire_sepa_payment_mode_id = fields.Many2one(
        related="company_id.periscolaire_sepa_payment_mode_id", readonly=False
    )
    periscolaire_sepa_collection_day = fields.Integer(
        related="company_id.periscolaire_sepa_collection_day", readonly=False
    )
    periscolaire_sepa_notice_days = fields.Integer(
        related="company_id.periscolaire_sepa_notice_days", readonly=False
    )
    periscolaire_sepa_check_mandates = fields.Boolean(
        related="company_id.periscolaire_sepa_check_mandates", readonly=False
    )
