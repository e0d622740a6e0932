# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.periscolaire_portal.rules import quotient_familial as rules_qf

#: Servers of the OpenAPI description of API Particulier.
ENVIRONMENT_URLS = {
    "production": "https://particulier.api.gouv.fr",
    "staging": "https://staging.particulier.api.gouv.fr",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    api_particulier_environment = fields.Selection(
        [("production", "Production"), ("staging", "Bac à sable"), ("other", "Autre adresse")],
        string="Environnement API Particulier",
        default="production",
    )
    api_particulier_url = fields.Char(
        string="Adresse de l'API Particulier", default=ENVIRONMENT_URLS["production"]
    )
    api_particulier_token = fields.Char(
        string="Jeton API Particulier", groups="base.group_system", copy=False
    )
    api_particulier_recipient = fields.Char(
        string="SIRET de la mairie (destinataire des données)", size=14
    )
    periscolaire_qf_validity_months = fields.Integer(
        string="Validité d'un QF obtenu (mois)", default=rules_qf.VALIDITY_MONTHS
    )

    @api.constrains("periscolaire_qf_validity_months")
    def _check_periscolaire_qf_validity_months(self):
        for company in self:
            if company.periscolaire_qf_validity_months < 1:
                raise ValidationError(
                    self.env._("Un QF obtenu doit être valable au moins un mois.")
                )

    def _api_particulier_ready(self):
        """Address, token and SIRET are set (read as superuser: the token is a system
        setting)."""
        self.ensure_one()
        company = self.sudo()
        return bool(
            (company.api_particulier_url or "").startswith(("https://", "http://"))
            and company.api_particulier_token
            and rules_qf.is_siret(company._get_api_particulier_recipient())
        )

    def _get_api_particulier_recipient(self):
        """The SIRET sent as ``recipient``: the setting, else the company's SIRET."""
        self.ensure_one()
        siret = self.api_particulier_recipient
        if not siret and "siret" in self._fields:  # l10n_fr
            siret = self.siret
        return (siret or "").replace(" ", "")
