# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.periscolaire_portal.rules import retention
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.texts import rule_text


class ResCompany(models.Model):
    _inherit = "res.company"

    periscolaire_retention_inactive_years = fields.Integer(
        string="Départ après (années sans réservation)",
        default=retention.DEFAULT_INACTIVE_YEARS,
    )
    periscolaire_retention_documents_years = fields.Integer(
        string="Documents gardés après l'année scolaire du départ (années scolaires)",
        default=retention.DEFAULT_DOCUMENTS_SCHOOL_YEARS,
    )
    periscolaire_retention_accounting_years = fields.Integer(
        string="Conservation des pièces comptables (années)",
        default=retention.DEFAULT_ACCOUNTING_YEARS,
    )

    @api.constrains(
        "periscolaire_retention_inactive_years",
        "periscolaire_retention_documents_years",
        "periscolaire_retention_accounting_years",
    )
    def _check_periscolaire_retention(self):
        for company in self:
            try:
                company._get_periscolaire_retention_policy()
            except RuleError as error:
                raise ValidationError(rule_text(self.env, error.message)) from None

    def _get_periscolaire_retention_policy(self):
        self.ensure_one()
        return retention.RetentionPolicy(
            inactive_years=self.periscolaire_retention_inactive_years,
            documents_school_years=self.periscolaire_retention_documents_years,
            accounting_years=self.periscolaire_retention_accounting_years,
        )
