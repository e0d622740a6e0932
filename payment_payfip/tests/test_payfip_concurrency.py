# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The payer's return and PayFiP's notification processed at the same moment by two workers.

Requests of an HttpCase share one test cursor, so they never really run together. Here two
threads each open their own database cursor and handle the same paid payment the way Odoo's
request loop does (a serialization failure is rolled back and tried again); the data are
committed for that, and removed at the end.
"""

import threading
import uuid

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from .fake_payfip import FakePayFiP


@tagged("post_install", "-at_install")
class TestPayFiPConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.fake = FakePayFiP().start()
        self.addCleanup(self.fake.stop)

    def _env(self, cr):
        # The registry is given, not looked up by name: the test runner holds the registries'
        # lock while the tests run, and the workers' threads would wait for it.
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _create_paid_payment(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            company = env.ref("base.main_company")
            key = uuid.uuid4().hex[:8]
            partner = env["res.partner"].create(
                {"name": f"Famille concurrente {key}", "email": "c@example.com"}
            )
            provider = env["payment.provider"].create(
                {
                    "name": f"PayFiP (test de concurrence {key})",
                    "code": "payfip",
                    "company_id": company.id,
                    "state": "test",
                    "payfip_numcli": "123456",
                    "payfip_service_url": self.fake.url,
                    "redirect_form_view_id": env.ref("payment_payfip.redirect_form").id,
                    "payment_method_ids": [
                        Command.set(env.ref("payment_payfip.payment_method_payfip").ids)
                    ],
                }
            )
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Restauration scolaire",
                                "quantity": 1,
                                "price_unit": 42.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            tx = env["payment.transaction"].create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": provider.payment_method_ids.id,
                    "amount": 42.0,
                    "operation": "online_redirect",
                    "currency_id": invoice.currency_id.id,
                    "partner_id": partner.id,
                    "invoice_ids": [Command.set(invoice.ids)],
                }
            )
            tx._get_processing_values()  # creates the payment at PayFiP (the idop)
            ids = {"partner": partner.id, "provider": provider.id, "invoice": invoice.id}
            ids["tx"] = tx.id
            idop = tx.provider_reference
        self.addCleanup(self._remove, ids)
        self.fake.pay(idop)
        return ids, idop

    def _remove(self, ids):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            tx = env["payment.transaction"].browse(ids["tx"])
            payments = tx.payment_id | env["account.payment"].search(
                [("payment_transaction_id", "=", tx.id)]
            )
            payments.action_draft()
            payments.with_context(force_delete=True).unlink()
            invoice = env["account.move"].browse(ids["invoice"])
            invoice.button_draft()
            invoice.with_context(force_delete=True).unlink()
            tx.unlink()
            env["payment.provider"].browse(ids["provider"]).state = "disabled"
            env["account.payment.method.line"].search(
                [("payment_provider_id", "=", ids["provider"])]
            ).unlink()
            env["payment.provider"].browse(ids["provider"]).unlink()
            env["res.partner"].browse(ids["partner"]).unlink()

    def test_return_and_notification_at_the_same_time(self):
        ids, idop = self._create_paid_payment()
        start = threading.Barrier(2)
        errors = []

        def worker():
            # Odoo's request loop: a serialization failure is rolled back and tried again.
            for attempt in range(5):
                try:
                    with self.registry.cursor() as cr:
                        env = self._env(cr)
                        if attempt == 0:
                            start.wait(30)
                        env["payment.transaction"]._payfip_handle_notification({"idOp": idop})
                    return
                except psycopg2.errors.SerializationFailure:
                    continue
                except Exception as error:  # pylint: disable=broad-exception-caught
                    errors.append(error)
                    return
            errors.append("still failing after 5 tries")

        threads = [threading.Thread(target=worker) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(errors, [])

        with self.registry.cursor() as cr:
            env = self._env(cr)
            tx = env["payment.transaction"].browse(ids["tx"])
            self.assertEqual(tx.state, "done")
            payments = env["account.payment"].search([("payment_transaction_id", "=", tx.id)])
            self.assertEqual(len(payments), 1)
            self.assertEqual(env["account.move"].browse(ids["invoice"]).amount_residual, 0.0)
