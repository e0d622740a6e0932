# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import new_test_user, tagged

from .common import MONDAY, TUESDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestValidation(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_c = new_test_user(
            cls.env,
            login="parent_c",
            groups="base.group_portal",
            name="Nadia PETIT",
            email="nadia.petit@example.com",
        )
        cls.family_c = cls._create_family("PETIT", cls.user_c.partner_id, ["Inès"])
        cls.ines = cls.family_c.child_ids

    def test_places_go_by_arrival_order_then_waiting_list(self):
        # Created (and numbered) in the order A, B, C, but C arrived first and
        # B last: two places, so C and A get them, B waits.
        request_a = self._submit(
            self.family_a,
            [(self.severine, self.activity, MONDAY)],
            submitted_at=self._at(9),
        )
        request_b = self._submit(
            self.family_b,
            [(self.lucas, self.activity, MONDAY)],
            submitted_at=self._at(10),
        )
        request_c = self._submit(
            self.family_c,
            [(self.ines, self.activity, MONDAY)],
            submitted_at=self._at(8),
        )
        (request_b | request_a | request_c).action_validate_lines()

        self.assertEqual(request_c.line_ids.state, "validated")
        self.assertEqual(request_a.line_ids.state, "validated")
        self.assertEqual(request_b.line_ids.state, "waiting")
        self.assertEqual(request_b.line_ids.waiting_rank, 1)
        reservations = self.env["periscolaire.reservation"].search(
            [
                ("activity_id", "=", self.activity.id),
                ("date", "=", MONDAY),
                ("state", "=", "confirmed"),
            ]
        )
        self.assertEqual(reservations.child_id, self.ines | self.severine)
        self.assertEqual(request_a.line_ids.reservation_id.child_id, self.severine)
        self.assertFalse(request_b.line_ids.reservation_id)
        self.assertEqual(self.activity._get_free_places(MONDAY), 0)
        # Every request is settled: processed, one mail each.
        for request in request_a | request_b | request_c:
            self.assertEqual(request.state, "processed")
            self.assertEqual(len(self._messages(request, "a été traitée")), 1)

    def test_waiting_ranks_follow_arrival(self):
        self._book(self.victor, self.activity, MONDAY)
        self._book(self.emma, self.activity, MONDAY)
        late_comer = self._submit(
            self.family_a,
            [(self.severine, self.activity, MONDAY)],
            submitted_at=self._at(11),
        )
        early = self._submit(
            self.family_b,
            [(self.lucas, self.activity, MONDAY)],
            submitted_at=self._at(9),
        )
        (late_comer | early).action_validate_lines()
        self.assertEqual(early.line_ids.waiting_rank, 1)
        self.assertEqual(late_comer.line_ids.waiting_rank, 2)

    def test_activity_without_waiting_list_refuses_when_full(self):
        first = self._submit(
            self.family_a,
            [(self.severine, self.activity_no_list, MONDAY)],
            submitted_at=self._at(8),
        )
        second = self._submit(
            self.family_b,
            [(self.lucas, self.activity_no_list, MONDAY)],
            submitted_at=self._at(9),
        )
        (first | second).action_validate_lines()
        self.assertEqual(first.line_ids.state, "validated")
        self.assertEqual(second.line_ids.state, "refused")
        self.assertEqual(second.line_ids.refuse_reason, "Complet")

    def test_day_without_activity_is_refused_with_its_reason(self):
        saturday = date(2030, 3, 16)
        good_friday = date(2030, 4, 19)  # public holiday in Moselle only
        request = self._submit(
            self.family_a,
            [
                (self.severine, self.activity, saturday),
                (self.severine, self.activity, good_friday),
            ],
        )
        request.action_validate_lines()
        by_day = {line.date: line for line in request.line_ids}
        self.assertEqual(by_day[saturday].state, "refused")
        self.assertIn("Pas d'activité", by_day[saturday].refuse_reason)
        self.assertEqual(by_day[good_friday].state, "refused")
        self.assertIn("Jour férié", by_day[good_friday].refuse_reason)
        self.assertFalse(request.line_ids.reservation_id)

    def test_cancellation_goes_through_on_a_closed_day(self):
        good_friday = date(2030, 4, 19)
        reservation = self._book(self.severine, self.activity, good_friday)
        request = self._submit(
            self.family_a, [(self.severine, self.activity, good_friday, "cancel")]
        )
        request.action_validate_lines()
        self.assertEqual(request.line_ids.state, "validated")
        self.assertEqual(reservation.state, "cancelled")

    def test_cancellation_line_cancels_the_reservation(self):
        reservation = self._book(self.severine, self.activity, TUESDAY)
        request = self._submit(self.family_a, [(self.severine, self.activity, TUESDAY, "cancel")])
        request.action_validate_lines()
        self.assertEqual(request.line_ids.state, "validated")
        self.assertEqual(reservation.state, "cancelled")
        self.assertEqual(reservation.cancel_reason, "family")

    def test_staff_booking_wizard_books_open_days_by_places(self):
        wizard = self.env["periscolaire.booking.wizard"].create(
            {
                "child_ids": [(6, 0, self.family_a.child_ids.ids)],
                "activity_id": self.activity.id,
                "date_from": MONDAY,
                "date_to": MONDAY.replace(day=18),
            }
        )
        wizard.write({"wed": False})
        action = wizard.action_confirm()
        request = self.env["periscolaire.request"].browse(action["res_id"])
        # Monday 11 to Monday 18 without Wednesday and the weekend: 5 days x 2 children.
        self.assertEqual(len(request.line_ids), 10)
        self.assertEqual(set(request.line_ids.mapped("state")), {"validated"})
        self.assertEqual(request.state, "processed")
        self.assertTrue(request.name.startswith("Commande #"))
