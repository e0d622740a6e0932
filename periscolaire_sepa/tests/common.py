# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.periscolaire_billing.tests.common import SCHOOL_DAYS, PeriscolaireBillingCommon

# Published example IBANs with valid check digits.
IBAN_DURAND = "FR7630006000011234567890189"
IBAN_MARTIN = "DE89370400440532013000"
IBAN_TOWN = "FR643000100571C571000000000"
ICS = "FR08ZZZ570323"


class PeriscolaireSepaCommon(PeriscolaireBillingCommon):
    """The billing test town, set up for direct debit: ICS, the régie's bank account on its bank
    journal, a SEPA direct-debit payment mode; DURAND and MARTIN have portal users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company_data["default_journal_bank"]
        sdd = cls.env.ref("account_banking_sepa_direct_debit.sepa_direct_debit")
        cls.journal.bank_account_id = (
            cls.env["res.partner.bank"]
            .sudo()
            .create(
                {
                    "acc_number": IBAN_TOWN,
                    "partner_id": cls.company.partner_id.id,
                    "company_id": cls.company.id,
                }
            )
        )
        if sdd not in cls.journal.inbound_payment_method_line_ids.payment_method_id:
            cls.journal.inbound_payment_method_line_ids = [(0, 0, {"payment_method_id": sdd.id})]
        cls.payment_mode = cls.env["account.payment.mode"].create(
            {
                "name": "Prélèvement SEPA du périscolaire",
                "company_id": cls.company.id,
                "payment_method_id": sdd.id,
                "bank_account_link": "fixed",
                "fixed_journal_id": cls.journal.id,
            }
        )
        cls.company.write(
            {
                "sepa_creditor_identifier": ICS,
                "periscolaire_sepa_payment_mode_id": cls.payment_mode.id,
            }
        )
        cls.durand_user = cls._portal_user("durand.sepa", cls.durand.referent_id)
        cls.martin_user = cls._portal_user("martin.sepa", cls.martin.referent_id)

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "account_payment_order.group_account_payment"
        )

    def _sign(self, user, family, iban, holder="Marie DURAND"):
        Mandate = self.env["account.banking.mandate"].with_user(user)
        return Mandate._periscolaire_portal_sign(family.with_user(user), holder, iban, True)

    def _invoice_month(self):
        """March invoices of DURAND (Victor, 2 lunches) and MARTIN (Lucas, 3 mornings)."""
        self._book(self.victor, self.midi, SCHOOL_DAYS[:2])
        self._book(self.lucas, self.matin, SCHOOL_DAYS[:3])
        moves = self._invoice()
        durand = moves.filtered(lambda m: m.periscolaire_family_id == self.durand)
        return durand, moves - durand
