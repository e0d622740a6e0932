# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from .common import MONDAY, TUESDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestNightlyProcessing(PeriscolaireCommon):
    def _snapshot(self, requests):
        lines = requests.line_ids
        return {
            "requests": [(r.id, r.state) for r in requests],
            "lines": [
                (line.id, line.state, line.waiting_rank, line.reservation_id.id) for line in lines
            ],
            "reservations": self.env["periscolaire.reservation"]
            .search([])
            .mapped(lambda r: (r.id, r.state)),
            "messages": self.env["mail.message"].search_count(
                [("model", "=", "periscolaire.request"), ("res_id", "in", requests.ids)]
            ),
            "mails": self.env["mail.mail"].search_count([]),
        }

    def test_running_twice_changes_nothing(self):
        on_time = self._submit(
            self.family_a,
            [
                (self.severine, self.activity, MONDAY),
                (self.victor, self.activity, MONDAY),
            ],
            submitted_at=self._at(8),
        )
        full = self._submit(
            self.family_b,
            [
                (self.lucas, self.activity, MONDAY),
                (self.emma, self.activity_b, TUESDAY),
            ],
            submitted_at=self._at(9),
        )
        late = self._submit(
            self.family_b,
            [(self.emma, self.activity, TUESDAY, "book", True)],
            submitted_at=self._at(7),
            exception_reason="job_start",
        )
        requests = on_time | full | late

        self.env["periscolaire.request"]._cron_process_requests()
        self.env.flush_all()
        first = self._snapshot(requests)

        self.assertEqual(set(on_time.line_ids.mapped("state")), {"validated"})
        self.assertEqual(sorted(full.line_ids.mapped("state")), ["validated", "waiting"])
        # Late lines wait for staff: their request is not processed, no mail yet.
        self.assertEqual(late.line_ids.state, "pending")
        self.assertEqual(late.state, "submitted")
        self.assertFalse(self._messages(late, "a été traitée"))
        for request in on_time | full:
            self.assertEqual(request.state, "processed")
            self.assertEqual(len(self._messages(request, "a été traitée")), 1)

        self.env["periscolaire.request"]._cron_process_requests()
        self.env.flush_all()
        self.assertEqual(self._snapshot(requests), first)

    def test_the_cron_record_runs_the_processing(self):
        request = self._submit(self.family_a, [(self.severine, self.activity, MONDAY)])
        cron = self.env.ref("periscolaire_portal.ir_cron_process_requests")
        cron.method_direct_trigger()
        self.assertEqual(request.line_ids.state, "validated")
        self.assertEqual(request.state, "processed")

    def test_one_town_calendar_per_run_with_the_closures_of_the_moment(self):
        wednesday = TUESDAY + timedelta(days=1)
        request = self._submit(
            self.family_a,
            [
                (child, activity, day)
                for child in (self.severine, self.victor)
                for activity in (self.activity, self.activity_b)
                for day in (MONDAY, TUESDAY, wednesday)
            ],
        )
        # Applied by another transaction whose search missed these lines.
        self.env["periscolaire.closure"].create(
            {
                "name": "Grève du mardi",
                "date_start": TUESDAY,
                "date_end": TUESDAY,
                "site_ids": [(6, 0, self.site_b.ids)],
                "state": "done",
            }
        )
        ClosedDay = self.registry["periscolaire.closed.day"]
        build = ClosedDay._get_town_calendar
        built = []

        def spy(closed_days, company, date_from, date_to):
            built.append((date_from, date_to))
            return build(closed_days, company, date_from, date_to)

        with patch.object(ClosedDay, "_get_town_calendar", spy):
            request.line_ids._process()
        self.assertEqual(built, [(MONDAY, wednesday)])
        closed = request.line_ids.filtered(
            lambda line: line.activity_id == self.activity_b and line.date == TUESDAY
        )
        self.assertEqual(closed.mapped("state"), ["refused", "refused"])
        self.assertIn("Grève du mardi", closed[0].refuse_reason)
        self.assertEqual(set((request.line_ids - closed).mapped("state")), {"validated"})
