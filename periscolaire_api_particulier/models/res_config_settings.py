# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .res_company import ENVIRONMENT_URLS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    api_particulier_environment = fields.Selection(
        related="company_id.api_particulier_environment", readonly=False
    )
    api_particulier_url = fields.Char(related="company_id.api_particulier_url", readonly=False)
    api_particulier_token = fields.Char(
        related="company_id.api_particulier_token", readonly=False, groups="base.group_system"
    )
    api_particulier_recipient = fields.Char(
        related="company_id.api_particulier_recipient", readonly=False
    )
    periscolaire_qf_validity_months = fields.Integer(
        related="company_id.periscolaire_qf_validity_months", readonly=False
    )

    @api.onchange("api_particulier_environment")
    def _onchange_api_particulier_environment(self):
        if self.api_particulier_environment in ENVIRONMENT_URLS:
            self.api_particulier_url = ENVIRONMENT_URLS[self.api_particulier_environment]
