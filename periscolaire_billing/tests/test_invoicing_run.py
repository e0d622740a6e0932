# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from ..models.periscolaire_monthly_invoicing import PeriscolaireMonthlyInvoicing
from ..wizards import periscolaire_invoicing_wizard
from .common import MONTH, SCHOOL_DAYS, PeriscolaireBillingCommon


@tagged("post_install", "-at_install")
class TestInvoicingRun(PeriscolaireBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reservations = (
            cls._book(cls.severine, cls.midi, SCHOOL_DAYS[:3])
            | cls._book(cls.lucas, cls.matin, SCHOOL_DAYS[:2])
            | cls._book(cls.hugo, cls.midi, SCHOOL_DAYS[:1])
        )
        cls.families = cls.durand | cls.martin | cls.muller

    def _run(self, month=MONTH, **values):
        return self.env["periscolaire.invoicing.run"].create({"month": month, **values})

    def _cron_progress(self):
        cron = self.env.ref("periscolaire_billing.ir_cron_invoicing_runs")
        return self.env["ir.cron.progress"].create({"cron_id": cron.id})

    def _invoices_by_family(self):
        moves = self.env["account.move"].search(
            [("periscolaire_family_id", "in", self.families.ids), ("move_type", "=", "out_invoice")]
        )
        return {
            family: moves.filtered(lambda m, f=family: m.periscolaire_family_id == f)
            for family in self.families
        }

    def test_batches_report_their_progress(self):
        run = self._run()
        progress = self._cron_progress()

        run.with_context(ir_cron_progress_id=progress.id)._process(batch_size=2)

        self.assertEqual(run.state, "done")
        self.assertEqual((run.family_count, run.family_done_count), (3, 3))
        self.assertEqual(run.progress, 100.0)
        self.assertEqual(run.done_family_ids, self.families)
        self.assertEqual((progress.done, progress.remaining), (3, 0))
        self.assertEqual(run.invoice_count, 3)
        self.assertEqual(run.move_ids.periscolaire_family_id, self.families)
        self.assertTrue(all(move.state == "posted" for move in run.move_ids))
        for reservation in self.reservations:
            self.assertIn(reservation.invoice_line_id, run.move_ids.invoice_line_ids)

    def test_a_run_stopped_halfway_resumes_without_duplicates(self):
        run = self._run()
        original = PeriscolaireMonthlyInvoicing._invoice_families
        calls = []

        def crash_on_second_batch(invoicing, month, families):
            calls.append(families)
            if len(calls) == 2:
                raise RuntimeError("server stopped")
            return original(invoicing, month, families)

        # Not assertRaises, which would roll back the batches done before the crash.
        stopped = False
        with patch.object(PeriscolaireMonthlyInvoicing, "_invoice_families", crash_on_second_batch):
            try:
                run._process(batch_size=1)
            except RuntimeError:
                stopped = True
        self.assertTrue(stopped)

        # The first batch stays done, the second left nothing behind.
        self.assertEqual(run.state, "running")
        self.assertEqual(run.family_done_count, 1)
        self.assertEqual(run.done_family_ids, calls[0])
        self.assertEqual(len(run.move_ids), 1)
        invoiced = {f for f, moves in self._invoices_by_family().items() if moves}
        self.assertEqual(invoiced, set(calls[0]))
        self.assertAlmostEqual(run.progress, 100 / 3)

        run._process(batch_size=1)

        self.assertEqual(run.state, "done")
        self.assertEqual(run.family_done_count, 3)
        for family, moves in self._invoices_by_family().items():
            self.assertEqual(len(moves), 1, family.name)
        self.assertEqual(len(run.move_ids), 3)
        # a new run of the same month finds everything billed
        again = self._run()
        again._process()
        self.assertEqual(again.state, "done")
        self.assertFalse(again.move_ids)

    def test_scheduled_action_invoices_the_previous_month_once(self):
        today = fields.Date.context_today(self.env.user)
        previous = today.replace(day=1) - timedelta(days=1)
        self._book(self.victor, self.matin, [previous.replace(day=2)])
        invoicing = self.env["periscolaire.monthly.invoicing"]

        invoicing._cron_invoice_previous_month()

        run = self.env["periscolaire.invoicing.run"].search(
            [("company_id", "=", self.company.id), ("month", "=", previous.replace(day=1))]
        )
        self.assertEqual(run.state, "done")
        self.assertEqual(run.move_ids.periscolaire_family_id, self.durand)
        self.assertEqual(run.move_ids.periscolaire_month, previous.replace(day=1))
        moves = self.env["account.move"].search_count([])

        invoicing._cron_invoice_previous_month()

        self.assertEqual(self.env["account.move"].search_count([]), moves)

    def test_wizard_queues_a_large_month_and_shows_its_progress(self):
        wizard = self.env["periscolaire.invoicing.wizard"].create({"month": MONTH})
        with patch.object(periscolaire_invoicing_wizard, "BATCH_SIZE", 2):
            action = wizard.action_invoice()

        run = self.env["periscolaire.invoicing.run"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "periscolaire.invoicing.run")
        self.assertEqual((run.state, run.family_count, run.family_done_count), ("running", 3, 0))
        self.assertFalse(run.move_ids)
        cron = self.env.ref("periscolaire_billing.ir_cron_invoicing_runs")
        self.assertTrue(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]))
        self.assertIn(run, self.env["periscolaire.invoicing.wizard"].create({}).run_ids)

        self.env["periscolaire.invoicing.run"]._cron_process()

        self.assertEqual(run.state, "done")
        self.assertEqual(run.invoice_count, 3)
        self.assertNotIn(run, self.env["periscolaire.invoicing.wizard"].create({}).run_ids)
