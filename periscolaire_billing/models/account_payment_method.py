# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Inbound payment methods of the régie, by code: the journal types they go on.
PERISCOLAIRE_METHODS = {
    "periscolaire_cash": ("cash",),
    "periscolaire_cheque": ("bank",),
    "periscolaire_cesu": ("bank",),
    "periscolaire_transfer": ("bank",),
    "periscolaire_sepa_debit": ("bank",),
}
# Employers' prepaid CESU are an aid: deducted from the childcare tax credit.
AID_METHODS = {"periscolaire_cesu"}


class AccountPaymentMethod(models.Model):
    _inherit = "account.payment.method"

    @api.model
    def _get_payment_method_information(self):
        res = super()._get_payment_method_information()
        for code, journal_types in PERISCOLAIRE_METHODS.items():
            res[code] = {"mode": "multi", "type": journal_types}
        return res


class AccountPaymentMethodLine(models.Model):
    _inherit = "account.payment.method.line"

    periscolaire_is_aid = fields.Boolean(
        string="Aide déduite des attestations fiscales",
        help="Les paiements reçus par ce moyen (CESU préfinancé par un employeur, aide…) "
        "ne figurent pas dans l'attestation fiscale de frais de garde.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        methods = self.env["account.payment.method"].browse(
            {vals["payment_method_id"] for vals in vals_list if vals.get("payment_method_id")}
        )
        aid_ids = set(methods.filtered(lambda m: m.code in AID_METHODS).ids)
        for vals in vals_list:
            if vals.get("payment_method_id") in aid_ids:
                vals.setdefault("periscolaire_is_aid", True)
        return super().create(vals_list)
