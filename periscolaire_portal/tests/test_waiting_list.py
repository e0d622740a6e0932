# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MONDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestWaitingListPromotion(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity.capacity = 1

    def setUp(self):
        super().setUp()
        # Séverine holds the only place; Lucas then Emma wait, in arrival order.
        self.holder = self._submit(
            self.family_a,
            [(self.severine, self.activity, MONDAY)],
            submitted_at=self._at(8),
        )
        self.first = self._submit(
            self.family_b,
            [(self.lucas, self.activity, MONDAY)],
            submitted_at=self._at(9),
        )
        self.second = self._submit(
            self.family_b,
            [(self.emma, self.activity, MONDAY)],
            submitted_at=self._at(10),
        )
        (self.holder | self.first | self.second).action_validate_lines()
        self.assertEqual(self.first.line_ids.waiting_rank, 1)
        self.assertEqual(self.second.line_ids.waiting_rank, 2)

    def test_staff_cancellation_promotes_the_first_waiting(self):
        self.holder.line_ids.reservation_id.action_cancel()

        line = self.first.line_ids
        self.assertEqual(line.state, "validated")
        self.assertEqual(line.waiting_rank, 0)
        self.assertEqual(line.reservation_id.child_id, self.lucas)
        self.assertEqual(line.reservation_id.state, "confirmed")
        self.assertEqual(self.second.line_ids.state, "waiting")
        self.assertEqual(self.second.line_ids.waiting_rank, 1)
        promotion = self._messages(self.first, "place s'est libérée")
        self.assertEqual(len(promotion), 1)
        self.assertIn(self.user_b.partner_id, promotion.notification_ids.res_partner_id)
        self.assertFalse(self._messages(self.second, "place s'est libérée"))

    def test_family_cancellation_request_promotes_the_first_waiting(self):
        cancel = self._submit(
            self.family_a,
            [(self.severine, self.activity, MONDAY, "cancel")],
            submitted_at=self._at(12),
        )
        self.env["periscolaire.request"]._cron_process_requests()

        self.assertEqual(cancel.line_ids.state, "validated")
        self.assertEqual(self.holder.line_ids.reservation_id.state, "cancelled")
        self.assertEqual(self.first.line_ids.state, "validated")
        self.assertEqual(self.first.line_ids.reservation_id.child_id, self.lucas)
        self.assertEqual(len(self._messages(self.first, "place s'est libérée")), 1)
        confirmed = self.env["periscolaire.reservation"].search(
            [
                ("activity_id", "=", self.activity.id),
                ("date", "=", MONDAY),
                ("state", "=", "confirmed"),
            ]
        )
        self.assertEqual(confirmed.child_id, self.lucas)

    def test_leaving_the_waiting_list_renumbers_it(self):
        leave = self._submit(
            self.family_b,
            [(self.lucas, self.activity, MONDAY, "cancel")],
            submitted_at=self._at(12),
        )
        leave.action_validate_lines()
        self.assertEqual(self.first.line_ids.state, "refused")
        self.assertEqual(self.second.line_ids.waiting_rank, 1)
        self.assertEqual(self.holder.line_ids.reservation_id.state, "confirmed")

    def test_closure_does_not_promote(self):
        closure = self.env["periscolaire.closure"].create(
            {
                "name": "Grève",
                "date_start": MONDAY,
                "date_end": MONDAY,
                "site_ids": [(6, 0, self.site_a.ids)],
            }
        )
        closure.action_apply()
        self.assertEqual(self.holder.line_ids.reservation_id.cancel_reason, "town_closure")
        for request in self.first | self.second:
            self.assertEqual(request.line_ids.state, "refused")
            self.assertFalse(request.line_ids.reservation_id)
