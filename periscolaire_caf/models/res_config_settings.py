# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    periscolaire_caf_day_cap = fields.Float(
        related="company_id.periscolaire_caf_day_cap", readonly=False
    )
    periscolaire_caf_half_day_cap = fields.Float(
        related="company_id.periscolaire_caf_half_day_cap", readonly=False
    )
