# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .account_payment_method import PERISCOLAIRE_METHODS


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _default_inbound_payment_methods(self):
        """Journals created after the installation (a new company, a new bank
        account) offer the régie's payment methods as well."""
        methods = super()._default_inbound_payment_methods()
        codes = [code for code, types in PERISCOLAIRE_METHODS.items() if self[:1].type in types]
        if codes:
            methods |= self.env["account.payment.method"].search(
                [("code", "in", codes), ("payment_type", "=", "inbound")]
            )
        return methods
