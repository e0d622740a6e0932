# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import format_date

from .common import MONDAY, TUESDAY, PeriscolaireCommon

WEDNESDAY = TUESDAY + timedelta(days=1)


@tagged("post_install", "-at_install")
class TestNightlyBatches(PeriscolaireCommon):
    """The nightly run settles days in committed batches, reports its
    progress, resumes after a crash without duplicates, and queues one mail
    per processed request, the mail Odoo would post one record at a time."""

    def setUp(self):
        super().setUp()
        # Only this test's requests wait for the night (not the demo's).
        self.env["periscolaire.request.line"].search([("state", "=", "pending")]).write(
            {"state": "refused"}
        )
        self.requests = [
            self._submit(
                self.family_a,
                [
                    (self.severine, self.activity_b, MONDAY),
                    (self.severine, self.activity_b, TUESDAY),
                ],
                submitted_at=self._at(8),
            ),
            self._submit(
                self.family_b, [(self.lucas, self.activity_b, MONDAY)], submitted_at=self._at(9)
            ),
            self._submit(
                self.family_b, [(self.emma, self.activity_b, WEDNESDAY)], submitted_at=self._at(10)
            ),
            self._submit(
                self.family_a,
                [(self.victor, self.activity, TUESDAY), (self.victor, self.activity, WEDNESDAY)],
                submitted_at=self._at(11),
            ),
        ]

    def _process_mails(self, request):
        return self.env["mail.mail"].search(
            [
                ("mail_message_id.model", "=", "periscolaire.request"),
                ("mail_message_id.res_id", "=", request.id),
                ("subject", "like", "a été traitée"),
            ]
        )

    def assertAllProcessedOnce(self):
        for request in self.requests:
            self.assertEqual(request.state, "processed", request.name)
            self.assertEqual(set(request.line_ids.mapped("state")), {"validated"})
            self.assertEqual(len(self._messages(request, "a été traitée")), 1, request.name)
            self.assertEqual(len(self._process_mails(request)), 1, request.name)
        for line in self.env["periscolaire.request.line"].union(
            *(r.line_ids for r in self.requests)
        ):
            confirmed = self.env["periscolaire.reservation"].search_count(
                [
                    ("child_id", "=", line.child_id.id),
                    ("activity_id", "=", line.activity_id.id),
                    ("date", "=", line.date),
                    ("state", "=", "confirmed"),
                ]
            )
            self.assertEqual(confirmed, 1, line.display_name)

    def test_days_go_in_batches_and_report_their_progress(self):
        progress = []
        IrCron = self.registry["ir.cron"]

        def notify(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))

        with patch.object(IrCron, "_notify_progress", notify):
            self.env["periscolaire.request"]._cron_process_requests(batch_size=2)
        # Monday 2 lines, Tuesday 2, Wednesday 2: a day is never split.
        self.assertEqual(progress, [(2, 4), (4, 2), (6, 0)])
        self.assertAllProcessedOnce()

    def test_a_run_stopped_halfway_resumes_without_duplicates(self):
        RequestLine = self.registry["periscolaire.request.line"]
        process = RequestLine._process
        calls = []

        def crash_on_tuesday(lines):
            calls.append(lines)
            settled = process(lines)
            if len(calls) == 2:
                raise RuntimeError("server stopped")
            return settled

        # unittest's assertRaises: Odoo's would undo the whole run in a savepoint
        with (
            patch.object(RequestLine, "_process", crash_on_tuesday),
            unittest.TestCase.assertRaises(self, RuntimeError),
        ):
            self.env["periscolaire.request"]._cron_process_requests(batch_size=2)
        # Monday's batch is kept, Tuesday's undone as a whole.
        monday = self.requests[1]
        self.assertEqual(monday.state, "processed")
        self.assertEqual(len(self._process_mails(monday)), 1)
        self.assertEqual(self.requests[0].state, "submitted")
        self.assertEqual(
            self.requests[0].line_ids.sorted("date").mapped("state"), ["validated", "pending"]
        )
        self.assertFalse(self._process_mails(self.requests[0]))
        self.assertEqual(set(self.requests[3].line_ids.mapped("state")), {"pending"})

        self.env["periscolaire.request"]._cron_process_requests(batch_size=2)
        self.assertAllProcessedOnce()

    def test_each_family_gets_one_queued_mail_per_processed_request(self):
        self.activity.capacity = 0
        self.env["periscolaire.request"]._cron_process_requests()
        for request in self.requests:
            mail = self._process_mails(request)
            self.assertEqual(len(mail), 1, request.name)
            self.assertEqual(mail.state, "outgoing", "queued for the mail cron, not sent inline")
            self.assertEqual(mail.recipient_ids, request.family_id.referent_id)
            self.assertEqual(mail.subject, f"{request.name} : votre demande a été traitée")
            for line in request.line_ids:
                self.assertIn(line.child_id.name, mail.body_html)
                self.assertIn(format_date(self.env, line.date), mail.body_html)
        victor_mail = self._process_mails(self.requests[3])
        self.assertRegex(victor_mail.body_html, r"Liste d(&#39;|')attente \(rang 1\)")
        self.assertIn("0 validée(s)", victor_mail.body_html)

    def test_the_state_change_is_tracked_once_per_request(self):
        self.env.flush_all()
        self.env.cr.precommit.run()  # the sending's transaction ends
        self.env["periscolaire.request"]._cron_process_requests()
        self.env.flush_all()
        self.env.cr.precommit.run()
        for request in self.requests:
            changes = request.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "state"
            )
            self.assertEqual(
                sorted((value.old_value_char, value.new_value_char) for value in changes),
                [("Envoyée", "Traitée")],
                request.name,
            )

    def _cancel_bookings(self, days):
        """Book Séverine on ``days`` of activity B, then send their
        cancellation for the night; return the reservations."""
        reservations = self.env["periscolaire.reservation"].union(
            *(self._book(self.severine, self.activity_b, day) for day in days)
        )
        self._submit(
            self.family_a,
            [(self.severine, self.activity_b, day, "cancel") for day in days],
            submitted_at=self._at(7),
        )
        self.env.flush_all()
        self.env.cr.precommit.run()  # the booking's transaction ends
        return reservations

    def test_a_cancelled_reservation_keeps_its_tracking_note(self):
        reservations = self._cancel_bookings([MONDAY + timedelta(days=7), TUESDAY + timedelta(7)])
        self.env["periscolaire.request"]._cron_process_requests()
        self.env.flush_all()
        self.env.cr.precommit.run()
        for reservation in reservations:
            self.assertEqual(reservation.state, "cancelled")
            notes = reservation.message_ids.filtered(lambda m: m.tracking_value_ids)
            self.assertEqual(len(notes), 1, reservation.display_name)
            self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(
                sorted(
                    (value.field_id.name, value.old_value_char, value.new_value_char)
                    for value in notes.tracking_value_ids
                ),
                [
                    ("cancel_reason", "", "Annulée par la famille"),
                    ("state", "Confirmée", "Annulée"),
                ],
            )

    def test_queries_do_not_grow_with_the_cancellations(self):
        Request = self.env["periscolaire.request"]
        Request._cron_process_requests()  # caches warmed

        def queries(weeks):
            savepoint = self.env.cr.savepoint()
            try:
                self._cancel_bookings(
                    [
                        MONDAY + timedelta(days=7 * week + day)
                        for week in range(1, weeks + 1)
                        for day in (0, 1, 3, 4)
                    ]
                )
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                Request._cron_process_requests()
                self.env.flush_all()
                self.env.cr.precommit.run()  # the tracking notes are logged
                return self.env.cr.sql_log_count - before
            finally:
                savepoint.close(rollback=True)

        queries(1)
        self.assertLessEqual(queries(4), queries(1))

    def test_the_batch_mail_is_the_mail_posted_one_record_at_a_time(self):
        request = self.requests[0]
        request.action_validate_lines()
        template = self.env.ref("periscolaire_portal.mail_template_request_processed")
        one_by_one = request.with_context(mail_notify_force_send=False).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        batch = request._message_post_template_batch(template)
        self.assertNotEqual(batch, one_by_one)
        for field in (
            "body",
            "subject",
            "message_type",
            "subtype_id",
            "author_id",
            "email_from",
            "reply_to",
            "partner_ids",
            "parent_id",
            "record_name",
            "record_company_id",
            "record_alias_domain_id",
            "email_layout_xmlid",
            "email_add_signature",
            "is_internal",
            "mail_server_id",
        ):
            self.assertEqual(batch[field], one_by_one[field], field)
        mails = {
            message: self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
            for message in (one_by_one, batch)
        }
        self.assertEqual(len(mails[batch]), 1)
        for field in (
            "subject",
            "body_html",
            "email_from",
            "reply_to",
            "recipient_ids",
            "auto_delete",
            "headers",
            "state",
            "is_notification",
        ):
            self.assertEqual(mails[batch][field], mails[one_by_one][field], field)
        self.assertEqual(
            batch.notification_ids.mapped(lambda n: (n.res_partner_id, n.notification_type)),
            one_by_one.notification_ids.mapped(lambda n: (n.res_partner_id, n.notification_type)),
        )

    def test_queries_do_not_grow_with_the_requests(self):
        Request = self.env["periscolaire.request"]
        Request._cron_process_requests()  # caches warmed
        self.activity_b.capacity = 3

        def queries(count):
            savepoint = self.env.cr.savepoint()
            try:
                for n in range(count):
                    day = MONDAY + timedelta(days=7 * (n // 5) + n % 5)
                    family, child = (
                        (self.family_a, self.severine) if n % 2 else (self.family_b, self.lucas)
                    )
                    self._submit(
                        family, [(child, self.activity_b, day)], submitted_at=self._at(12, n)
                    )
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                Request._cron_process_requests()
                self.env.flush_all()
                return self.env.cr.sql_log_count - before
            finally:
                savepoint.close(rollback=True)

        queries(3)  # what is done once per run is cached now
        self.assertLessEqual(queries(12), queries(3))
