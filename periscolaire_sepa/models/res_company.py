# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.periscolaire_portal.rules import sepa


class ResCompany(models.Model):
    _inherit = "res.company"

    periscolaire_sepa_payment_mode_id = fields.Many2one(
        "account.payment.mode",
        string="Mode de paiement des prélèvements",
        domain="[('payment_method_id.code', '=', 'sepa_direct_debit'), ('company_id', '=', id)]",
        help="Mode « Prélèvement SEPA » (journal et compte bancaire de la régie) des ordres de "
        "prélèvement des factures du périscolaire.",
    )
    periscolaire_sepa_collection_day = fields.Integer(
        string="Jour de prélèvement",
        default=10,
        help="Jour du mois où les factures sont prélevées (ou le jour ouvré bancaire suivant), "
        "en laissant le préavis aux familles.",
    )
    periscolaire_sepa_notice_days = fields.Integer(
        string="Préavis de pré-notification (jours)",
        default=sepa.DEFAULT_NOTICE_DAYS,
        help="Nombre de jours calendaires entre l'envoi de la pré-notification (montant et date) "
        "et le prélèvement : 14 jours sauf accord contraire dans le mandat.",
    )
    periscolaire_sepa_check_mandates = fields.Boolean(
        string="Vérifier les mandats signés en ligne",
        help="Coché : un mandat signé sur le portail attend la validation du service avant le "
        "premier prélèvement. Décoché : il est valide dès sa signature.",
    )

    @api.constrains("periscolaire_sepa_collection_day", "periscolaire_sepa_notice_days")
    def _check_periscolaire_sepa_days(self):
        for company in self:
            if not 1 <= company.periscolaire_sepa_collection_day <= 28:
                raise ValidationError(
                    self.env._("Le jour de prélèvement du mois est compris entre 1 et 28.")
                )
            if company.periscolaire_sepa_notice_days < 1:
                raise ValidationError(
                    self.env._("Le préavis de pré-notification compte au moins un jour.")
                )
