# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# lxml is a C extension whose members pylint cannot see.
# pylint: disable=c-extension-no-member
import base64
from datetime import timedelta
from pathlib import Path

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged

from odoo.addons.periscolaire_billing.tests.common import MONTH
from odoo.addons.periscolaire_portal.rules import money, sepa
from odoo.addons.periscolaire_portal.rules.errors import RuleError

from .common import IBAN_DURAND, IBAN_MARTIN, ICS, PeriscolaireSepaCommon

PAIN_NS = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"


@tagged("post_install", "-at_install")
class TestDirectDebit(PeriscolaireSepaCommon):
    def _collection(self):
        return sepa.earliest_collection(
            fields.Date.context_today(self.env.user), self.company.periscolaire_sepa_notice_days
        )

    def _build(self, collection=None):
        return self.env["account.payment.order"]._periscolaire_build_month_order(
            MONTH, collection or self._collection()
        )

    def test_portal_mandate_rules(self):
        with self.assertRaisesRegex(RuleError, "clé de contrôle"):
            self._sign(self.durand_user, self.durand, "FR7630006000011234567890188")
        with self.assertRaisesRegex(RuleError, "zone SEPA"):
            self._sign(self.durand_user, self.durand, "US64SVBKUS6S3300958879")
        with self.assertRaisesRegex(UserError, "Cochez la case"):
            self.env["account.banking.mandate"].with_user(
                self.durand_user
            )._periscolaire_portal_sign(self.durand, "Marie DURAND", IBAN_DURAND, False)
        # A parent signs only for their own family.
        with self.assertRaises(AccessError):
            self._sign(self.martin_user, self.durand, IBAN_MARTIN)

        mandate = self._sign(self.durand_user, self.durand, "fr76 3000 6000 0112 3456 7890 189")
        self.assertEqual(mandate.state, "valid")
        self.assertTrue(mandate.unique_mandate_reference.strip("/"))
        self.assertEqual(mandate.periscolaire_family_id, self.durand)
        self.assertEqual(mandate.partner_id, self.durand.referent_id)
        self.assertEqual(mandate.partner_bank_id.sanitized_acc_number, IBAN_DURAND)
        self.assertEqual(mandate.partner_bank_id.acc_holder_name, "Marie DURAND")
        self.assertEqual(mandate.recurrent_sequence_type, "first")
        self.assertIn(ICS, mandate.periscolaire_accepted_text)
        self.assertEqual(self.durand.referent_id.valid_mandate_id, mandate)

        # Another family's parent cannot revoke it; the family's can.
        with self.assertRaises(AccessError):
            mandate.with_user(self.martin_user)._periscolaire_portal_revoke()
        self.assertEqual(mandate.state, "valid")
        mandate.with_user(self.durand_user)._periscolaire_portal_revoke()
        self.assertEqual(mandate.state, "cancel")
        self.assertTrue(mandate.periscolaire_revoked_date)

        # When the town checks online mandates first, a new one waits for them.
        self.company.periscolaire_sepa_check_mandates = True
        second = self._sign(self.durand_user, self.durand, IBAN_DURAND)
        self.assertEqual(second.state, "draft")
        self.assertFalse(self.durand.referent_id.valid_mandate_id)

    def test_staff_enter_a_paper_mandate_from_the_family(self):
        Bank = self.env["res.partner.bank"]
        partner = self.martin.referent_id
        wrong = Bank.create({"acc_number": "DE89370400440532013001", "partner_id": partner.id})
        right = Bank.create({"acc_number": IBAN_MARTIN, "partner_id": partner.id})
        context = self.martin.action_periscolaire_mandates()["context"]
        Mandate = self.env["account.banking.mandate"].with_context(**context)

        # Odoo's assertRaises (not assertRaisesRegex) rolls the refused mandate back.
        with self.assertRaises(ValidationError) as refused, Form(Mandate) as form:
            form.partner_bank_id = wrong
            form.signature_date = fields.Date.today()
        self.assertIn("clé de contrôle", str(refused.exception))
        with Form(Mandate) as form:
            form.partner_bank_id = right
            form.signature_date = fields.Date.today()
        paper = form.record
        paper.validate()
        self.assertEqual(paper.periscolaire_family_id, self.martin)
        self.assertFalse(paper.periscolaire_signed_online)
        self.assertEqual(self.martin.periscolaire_mandate_count, 1)
        self.assertEqual(self.martin._periscolaire_active_mandates(), paper)

    def test_month_order_file_and_prenotification(self):
        durand_invoice, martin_invoice = self._invoice_month()
        self._sign(self.durand_user, self.durand, IBAN_DURAND)
        # MARTIN's mandate is a paper one, entered by the staff.
        paper = self.env["account.banking.mandate"].create(
            {
                "partner_bank_id": self.env["res.partner.bank"]
                .sudo()
                .create({"acc_number": IBAN_MARTIN, "partner_id": self.martin.referent_id.id})
                .id,
                "partner_id": self.martin.referent_id.id,
                "company_id": self.company.id,
                "signature_date": fields.Date.today() - timedelta(days=30),
                "periscolaire_family_id": self.martin.id,
            }
        )
        paper.validate()

        today = fields.Date.context_today(self.env.user)
        with self.assertRaisesRegex(UserError, "prévenues 14 jours avant"):
            self._build(sepa.next_target_day(today + timedelta(days=3)))

        collection = self._collection()
        order = self._build(collection)
        self.assertEqual(
            order.payment_line_ids.move_line_id.move_id, durand_invoice | martin_invoice
        )
        self.assertEqual(order.date_scheduled, collection)
        self.assertEqual(order.payment_type, "inbound")
        for invoice in durand_invoice | martin_invoice:
            self.assertEqual(invoice.periscolaire_debit_date, collection)
            self.assertFalse(invoice._has_to_be_paid())
            self.assertEqual(
                invoice._periscolaire_debit_label(),
                f"Prélèvement le {collection.strftime('%d/%m/%Y')}",
            )
        notice = durand_invoice.message_ids.filtered(lambda m: "sera prélevée le" in m.body)
        self.assertEqual(len(notice), 1)
        self.assertIn(collection.strftime("%d/%m/%Y"), notice.body)
        self.assertIn(sepa.masked_iban(IBAN_DURAND), notice.body)
        self.assertIn(ICS, notice.body)
        # Run again: nothing more to debit this month.
        self.assertFalse(self._build(collection))

        order.draft2open()
        order.open2generated()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.payment.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(attachment), 1)
        xml = base64.b64decode(attachment.datas)
        xsd_path = Path(get_module_path("account_banking_sepa_direct_debit")) / (
            "data/pain.008.001.02.xsd"
        )
        schema = etree.XMLSchema(etree.parse(str(xsd_path)))
        document = etree.fromstring(xml)
        schema.assertValid(document)
        ns = {"p": PAIN_NS}
        self.assertEqual(
            document.findtext(".//p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=ns), ICS
        )
        self.assertEqual(
            document.findtext(".//p:PmtInf/p:ReqdColltnDt", namespaces=ns), str(collection)
        )
        debtors = {
            tx.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=ns): tx
            for tx in document.iterfind(".//p:DrctDbtTxInf", namespaces=ns)
        }
        self.assertEqual(set(debtors), {IBAN_DURAND, IBAN_MARTIN})
        self.assertEqual(
            float(debtors[IBAN_DURAND].findtext("p:InstdAmt", namespaces=ns)),
            durand_invoice.amount_total,
        )
        self.assertEqual(document.findtext(".//p:PmtTpInf/p:SeqTp", namespaces=ns), "FRST")

        order.generated2uploaded()
        self.assertIn(durand_invoice.payment_state, ("in_payment", "paid"))
        self.assertEqual(durand_invoice.amount_residual, 0.0)

        # DURAND's bank sends the debit back: the invoice is open again, the family is told.
        payment_line = order.payment_ids.filtered(
            lambda p: p.partner_id == self.durand.referent_id
        ).move_id.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        payment_return = self.env["payment.return"].create(
            {
                "journal_id": self.journal.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "partner_id": self.durand.referent_id.id,
                            "move_line_ids": [(6, 0, payment_line.ids)],
                            "amount": durand_invoice.amount_total,
                        },
                    )
                ],
            }
        )
        payment_return.action_confirm()
        self.assertEqual(durand_invoice.payment_state, "not_paid")
        self.assertEqual(durand_invoice.amount_residual, durand_invoice.amount_total)
        self.assertFalse(durand_invoice.periscolaire_debit_date)
        self.assertTrue(durand_invoice._has_to_be_paid())
        rejected = durand_invoice.message_ids.filtered(
            lambda m: "a rejeté le prélèvement" in m.body
        )
        self.assertEqual(len(rejected), 1)
        self.assertIn(collection.strftime("%d/%m/%Y"), rejected.body)
        self.assertIn("reste donc à payer", rejected.body)
        self.assertIn(
            money.format_eur(money.to_decimal(durand_invoice.amount_total)), rejected.body
        )
        self.assertIn(martin_invoice.payment_state, ("in_payment", "paid"))

    def test_revoked_mandate_leaves_the_draft_order(self):
        durand_invoice, _martin_invoice = self._invoice_month()
        mandate = self._sign(self.durand_user, self.durand, IBAN_DURAND)
        order = self._build()
        self.assertEqual(order.payment_line_ids.move_line_id.move_id, durand_invoice)
        mandate.with_user(self.durand_user)._periscolaire_portal_revoke()
        self.assertFalse(order.payment_line_ids)
        self.assertFalse(durand_invoice.periscolaire_debit_date)
        self.assertTrue(durand_invoice._has_to_be_paid())
