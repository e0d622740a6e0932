# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Crafted requests: each is refused in French and writes nothing."""

from datetime import timedelta

from odoo.tests import tagged
from odoo.tools import mute_logger

from .portal_common import PNG, PortalCommon, page


@tagged("post_install", "-at_install")
class TestPortalAbuse(PortalCommon):
    def setUp(self):
        super().setUp()
        self._login()
        self._post("/my/booking/participants", {"child_ids": self.severine.id})
        self._post("/my/booking/activities", {"activity_ids": self.midi.id})
        self.before = self._snapshot()

    def assertNothingWritten(self):
        self.assertEqual(self._snapshot(), self.before)

    def _click(self, child, activity, day, action="book"):
        return self._post(
            "/my/booking/calendar",
            {"cell": self._cell(child, activity, day, action), "month": self._month(day)},
        )

    def _periodic(self, **values):
        data = {
            "activity_id": self.midi.id,
            "frequency": "every",
            "weekdays": ["mon"],
            "action": "book",
            **values,
        }
        return self._post("/my/booking/periodic", data)

    def test_closed_day(self):
        day = self._first_open_day(self.midi, weekday=2)
        closure = self.env["periscolaire.closure"].create(
            {
                "name": "Grève",
                "reason": "strike",
                "date_start": day,
                "date_end": day,
                "site_ids": [(6, 0, self.site.ids)],
            }
        )
        closure.action_apply()
        self.before = self._snapshot()
        response = self._click(self.severine, self.midi, day)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Fermé : Fermeture (Grève)", page(response))
        self.assertNothingWritten()
        # Periodically, the closed day is reported and left out.
        response = self._periodic(
            date_start=day.isoformat(), date_end=day.isoformat(), weekdays=["wed"]
        )
        self.assertIn("Fermé : Fermeture", page(response))
        self.assertNothingWritten()

    def test_past_deadline(self):
        day = self._past_deadline_day(self.midi)
        response = self._click(self.severine, self.midi, day)
        self.assertIn("Hors délai", page(response))
        self.assertIn("demande exceptionnelle", page(response))
        self.assertNothingWritten()

    def test_weekday_the_activity_does_not_run(self):
        self.midi.wed = False
        self.before = self._snapshot()
        wednesday = self._first_open_day(self.matin, weekday=2)
        response = self._click(self.severine, self.midi, wednesday)
        self.assertIn("n'a pas lieu le mercredi", page(response))
        self.assertNothingWritten()
        saturday = wednesday + timedelta(days=3)
        response = self._click(self.severine, self.midi, saturday)
        self.assertIn("n'a pas lieu le samedi", page(response))
        response = self._periodic(
            date_start=wednesday.isoformat(),
            date_end=(wednesday + timedelta(days=14)).isoformat(),
            weekdays=["mon", "wed"],
        )
        self.assertIn("n'a pas lieu le mercredi", page(response))
        response = self._periodic(
            date_start=wednesday.isoformat(),
            date_end=(wednesday + timedelta(days=14)).isoformat(),
            weekdays=["someday"],
        )
        self.assertIn("Jour de la semaine inconnu", page(response))
        self.assertNothingWritten()

    def test_outside_the_period(self):
        after = self.midi.date_end + timedelta(days=7)
        after += timedelta(days=(0 - after.weekday()) % 7)  # a Monday
        response = self._click(self.severine, self.midi, after)
        self.assertIn("période de l'activité", page(response))
        response = self._periodic(
            date_start=(self.midi.date_end - timedelta(days=3)).isoformat(),
            date_end=(self.midi.date_end + timedelta(days=1)).isoformat(),
        )
        self.assertIn("période de l'activité", page(response))
        self.assertNothingWritten()

    def test_activity_not_allowed(self):
        day = self._first_open_day(self.teen)
        response = self._click(self.severine, self.teen, day)
        self.assertIn("n'est pas proposée", page(response))
        response = self._click(self.severine, self.elsewhere, day)
        self.assertIn("n'est pas proposée", page(response))
        response = self._post("/my/booking/activities", {"activity_ids": self.teen.id})
        self.assertIn("pas proposée à tous les participants", page(response))
        response = self._periodic(
            activity_id=self.teen.id, date_start=day.isoformat(), date_end=day.isoformat()
        )
        self.assertEqual(response.status_code, 404, "an activity outside the selection")
        self.assertNothingWritten()

    def test_blocking_document_missing(self):
        self.env["periscolaire.document.type"].create(
            {
                "name": "ASSURANCE TEST",
                "code": "ASSURANCE_TEST",
                "target": "child",
                "blocking": True,
            }
        )
        self.before = self._snapshot()
        day = self._first_open_day(self.midi)
        response = self._click(self.severine, self.midi, day)
        self.assertIn("Réservation impossible", page(response))
        self.assertIn("ASSURANCE TEST", page(response))
        self.assertNothingWritten()

    def test_range_of_years(self):
        start = self._first_open_day(self.midi)
        response = self._periodic(
            date_start=start.isoformat(), date_end=(start + timedelta(days=800)).isoformat()
        )
        self.assertIn("même année scolaire", page(response))
        response = self._periodic(
            date_start=start.isoformat(), date_end=(start - timedelta(days=10)).isoformat()
        )
        self.assertIn("antérieure à la date de début", page(response))
        self.assertNothingWritten()

    def test_other_family_ids_are_not_found(self):
        other_request = self.env["periscolaire.request"].create(
            {
                "family_id": self.other_family.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "child_id": self.lucas.id,
                            "activity_id": self.midi.id,
                            "date": self._first_open_day(self.midi),
                        },
                    )
                ],
            }
        )
        other_line = other_request.line_ids
        pickup = self.env["periscolaire.pickup.person"].create(
            {"child_id": self.lucas.id, "name": "Mamie de Lucas"}
        )
        doc_type = self.env["periscolaire.document.type"].create(
            {"name": "PHOTO TEST", "code": "PHOTO_TEST", "target": "child"}
        )
        self.before = self._snapshot()
        day = self._first_open_day(self.midi)
        for url in (
            f"/my/requests/{other_request.id}",
            f"/my/booking/confirmation/{other_request.id}",
            f"/my/reservations?child={self.lucas.id}",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        self.assertEqual(self._click(self.lucas, self.midi, day).status_code, 404)
        posts = [
            ("/my/booking/participants", {"child_ids": self.lucas.id}),
            (f"/my/family/child/{self.lucas.id}", {"allergies": "arachide"}),
            (f"/my/family/child/{self.lucas.id}/pickup", {"name": "Intrus"}),
            (f"/my/family/pickup/{pickup.id}/delete", {}),
            ("/my/booking/cart/remove", {"line_id": other_line.id}),
            ("/my/alerts/upload", {"type_id": doc_type.id, "child_id": self.lucas.id}),
        ]
        for url, data in posts:
            self.assertEqual(self._post(url, data).status_code, 404, url)
        response = self.url_open(
            f"/my/booking/exception?cell={self._cell(self.lucas, self.midi, day)}"
        )
        self.assertEqual(response.status_code, 404)
        self.assertNothingWritten()
        self.env.invalidate_all()
        self.assertFalse(self.lucas.allergies)
        self.assertTrue(pickup.exists())
        self.assertEqual(len(self.lucas.pickup_person_ids), 1)

    @mute_logger("odoo.http")
    def test_csrf_is_required(self):
        day = self._first_open_day(self.midi)
        posts = [
            ("/my/booking/calendar", {"cell": self._cell(self.severine, self.midi, day)}),
            (
                "/my/booking/periodic",
                {
                    "activity_id": self.midi.id,
                    "date_start": day.isoformat(),
                    "date_end": day.isoformat(),
                    "weekdays": "mon",
                    "action": "book",
                },
            ),
            ("/my/booking/cart/submit", {"confirm": "1"}),
            ("/my/calendar/ical/renew", {"confirm": "1"}),
            (f"/my/family/child/{self.severine.id}", {"allergies": "gluten"}),
        ]
        token = self.family._portal_ensure_ical_token()
        self.before = self._snapshot()
        for url, data in posts:
            response = self._post(url, data, csrf=False)
            self.assertEqual(response.status_code, 400, url)
        self.assertNothingWritten()
        self.env.invalidate_all()
        self.assertEqual(self.family.ical_token, token)
        self.assertFalse(self.severine.allergies)

    def test_no_input_answers_500(self):
        huge = "9" * 30
        gets = [
            "/my/booking/calendar?month=abc",
            "/my/booking/calendar?month=99999-99",
            "/my/booking/calendar?month=2026-13",
            "/my/calendar?month=0000-01",
            "/my/calendar/pdf?month=x",
            "/my/booking/activities?sort=x&period=a_b&week=2026-02-30&meal=2",
            "/my/booking/activities?period=2026-01-01_2026-99-01",
            f"/my/reservations?child={huge}",
            "/my/reservations?child=-3",
            f"/my/requests/{huge}",
            "/my/booking/exception?cell=1-2-3",
            f"/my/booking/exception?cell={huge}-{huge}-2026-01-01-book",
            "/my/news/0",
            "/periscolaire/ical/short.ics",
            f"/periscolaire/ical/{'x' * 40}.ics",
        ]
        for url in gets:
            response = self.url_open(url)
            self.assertLess(response.status_code, 500, url)
        posts = [
            ("/my/booking/participants", {"child_ids": huge}),
            ("/my/booking/participants", {"child_ids": "abc"}),
            ("/my/booking/activities", {"activity_ids": huge}),
            ("/my/booking/periodic", {"activity_id": huge}),
            ("/my/booking/periodic", {"activity_id": "x"}),
            (
                "/my/booking/periodic",
                {
                    "activity_id": self.midi.id,
                    "date_start": "2026-02-30",
                    "date_end": "demain",
                    "weekdays": "mon",
                    "action": "book",
                },
            ),
            (
                "/my/booking/periodic",
                {
                    "activity_id": self.midi.id,
                    "date_start": "1900-01-01",
                    "date_end": "9999-12-31",
                    "weekdays": "mon",
                    "action": "book",
                },
            ),
            (
                "/my/booking/periodic",
                {
                    "activity_id": self.midi.id,
                    "date_start": "2026-01-05",
                    "date_end": "2026-01-09",
                    "weekdays": "mon",
                    "frequency": "sometimes",
                    "action": "steal",
                },
            ),
            ("/my/booking/calendar", {"cell": "garbage"}),
            ("/my/booking/calendar", {"cell": f"{self.severine.id}-{huge}-2026-01-05-book"}),
            (
                "/my/booking/calendar",
                {"cell": f"{self.severine.id}-{self.midi.id}-2026-02-30-book"},
            ),
            ("/my/booking/cart/remove", {"line_id": huge}),
            ("/my/booking/cart/submit", {}),
            ("/my/booking/exception", {"cell": "x"}),
            ("/my/absence", {"reservation_ids": huge}),
            ("/my/alerts/upload", {"type_id": huge}),
            (f"/my/family/child/{huge}", {"allergies": "x"}),
        ]
        for url, data in posts:
            response = self._post(url, data)
            self.assertLess(response.status_code, 500, f"{url} {data}")
        response = self._post(
            "/my/absence",
            {"reservation_ids": "1"},
            files={"certificate": ("virus.exe", b"MZ\x90\x00", "application/octet-stream")},
        )
        self.assertLess(response.status_code, 500)
        self.assertNothingWritten()
        # A stray image upload outside any form is no crash either.
        response = self._post(
            "/my/booking/exception",
            {"cell": self._cell(self.severine, self.midi, self.today), "reason": "bogus"},
            files={"justification": ("x.png", PNG, "image/png")},
        )
        self.assertLess(response.status_code, 500)
        self.assertNothingWritten()
