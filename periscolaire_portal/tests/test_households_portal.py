# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal of the two households of a child of separated parents: each books its own
weeks, sees the other's days only as taken, and reaches none of the other's records
through any page."""

from datetime import timedelta

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.periscolaire_portal.rules import dates as rules_dates

from .households_common import HouseholdsMixin
from .portal_common import PNG, PortalCommon, page


@tagged("post_install", "-at_install")
class TestHouseholdsPortal(HouseholdsMixin, PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_households(cls.site)
        cls.father.partner_id.phone = "06 11 22 33 44"

    def setUp(self):
        super().setUp()
        # An open day of each household's week, and a day the father booked.
        self.father_day = self._open_day_of(self.father_home)
        self.mother_day = self._open_day_of(self.mother_home)
        self.father_request = self.env["periscolaire.request"]._create_staff_request(
            self.jade, self.midi, [self.father_day]
        )
        self.father_booking = self.father_request.line_ids.reservation_id
        self.assertEqual(self.father_booking.family_id, self.father_home)
        self.father_pickup = self.jade._portal_add_pickup_person(
            "Oncle MOREAU", "0611111111", "Oncle", family=self.father_home
        )

    def _open_day_of(self, family):
        day = self.today
        for _week in range(20):
            day = self._first_open_day(self.midi, after=day)
            if self.jade._keeper_family(day) == family:
                return day
        raise AssertionError(f"no open day of {family.name}")

    def _unbooked_day_of(self, family):
        """An open day of ``family``'s week that nobody booked."""
        day = self.today
        for _day in range(60):
            day = self._first_open_day(self.midi, after=day)
            if self.jade._keeper_family(day) == family and day != self.father_day:
                return day
        raise AssertionError(f"no free day of {family.name}")

    def test_each_household_books_its_own_weeks_from_the_calendar(self):
        self._login(self.mother)
        response = self._post(
            "/my/booking/participants", {"child_ids": [self.jade.id, self.tom.id]}
        )
        self.assertIn("/my/booking/activities", response.url)
        self._post("/my/booking/activities", {"activity_ids": self.midi.id})
        # The father's week: refused with its reason, nothing in the cart.
        response = self._post(
            "/my/booking/calendar",
            {
                "cell": self._cell(self.jade, self.midi, self.father_day),
                "month": self._month(self.father_day),
            },
        )
        self.assertIn("Semaine de l'autre parent", page(response))
        self.assertFalse(self._cart(self.mother_home).line_ids)
        # Her own week is hers to book.
        self._post(
            "/my/booking/calendar",
            {
                "cell": self._cell(self.jade, self.midi, self.mother_day),
                "month": self._month(self.mother_day),
            },
        )
        cart = self._cart(self.mother_home)
        self.assertEqual(cart.line_ids.mapped("date"), [self.mother_day])
        # Periodic booking over both weeks: her days added, his skipped with the new outcome.
        response = self._post(
            "/my/booking/periodic",
            {
                "activity_id": self.midi.id,
                "date_start": min(self.father_day, self.mother_day).isoformat(),
                "date_end": (max(self.father_day, self.mother_day) + timedelta(days=7)).isoformat(),
                "weekdays": [str(day) for day in range(5)],
                "frequency": "every",
                "action": "book",
            },
        )
        html = page(response)
        self.assertIn("Semaine de l'autre parent", html)
        cart = self._cart(self.mother_home)
        jade_days = cart.line_ids.filtered(lambda line: line.child_id == self.jade).mapped("date")
        self.assertTrue(jade_days)
        self.assertTrue(all(self.jade._keeper_family(day) == self.mother_home for day in jade_days))
        # Tom lives with his mother only: every open day is added for him.
        tom_days = cart.line_ids.filtered(lambda line: line.child_id == self.tom).mapped("date")
        self.assertIn(self.father_day, tom_days)
        self._post("/my/booking/cart/submit")
        self.assertEqual(self._cart(self.mother_home), self.env["periscolaire.request"])

    def test_calendar_shows_the_other_households_days_as_taken_only(self):
        self.jade.custody_pattern = "free"
        self._login(self.mother)
        month = self._month(self.father_day)
        html = page(self.url_open(f"/my/calendar?month={month}"))
        self.assertTrue(self._cell_html(html, self.father_day, "Réservé par l'autre foyer"))
        self.assertIn("Réservé par l'autre foyer", html)  # the legend
        for private in ("4 rue des Tilleuls", "06 11 22 33 44", "julien.moreau", "Oncle MOREAU"):
            self.assertNotIn(private, html)
        # The booking calendar: the day is taken, not clickable; a click is refused.
        self._post("/my/booking/participants", {"child_ids": self.jade.id})
        self._post("/my/booking/activities", {"activity_ids": self.midi.id})
        html = page(self.url_open(f"/my/booking/calendar?month={month}"))
        self.assertTrue(self._cell_html(html, self.father_day, "Réservé par l'autre foyer"))
        self.assertNotIn(self._cell(self.jade, self.midi, self.father_day), html)
        for action in ("book", "cancel"):
            response = self._post(
                "/my/booking/calendar",
                {"cell": self._cell(self.jade, self.midi, self.father_day, action), "month": month},
            )
            self.assertIn("Réservé par l'autre foyer", page(response))
        self.assertFalse(self._cart(self.mother_home).line_ids)
        # With alternate weeks, the father's unbooked days are his.
        self.jade.custody_pattern = "alternate_weeks"
        day = self._unbooked_day_of(self.father_home)
        html = page(self.url_open(f"/my/booking/calendar?month={self._month(day)}"))
        self.assertTrue(self._cell_html(html, day, "Chez l'autre parent"))
        self.assertEqual(self.father_booking.state, "confirmed")

    @mute_logger("odoo.http")  # the refused report URLs are logged as warnings
    def test_no_page_reaches_the_other_households_records(self):
        """Every portal route with an id, tried by the mother with the father's ids."""
        before = self._snapshot()
        self._login(self.mother)
        father_cart = self.env["periscolaire.request"]._portal_get_cart(
            self.father_home, create=True
        )
        father_line = self.env["periscolaire.request.line"].create(
            {
                "request_id": father_cart.id,
                "child_id": self.jade.id,
                "activity_id": self.matin.id,
                "date": self.father_day,
            }
        )
        for url in (
            f"/my/requests/{self.father_request.id}",
            f"/my/booking/confirmation/{self.father_request.id}",
            f"/report/html/periscolaire_portal.report_periscolaire_calendar/{self.father_home.id}",
            f"/report/pdf/periscolaire_portal.report_attendance_sheet/{self.father_booking.id}",
        ):
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
        for url, data in (
            (f"/my/family/pickup/{self.father_pickup.id}/delete", {}),
            ("/my/booking/cart/remove", {"line_id": father_line.id}),
        ):
            self.assertEqual(self._post(url, data).status_code, 404, url)
        response = self._post(
            "/my/absence",
            {"reservation_ids": self.father_booking.id},
            files={"certificate": ("certificat.png", PNG, "image/png")},
        )
        self.assertIn("ne peuvent pas être déclarés", page(response))
        # Her pages show Jade, never the father's bookings, persons or contact.
        html = page(self.url_open(f"/my/reservations?child={self.jade.id}"))
        self.assertNotIn(rules_dates.long_date(self.father_day), html)
        html = page(self.url_open("/my/family"))
        self.assertIn("MOREAU JADE", html)
        self.assertIn("semaines impaires chez vous", html)
        for private in ("Oncle MOREAU", "4 rue des Tilleuls", "06 11 22 33 44"):
            self.assertNotIn(private, html)
        html = page(self.url_open("/my/absence"))
        self.assertNotIn(f'value="{self.father_booking.id}"', html)
        self.mother_home._portal_ensure_ical_token()
        self.logout()
        feed = self.url_open(f"/periscolaire/ical/{self.mother_home.sudo().ical_token}.ics")
        self.assertNotIn(f"reservation-{self.father_booking.id}@", feed.text)
        self.env.invalidate_all()
        self.assertTrue(self.father_pickup.exists())
        self.assertTrue(father_line.exists())
        self.assertEqual(self.father_booking.attendance, "unknown")
        self.assertEqual(self._snapshot(), before)

    def test_the_father_sees_his_side_and_jade_on_both(self):
        self._login(self.father)
        html = page(self.url_open("/my/family"))
        self.assertIn("MOREAU JADE", html)
        self.assertIn("Oncle MOREAU", html)
        self.assertIn("semaines paires chez vous", html)
        self.assertNotIn("LEROY TOM", html)
        self.assertNotIn("18 avenue de Metz", html)
        html = page(self.url_open("/my/reservations"))
        self.assertIn(rules_dates.long_date(self.father_day), html)
        # Tom is not his: his id answers 404.
        self.assertEqual(self.url_open(f"/my/reservations?child={self.tom.id}").status_code, 404)
        response = self._post(
            f"/my/family/child/{self.tom.id}/pickup", {"name": "Intrus", "phone": "06"}
        )
        self.assertEqual(response.status_code, 404)
