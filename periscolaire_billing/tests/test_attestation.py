# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from .common import SCHOOL_DAYS, PeriscolaireBillingCommon

APRIL_DAYS = [date(2026, 4, 2), date(2026, 4, 3)]


@tagged("post_install", "-at_install")
class TestTaxAttestation(PeriscolaireBillingCommon):
    """DURAND in 2026: Séverine (born 12/04/2019) is 6 on 1 January 2026, too
    old; Victor (born 03/09/2021) counts. Victor's MIDI costs 10,80 € (meal
    4,50 €, care 6,30 € after the sibling discount), his MATIN 6,00 €."""

    def _march_invoice(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS[:4])  # 46,00
        self._book(self.victor, self.midi, SCHOOL_DAYS[:4])  # 43,20 of which 25,20 care
        self._book(self.victor, self.matin, SCHOOL_DAYS[:5])  # 30,00
        self.env["periscolaire.penalty"].create(
            {
                "child_id": self.victor.id,
                "product_id": self.penalty_product.id,
                "date": SCHOOL_DAYS[2],
                "quantity": 2,
                "company_id": self.company.id,
            }
        )
        invoice = self._invoice()
        self.assertEqual(invoice.amount_total, 129.2)  # 46,00 + 43,20 + 30,00 + 2 × 5,00
        return invoice

    def _generate(self, year=2026, families=None):
        return self.env["periscolaire.tax.attestation"]._generate(year, families or self.durand)

    def test_amounts_exclude_older_child_meals_and_penalties(self):
        invoice = self._march_invoice()
        self._pay(invoice.amount_total, date(2026, 4, 10), invoice)
        self.assertEqual(invoice.payment_state, "paid")

        attestation = self._generate()

        self.assertEqual(attestation.family_id, self.durand)
        self.assertEqual(attestation.partner_id, self.durand.referent_id)
        self.assertEqual(attestation.line_ids.child_id, self.victor)
        self.assertEqual(attestation.amount_total, 55.2)  # 25,20 + 30,00

    def test_payment_split_over_two_invoices(self):
        march = self._march_invoice()
        self._book(self.victor, self.midi, APRIL_DAYS)  # 21,60 of which 12,60 care
        self._book(self.severine, self.matin, APRIL_DAYS)  # 12,00
        april = self._invoice(month=date(2026, 4, 1))
        self.assertEqual(april.amount_total, 33.6)

        # one payment: all of March and half of April
        self._pay(march.amount_total + 16.8, date(2026, 5, 5), march | april)

        self.assertEqual(march.payment_state, "paid")
        self.assertEqual(april.payment_state, "partial")
        self.assertEqual(april.amount_residual, 16.8)
        attestation = self._generate()
        # March's care in full, half of April's lines: 12,60 × 16,80 / 33,60
        self.assertEqual(attestation.amount_total, 61.5)  # 55,20 + 6,30

    def test_only_payments_of_the_year_count(self):
        invoice = self._march_invoice()
        self._pay(30.0, date(2026, 12, 30), invoice)
        self._pay(invoice.amount_total - 30.0, date(2027, 1, 4), invoice)
        total = invoice.amount_total
        first = self._generate(2026)
        # 30,00 settle the invoice's lines in proportion: Victor's care share
        self.assertAlmostEqual(first.amount_total, round(30.0 * 55.2 / total, 2), places=2)
        self.assertFalse(self._generate(2025))

    def test_prepaid_cesu_is_an_aid(self):
        invoice = self._march_invoice()
        journal = self.company_data["default_journal_bank"]
        cesu = journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.code == "periscolaire_cesu"
        )
        self.assertTrue(cesu.periscolaire_is_aid)
        self._pay(invoice.amount_total, date(2026, 4, 10), invoice, method_line=cesu)
        self.assertFalse(self._generate())

    def test_credit_note_reduces_the_amount(self):
        reservations = self._book(self.victor, self.midi, SCHOOL_DAYS[:4])
        invoice = self._invoice()
        reservations[0].action_set_absent_justified()
        self._invoice()
        self.assertEqual(invoice.amount_residual, 32.4)  # 3 × 10,80
        self._pay(invoice.amount_residual, date(2026, 4, 10), invoice)
        self.assertEqual(self._generate().amount_total, 18.9)  # 3 × 6,30

    def test_no_attestation_when_zero(self):
        self._book(self.lucas, self.matin, SCHOOL_DAYS[:3])
        invoice = self._invoice()
        self._pay(invoice.amount_total, date(2026, 4, 10), invoice)
        self.assertFalse(self._generate(families=self.martin))
        # nor for an unpaid invoice
        self._march_invoice()
        self.assertFalse(self._generate())
        self.assertFalse(
            self.env["periscolaire.tax.attestation"].search(
                [("family_id", "in", (self.durand | self.martin).ids)]
            )
        )

    def test_generation_is_idempotent_and_updates_drafts(self):
        invoice = self._march_invoice()
        self._pay(20.0, date(2026, 4, 10), invoice)
        attestation = self._generate()
        self.assertFalse(self._generate())
        self._pay(invoice.amount_residual, date(2026, 6, 10), invoice)
        updated = self._generate()
        self.assertEqual(updated, attestation)
        self.assertEqual(attestation.amount_total, 55.2)
        self.assertEqual(
            self.env["periscolaire.tax.attestation"].search_count(
                [("family_id", "=", self.durand.id)]
            ),
            1,
        )

    def test_report_and_mail_in_french(self):
        invoice = self._march_invoice()
        self._pay(invoice.amount_total, date(2026, 4, 10), invoice)
        attestation = self._generate()
        html = self._attestation_html(attestation)
        for text in (
            "Attestation fiscale de frais de garde — année 2026",
            "article 200 quater B du Code général des impôts",
            "Ville de Soetrich-les-Tests",
            "Place de la Mairie, 57330 Hettange-Grande",
            "SIRET 21570323100015",
            "Parent DURAND",
            "DURAND VICTOR",
            "03/09/2021",
            "55,20 €",
        ):
            self.assertIn(text, html)
        self.assertNotIn("SÉVERINE", html)

        attestation.action_send()
        self.assertEqual(attestation.state, "sent")
        message = attestation.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(self.durand.referent_id, message.partner_ids)
        self.assertIn("attestation fiscale 2026", message.subject)
        self.assertTrue(message.attachment_ids)

    def test_wizard_generates_and_sends(self):
        invoice = self._march_invoice()
        self._pay(invoice.amount_total, date(2026, 4, 10), invoice)
        wizard = self.env["periscolaire.attestation.wizard"].create(
            {"year": 2026, "family_ids": [(6, 0, (self.durand | self.martin).ids)], "send": True}
        )
        action = wizard.action_generate()
        attestations = self.env["periscolaire.tax.attestation"].search(action["domain"])
        self.assertEqual(attestations.family_id, self.durand)
        self.assertEqual(attestations.state, "sent")
