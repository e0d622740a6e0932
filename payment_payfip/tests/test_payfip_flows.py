# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A parent pays an invoice with PayFiP: the real provider code and eopayment's real client
talk to a local PayFiP service (fake_payfip) over HTTP and SOAP."""

import json
import threading
from datetime import timedelta

import requests

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .fake_payfip import FakePayFiP


@tagged("post_install", "-at_install")
class TestPayFiPFlows(AccountTestInvoicingCommon, HttpCase):
    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakePayFiP().start()
        cls.addClassCleanup(cls.fake.stop)
        cls.company = cls.company_data["company"]
        cls.provider = cls.env["payment.provider"].create(
            {
                "name": "PayFiP",
                "code": "payfip",
                "company_id": cls.company.id,
                "state": "test",
                "is_published": True,
                "payfip_numcli": "123456",
                "payfip_object": "Facture périscolaire",
                "payfip_service_url": cls.fake.url,
                "payfip_timeout": 2,
                "redirect_form_view_id": cls.env.ref("payment_payfip.redirect_form").id,
                "payment_method_ids": [
                    Command.set(cls.env.ref("payment_payfip.payment_method_payfip").ids)
                ],
            }
        )
        cls.provider.journal_id = cls.company_data["default_journal_bank"]
        cls.parent_a = cls._portal_parent("parent_a")
        cls.parent_b = cls._portal_parent("parent_b")

    @classmethod
    def _portal_parent(cls, login):
        user = new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            email=f"{login}@example.com",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        return user

    def _invoice(self, partner, amount=100.0):
        return self.init_invoice("out_invoice", partner=partner, amounts=[amount], post=True)

    def _jsonrpc(self, route, params):
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        response = self.url_open(
            route, json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
        )
        self.env.invalidate_all()
        return response.json()

    def _start_payment(self, invoice, login, amount=None, access_token=None):
        """The parent's "Payer" with PayFiP on the invoice page; returns the JSON-RPC answer."""
        self.authenticate(login, login)
        return self._jsonrpc(
            f"/invoice/transaction/{invoice.id}",
            {
                "access_token": access_token or invoice._portal_ensure_token(),
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref("payment_payfip.payment_method_payfip").id,
                "token_id": None,
                "amount": amount if amount is not None else invoice.amount_residual,
                "flow": "redirect",
                "tokenization_requested": False,
                "landing_route": invoice.get_portal_url(),
                "is_validation": False,
            },
        )

    def _pay_start(self, invoice, login="parent_a", **kwargs):
        answer = self._start_payment(invoice, login, **kwargs)
        self.assertIn("result", answer, answer)
        tx = self.env["payment.transaction"].search([("invoice_ids", "in", invoice.ids)], limit=1)
        self.assertTrue(tx.provider_reference)
        return tx

    def _return(self, tx):
        response = self.url_open(
            "/payment/payfip/return", data={"idOp": tx.provider_reference}, allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def _notify(self, tx):
        status = self.fake.notify(tx.provider_reference)
        self.env.invalidate_all()
        return status

    def _payments(self, tx):
        return self.env["account.payment"].search([("payment_transaction_id", "=", tx.id)])

    # --- Tests --------------------------------------------------------------------------------

    def test_paid_then_notified_twice(self):
        invoice = self._invoice(self.parent_a.partner_id, 100.0)
        # Whatever amount the page sends, the residual is asked for.
        answer = self._start_payment(invoice, "parent_a", amount=1.0)
        tx = self.env["payment.transaction"].search([("invoice_ids", "in", invoice.ids)])
        self.assertEqual(tx.amount, 100.0)
        self.assertIn(
            f'name="idop" value="{tx.provider_reference}"', answer["result"]["redirect_form_html"]
        )
        self.assertIn(
            "https://www.payfip.gouv.fr/tpa/paiementws.web", answer["result"]["redirect_form_html"]
        )
        sent = self.fake.payments[tx.provider_reference]
        self.assertEqual(sent["montant"], "10000")
        self.assertEqual(sent["numcli"], "123456")
        self.assertEqual(sent["saisie"], "T")
        self.assertEqual(sent["refdet"], "".join(c for c in invoice.name if c.isalnum()))
        self.assertEqual(sent["exer"], str(invoice.invoice_date.year))
        self.assertEqual(sent["mel"], "parent_a@example.com")
        self.assertTrue(sent["urlnotif"].endswith("/payment/payfip/notify"))
        self.assertTrue(sent["urlredirect"].endswith("/payment/payfip/return"))

        self.fake.pay(tx.provider_reference)
        response = self._return(tx)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/payment/status"))
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._payments(tx)), 1)
        self.assertEqual(self._payments(tx).amount, 100.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

        self.assertEqual(self._notify(tx), 200)
        self.assertEqual(self._notify(tx), 200)
        self.assertEqual(len(self._payments(tx)), 1, "one payment, however many calls")
        self.assertEqual(invoice.amount_residual, 0.0)

    def test_return_and_notification_together(self):
        invoice = self._invoice(self.parent_a.partner_id, 42.0)
        tx = self._pay_start(invoice)
        self.fake.pay(tx.provider_reference)
        errors = []

        def call(func):
            try:
                func()
            except (OSError, requests.RequestException) as error:
                errors.append(error)

        threads = [
            threading.Thread(target=call, args=(lambda: self._return(tx),)),
            threading.Thread(target=call, args=(lambda: self.fake.notify(tx.provider_reference),)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.env.invalidate_all()
        self.assertFalse(errors)
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._payments(tx)), 1)
        self.assertEqual(invoice.amount_residual, 0.0)

    def test_refused(self):
        invoice = self._invoice(self.parent_a.partner_id, 30.0)
        tx = self._pay_start(invoice)
        self.fake.refuse(tx.provider_reference)
        self._return(tx)
        self.assertEqual(tx.state, "cancel")
        self.assertIn("Paiement refusé par votre banque", tx.state_message)
        self.assertFalse(self._payments(tx))
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(invoice.amount_residual, 30.0)

    def test_abandoned(self):
        invoice = self._invoice(self.parent_a.partner_id, 30.0)
        tx = self._pay_start(invoice)
        # Back at once: PayFiP keeps the payment open a little while (the payer may come back).
        self.fake.abandon(tx.provider_reference)
        self._return(tx)
        self.assertEqual(tx.state, "pending")
        # Later, the cron asks again and the abandon is final.
        self.fake.abandon(tx.provider_reference, minutes_ago=10)
        past = fields.Datetime.now() - timedelta(minutes=10)
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s, payfip_checked_at = %s WHERE id = %s",
            (past, past, tx.id),
        )
        tx.invalidate_recordset()
        self.env["payment.transaction"]._cron_payfip_check_pending()
        self.assertEqual(tx.state, "cancel")
        self.assertIn("Paiement abandonné", tx.state_message)
        self.assertFalse(self._payments(tx))
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_service_timeout(self):
        invoice = self._invoice(self.parent_a.partner_id, 30.0)
        self.fake.delay = 3  # the provider waits 2 s
        try:
            answer = self._start_payment(invoice, "parent_a")
        finally:
            self.fake.delay = 0
        self.assertIn("PayFiP", answer["error"]["data"]["message"])
        self.assertIn("ne répond pas", answer["error"]["data"]["message"])
        self.assertFalse(
            self.env["payment.transaction"].search([("invoice_ids", "in", invoice.ids)])
        )

        # A slow answer on the return leaves the payment pending, to be asked again.
        tx = self._pay_start(invoice)
        self.fake.pay(tx.provider_reference)
        self.fake.delay = 3
        try:
            self._return(tx)
        finally:
            self.fake.delay = 0
        self.assertEqual(tx.state, "pending")
        self.assertFalse(self._payments(tx))
        self.assertEqual(self._notify(tx), 200)
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._payments(tx)), 1)

    def test_amount_changed_meanwhile(self):
        invoice = self._invoice(self.parent_a.partner_id, 100.0)
        tx = self._pay_start(invoice)
        # Meanwhile, 40 € paid at the town hall's desk.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 40.0})._create_payments()
        self.assertEqual(invoice.amount_residual, 60.0)
        self.fake.pay(tx.provider_reference)
        self._return(tx)
        # PayFiP took the 100 € asked: all is posted, the invoice is paid and 40 € are left in
        # the family's favour for the next invoice.
        self.assertEqual(tx.state, "done")
        self.assertEqual(self._payments(tx).amount, 100.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        next_invoice = self._invoice(self.parent_a.partner_id, 50.0)
        self.assertEqual(
            sum(
                line["amount"]
                for line in next_invoice.invoice_outstanding_credits_debits_widget["content"]
            ),
            40.0,
        )
        # A new payment asks for what is left now.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=next_invoice.ids
        ).create({"amount": 20.0})._create_payments()
        second = self._pay_start(next_invoice)
        self.assertEqual(second.amount, 30.0)
        self.assertEqual(self.fake.payments[second.provider_reference]["montant"], "3000")

    def test_unusable_idop(self):
        invoice = self._invoice(self.parent_a.partner_id, 10.0)
        tx = self._pay_start(invoice)
        self.fake.pay(tx.provider_reference)
        for idop in ("12\x0034", "x" * 5000, ["12\x0034", "autre"], "1' OR '1'='1"):
            response = self.url_open(
                "/payment/payfip/return", data={"idOp": idop}, allow_redirects=False
            )
            self.assertEqual(response.status_code, 303)
            response = self.url_open("/payment/payfip/notify", data={"idOp": idop})
            self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(tx.state, "draft")

    def test_amount_differs_at_payfip(self):
        invoice = self._invoice(self.parent_a.partner_id, 100.0)
        tx = self._pay_start(invoice)
        self.fake.payments[tx.provider_reference]["montant"] = "5000"
        self.fake.pay(tx.provider_reference)
        self._return(tx)
        self.assertEqual(tx.state, "error")
        self.assertFalse(self._payments(tx))
        self.assertEqual(invoice.amount_residual, 100.0)

    def test_other_family_invoice(self):
        invoice_a = self._invoice(self.parent_a.partner_id, 100.0)
        own_b = self._invoice(self.parent_b.partner_id, 10.0)
        created = len(self.fake.calls_of("creerPaiementSecurise"))
        # Parent B, with their own invoice's token or none, on A's invoice.
        for token in (own_b._portal_ensure_token(), "x"):
            answer = self._start_payment(invoice_a, "parent_b", access_token=token)
            self.assertIn("error", answer)
        self.assertEqual(len(self.fake.calls_of("creerPaiementSecurise")), created)
        self.assertFalse(
            self.env["payment.transaction"].search([("invoice_ids", "in", invoice_a.ids)])
        )
        page = self.url_open(f"/my/invoices/{invoice_a.id}", allow_redirects=False)
        self.assertNotEqual(page.status_code, 200)
        # Two invoices at once are refused too (one PayFiP payment per debt).
        self.authenticate("parent_a", "parent_a")
        other_a = self._invoice(self.parent_a.partner_id, 5.0)
        with self.assertRaises(Exception):  # noqa: B017 - the validation error of the model
            self.env["payment.transaction"].create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.provider.payment_method_ids.id,
                    "amount": 105.0,
                    "currency_id": invoice_a.currency_id.id,
                    "partner_id": self.parent_a.partner_id.id,
                    "invoice_ids": [Command.set((invoice_a | other_a).ids)],
                }
            )
