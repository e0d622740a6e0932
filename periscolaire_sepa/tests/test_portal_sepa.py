# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from odoo.addons.periscolaire_billing.tests.common import MONTH
from odoo.addons.periscolaire_portal.rules import sepa
from odoo.addons.periscolaire_portal.tests.axe import AxeMixin, AxePage

from .common import IBAN_DURAND, PeriscolaireSepaCommon


@tagged("post_install", "-at_install")
class TestSepaPortal(AxeMixin, PeriscolaireSepaCommon, HttpCase):
    def _post(self, url, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data)

    def test_sign_on_the_portal_then_see_the_debit_date(self):
        self.authenticate("durand.sepa", "durand.sepa")
        finances = self.url_open("/my/finances")
        self.assertIn("/my/finances/prelevement", finances.text)
        page = self.url_open("/my/finances/prelevement")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Signer un mandat de prélèvement SEPA", page.text)
        self.assertIn("FR08ZZZ570323", page.text)

        refused = self._post(
            "/my/finances/prelevement/signer",
            holder="Marie DURAND",
            iban="FR76 3000 6000 0112 3456 7890 188",
            accept="on",
        )
        self.assertEqual(refused.status_code, 200)
        self.assertIn("Cet IBAN est erroné", refused.text)
        self.assertIn('value="FR76 3000 6000 0112 3456 7890 188"', refused.text)
        self.assertFalse(self.durand._periscolaire_active_mandates())

        signed = self._post(
            "/my/finances/prelevement/signer",
            holder="Marie DURAND",
            iban="FR76 3000 6000 0112 3456 7890 189",
            accept="on",
        )
        self.assertEqual(signed.status_code, 200)
        mandate = self.durand._periscolaire_active_mandates()
        self.assertEqual(mandate.state, "valid")
        self.assertIn("Mandat signé", signed.text)
        self.assertIn(mandate.unique_mandate_reference, signed.text)
        self.assertIn(sepa.masked_iban(IBAN_DURAND), signed.text)
        self.assertNotIn(IBAN_DURAND, signed.text)

        durand_invoice, _martin = self._invoice_month()
        finances = self.url_open("/my/finances")
        self.assertIn(f"Payer {durand_invoice.name}", finances.text)
        # The "Payer" buttons' loop does not make the breadcrumbs show an invoice page.
        breadcrumbs = re.search(r'<ol class="o_portal_submenu.*?</ol>', finances.text, re.S)
        self.assertNotIn(durand_invoice.name, breadcrumbs.group(0))
        collection = sepa.earliest_collection(fields.Date.today())
        self.env["account.payment.order"]._periscolaire_build_month_order(MONTH, collection)
        label = f"Prélèvement le {collection.strftime('%d/%m/%Y')}"
        finances = self.url_open("/my/finances")
        self.assertIn(label, finances.text)
        self.assertNotIn(f"Payer {durand_invoice.name}", finances.text)
        invoice_page = self.url_open(durand_invoice.get_portal_url())
        self.assertEqual(invoice_page.status_code, 200)
        self.assertIn(label, invoice_page.text)
        self.assertNotIn('data-bs-target="#pay_with"', invoice_page.text)

    def test_other_family_cannot_revoke(self):
        mandate = self._sign(self.durand_user, self.durand, IBAN_DURAND)
        self.authenticate("martin.sepa", "martin.sepa")
        answer = self._post("/my/finances/prelevement/revoquer", mandate_id=str(mandate.id))
        self.assertEqual(answer.status_code, 404)
        self.assertEqual(mandate.state, "valid")
        page = self.url_open("/my/finances/prelevement")
        self.assertNotIn(mandate.unique_mandate_reference, page.text)

        self.authenticate("durand.sepa", "durand.sepa")
        self._post("/my/finances/prelevement/revoquer", mandate_id=str(mandate.id))
        mandate.invalidate_recordset()
        self.assertEqual(mandate.state, "cancel")

    def test_pages_pass_axe(self):
        """The mandate form and an invoice without debit (its history empty), then the signed
        mandate, the Finances page and the invoice page showing the debit date with the
        pre-notification in its history, on a phone and a desktop screen. Invoice pages are
        checked once their chatter has loaded (leaving while it loads fails its fetch)."""
        self._sign(self.durand_user, self.durand, IBAN_DURAND)
        durand_invoice, martin_invoice = self._invoice_month()
        self.env["account.payment.order"]._periscolaire_build_month_order(
            MONTH, sepa.earliest_collection(fields.Date.today())
        )
        self.assertNoAxeViolations(
            "martin.sepa",
            [
                "/my/finances/prelevement",
                AxePage(martin_invoice.get_portal_url(), ready=".o-mail-Thread-empty span"),
            ],
        )
        self.assertNoAxeViolations(
            "durand.sepa",
            [
                "/my/finances/prelevement",
                "/my/finances",
                AxePage(durand_invoice.get_portal_url(), ready=".o-mail-Message"),
            ],
        )
