# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MONDAY, TUESDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestClosure(PeriscolaireCommon):
    def _strike(self, **values):
        return self.env["periscolaire.closure"].create(
            {
                "name": "Grève du lundi",
                "reason": "strike",
                "date_start": MONDAY,
                "date_end": MONDAY,
                **values,
            }
        )

    def test_closing_a_site_cancels_its_bookings_and_mails_the_families(self):
        closed_a = self._book(self.severine, self.activity, MONDAY)
        closed_b = self._book(self.lucas, self.activity, MONDAY)
        other_day = self._book(self.severine, self.activity, TUESDAY)
        other_site = self._book(self.victor, self.activity_b, MONDAY)
        pending = self._submit(self.family_a, [(self.victor, self.activity, MONDAY)])

        closure = self._strike(site_ids=[(6, 0, self.site_a.ids)])
        closure.action_apply()

        self.assertEqual(closure.state, "done")
        for reservation in closed_a | closed_b:
            self.assertEqual(reservation.state, "cancelled")
            self.assertEqual(reservation.cancel_reason, "town_closure")
            self.assertEqual(reservation.closure_id, closure)
        self.assertEqual(closure.reservation_count, 2)
        self.assertEqual((other_day | other_site).mapped("state"), ["confirmed", "confirmed"])
        self.assertEqual(pending.line_ids.state, "refused")
        self.assertIn("Grève du lundi", pending.line_ids.refuse_reason)

        # One mail per family concerned, listing its own bookings only.
        mail_a = self._messages(self.family_a, "fermeture décidée par la ville")
        mail_b = self._messages(self.family_b, "fermeture décidée par la ville")
        self.assertEqual(len(mail_a), 1)
        self.assertEqual(len(mail_b), 1)
        self.assertIn(self.user_a.partner_id, mail_a.notification_ids.res_partner_id)
        self.assertIn("DURAND SÉVERINE", mail_a.body)
        self.assertNotIn("MARTIN LUCAS", mail_a.body)
        self.assertIn("MARTIN LUCAS", mail_b.body)
        self.assertNotIn("DURAND VICTOR", mail_a.body)

        # The day is now closed for this site.
        self.assertNotIn(MONDAY, self.activity._get_open_days(MONDAY, TUESDAY))
        self.assertIn(MONDAY, self.activity_b._get_open_days(MONDAY, TUESDAY))
        late_request = self._submit(self.family_b, [(self.emma, self.activity, MONDAY)])
        late_request.action_validate_lines()
        self.assertEqual(late_request.line_ids.state, "refused")
        self.assertIn("Fermeture", late_request.line_ids.refuse_reason)

    def test_closing_one_activity_leaves_the_others(self):
        gouter = self._book(self.severine, self.activity, MONDAY)
        other = self._book(self.victor, self.activity_no_list, MONDAY)
        self._strike(activity_ids=[(6, 0, self.activity.ids)]).action_apply()
        self.assertEqual(gouter.cancel_reason, "town_closure")
        self.assertEqual(other.state, "confirmed")
        self.assertFalse(self._messages(self.family_b, "fermeture décidée par la ville"))

    def test_a_closure_needs_a_scope_and_is_frozen_once_applied(self):
        with self.assertRaises(ValidationError):
            self._strike()
        closure = self._strike(site_ids=[(6, 0, self.site_a.ids)])
        closure.action_apply()
        with self.assertRaises(UserError):
            closure.date_end = TUESDAY

    def test_applying_locks_the_closed_activities_before_looking_for_bookings(self):
        self.site_a_activities = self.env["periscolaire.activity"].search(
            [("site_id", "=", self.site_a.id)]
        )
        archived = self._create_activity(5, "ANCIENNE A", self.site_a, active=False)
        reservation = self._book(self.severine, self.activity, MONDAY)
        RequestLine = self.registry["periscolaire.request.line"]
        lock = RequestLine._lock_activities
        locked = []

        def spy(lines, activities):
            # Nothing is cancelled yet: the bookings are searched once locked.
            locked.append((activities, reservation.state))
            return lock(lines, activities)

        with patch.object(RequestLine, "_lock_activities", spy):
            self._strike(site_ids=[(6, 0, self.site_a.ids)]).action_apply()
            self._strike(activity_ids=[(6, 0, self.activity_b.ids)]).action_apply()
        self.assertEqual(
            locked,
            [
                (self.site_a_activities | archived, "confirmed"),
                (self.activity_b, "cancelled"),
            ],
        )
        self.assertEqual(reservation.state, "cancelled")
