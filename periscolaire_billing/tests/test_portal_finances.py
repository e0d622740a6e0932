# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.addons.periscolaire_portal.rules.money import format_eur, to_decimal
from odoo.addons.periscolaire_portal.tests.axe import AxeMixin

from .common import SCHOOL_DAYS, PeriscolaireBillingCommon


@tagged("post_install", "-at_install")
class TestFinancePortal(AxeMixin, PeriscolaireBillingCommon, AccountTestInvoicingHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.petit = cls._create_family("PETIT", qf=450)
        cls.ines = cls._create_child(cls.petit, "Inès", date(2022, 2, 1))
        cls.durand_user = cls._portal_user("durand.portal", cls.durand.referent_id)
        cls.petit_user = cls._portal_user("petit.portal", cls.petit.referent_id)

    def _bill_and_attest(self):
        self._book(self.victor, self.midi, SCHOOL_DAYS[:2])
        self._book(self.ines, self.matin, SCHOOL_DAYS[:3])
        moves = self._invoice()
        durand_invoice = moves.filtered(lambda m: m.periscolaire_family_id == self.durand)
        petit_invoice = moves - durand_invoice
        self._pay(durand_invoice.amount_total, date(2026, 4, 10), durand_invoice)
        self._pay(petit_invoice.amount_total / 2, date(2026, 4, 10), petit_invoice)
        attestations = self.env["periscolaire.tax.attestation"]._generate(2026)
        return durand_invoice, petit_invoice, attestations

    def test_records_of_another_family_are_not_readable(self):
        durand_invoice, petit_invoice, attestations = self._bill_and_attest()
        durand_attestation = attestations.filtered(lambda a: a.family_id == self.durand)
        petit_attestation = attestations - durand_attestation
        self.assertTrue(durand_attestation and petit_attestation)

        env = self.env(user=self.durand_user)
        moves = env["account.move"].search([("move_type", "in", ("out_invoice", "out_refund"))])
        self.assertEqual(moves, durand_invoice)
        self.assertEqual(env["periscolaire.tax.attestation"].search([]), durand_attestation)
        self.assertEqual(
            env["periscolaire.tax.attestation.line"].search([]), durand_attestation.line_ids
        )
        with self.assertRaises(AccessError):
            petit_attestation.with_env(env).read(["amount_total"])
        with self.assertRaises(AccessError):
            petit_invoice.with_env(env).read(["amount_total"])

    def test_finances_page_shows_only_own_documents(self):
        durand_invoice, petit_invoice, attestations = self._bill_and_attest()
        petit_attestation = attestations.filtered(lambda a: a.family_id == self.petit)
        durand_attestation = attestations - petit_attestation
        self.authenticate("petit.portal", "petit.portal")

        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn("/my/finances", home.text)
        due = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["periscolaire_amount_due_label"]}
        )
        self.assertEqual(
            due["periscolaire_amount_due_label"],
            f"— reste à payer : {format_eur(to_decimal(petit_invoice.amount_residual))}",
        )

        page = self.url_open("/my/finances")
        self.assertEqual(page.status_code, 200)
        self.assertIn(petit_invoice.name, page.text)
        self.assertNotIn(durand_invoice.name, page.text)
        self.assertIn("Reste à payer", page.text)
        self.assertIn(petit_invoice.get_portal_url(), page.text)
        self.assertIn(f"/my/finances/attestation/{petit_attestation.id}", page.text)
        self.assertNotIn(f"/my/finances/attestation/{durand_attestation.id}", page.text)

        own = self.url_open(f"/my/finances/attestation/{petit_attestation.id}")
        self.assertEqual(own.status_code, 200)
        other = self.url_open(f"/my/finances/attestation/{durand_attestation.id}")
        self.assertEqual(other.status_code, 404)
        other_invoice = self.url_open(f"/my/invoices/{durand_invoice.id}", allow_redirects=False)
        self.assertNotEqual(other_invoice.status_code, 200)
        own_invoice = self.url_open(f"/my/invoices/{petit_invoice.id}", allow_redirects=False)
        self.assertEqual(own_invoice.status_code, 200)

    def test_malformed_parameters_are_refused_without_error(self):
        durand_invoice, petit_invoice, attestations = self._bill_and_attest()
        petit_attestation = attestations.filtered(lambda a: a.family_id == self.petit)
        durand_attestation = attestations - petit_attestation
        petit_attestation._portal_ensure_token()
        self.authenticate("petit.portal", "petit.portal")
        with self.assertNoLogs(level="ERROR"):
            for query in ("sortby=x", "filterby=x", "date_begin=x&date_end=y", "sortby=%00"):
                response = self.url_open(f"/my/invoices?{query}")
                self.assertEqual(response.status_code, 200, query)
                self.assertIn(petit_invoice.name, response.text, query)
                self.assertNotIn(durand_invoice.name, response.text, query)
            for token in ("%C3%A9" * 20, "%00", "x" * 500):
                response = self.url_open(
                    f"/my/finances/attestation/{durand_attestation.id}?access_token={token}"
                )
                self.assertEqual(response.status_code, 404)
                response = self.url_open(
                    f"/my/invoices/{durand_invoice.id}?access_token={token}", allow_redirects=False
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertLess(response.status_code, 500)
            for url in (
                f"/report/pdf/periscolaire_billing.report_tax_attestation/{durand_attestation.id}",
                f"/report/html/periscolaire_billing.report_tax_attestation/{durand_attestation.id}",
            ):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 403, url)
                self.assertNotIn("DURAND", response.text, url)
        self.assertEqual(
            self.url_open(f"/my/finances/attestation/{petit_attestation.id}").status_code, 200
        )

    def test_finances_page_passes_axe(self):
        """A half-paid invoice, the balance to pay and an attestation, on a phone and a desktop
        screen (the demo family's page is checked with the other portal pages)."""
        self._bill_and_attest()
        self.assertNoAxeViolations("petit.portal", ["/my/finances"])
