# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    periscolaire_retention_inactive_years = fields.Integer(
        related="company_id.periscolaire_retention_inactive_years", readonly=False
    )
    periscolaire_retention_documents_years = fields.Integer(
        related="company_id.periscolaire_retention_documents_years", readonly=False
    )
    periscolaire_retention_accounting_years = fields.Integer(
        related="company_id.periscolaire_retention_accounting_years", readonly=False
    )
