# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input on every kind of parameter: answered in French or by a 4xx, never
by an HTTP 500, and cleaned before anything is written."""

from odoo.tests import tagged

from .portal_common import PNG, PortalCommon, page


@tagged("post_install", "-at_install")
class TestPortalInput(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reservation = cls._tomorrow_reservation(cls.severine)

    def setUp(self):
        super().setUp()
        self._login()

    def test_control_characters_are_stripped_before_writing(self):
        response = self._post(
            f"/my/family/child/{self.severine.id}", {"allergies": "ara\x00chide\x07\r\nœufs"}
        )
        self.assertEqual(response.status_code, 200)
        response = self._post(
            f"/my/family/child/{self.severine.id}/pickup",
            {"name": "Mamie\x00 Jeanne", "phone": "06\x0012\x1b", "relationship": "grand-\tmère"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mamie Jeanne peut venir chercher", page(response))
        response = self._post(
            "/my/absence",
            {"reservation_ids": self.reservation.id, "comment": "Vari\x00celle"},
            files={"certificate": ("certi\x1bficat.png", PNG, "image/png")},
        )
        self.assertIn("Absence déclarée", page(response))
        day = self._past_deadline_day(self.midi)
        response = self._post(
            "/my/booking/exception",
            {
                "cell": self._cell(self.victor, self.midi, day),
                "reason": "death",
                "comment": "Obsèques\x00 jeudi",
            },
            files={"justification": ("acte.png", PNG, "image/png")},
        )
        self.assertIn("/my/booking/confirmation/", response.url, page(response)[-3000:])

        self.env.invalidate_all()
        self.assertEqual(self.severine.allergies, "arachide\nœufs")
        person = self.severine.pickup_person_ids
        self.assertEqual(
            (person.name, person.phone, person.relationship),
            ("Mamie Jeanne", "0612", "grand- mère"),
        )
        self.assertEqual(self.reservation.justification_ids.name, "certificat.png")
        self.assertTrue(self.family.message_ids.filtered(lambda m: "Varicelle" in (m.body or "")))
        exceptional = self.env["periscolaire.request"].search(
            [("family_id", "=", self.family.id), ("exception_reason", "=", "death")]
        )
        self.assertEqual(exceptional.exception_comment, "Obsèques jeudi")

    def test_too_long_text_is_refused_and_nothing_written(self):
        self.severine.allergies = "Gluten"
        before = self._snapshot()
        response = self._post(f"/my/family/child/{self.severine.id}", {"allergies": "x" * 2001})
        self.assertIn("« Allergies » : 2000 caractères au plus", page(response))
        response = self._post(
            f"/my/family/child/{self.severine.id}/pickup", {"name": "Jeanne " * 30}
        )
        self.assertIn("« Nom et prénom » : 128 caractères au plus", page(response))
        response = self._post(
            "/my/absence",
            {"reservation_ids": self.reservation.id, "comment": "x" * 2001},
            files={"certificate": ("certificat.png", PNG, "image/png")},
        )
        self.assertIn("« Commentaire » : 2000 caractères au plus", page(response))
        self.env.invalidate_all()
        self.assertEqual(self.severine.allergies, "Gluten")
        self.assertFalse(self.severine.pickup_person_ids)
        self.assertEqual(self.reservation.attendance, "unknown")
        self.assertEqual(self._snapshot(), before)

    def test_malformed_parameters_answer_without_error(self):
        token = self.family._portal_ensure_ical_token()
        self.assertEqual(self.url_open(f"/periscolaire/ical/{token}%00.ics").status_code, 404)
        self.assertEqual(self.url_open(f"/periscolaire/ical/{'é' * 30}.ics").status_code, 404)
        # A parameter named like the controller's own "self" argument.
        self.assertEqual(self.url_open("/my/booking?self=1").status_code, 200)
        self.assertEqual(self._post("/my/booking/cart/clear", {"self": "x"}).status_code, 200)
        # A month with a line break went into the Location header.
        day = self._first_open_day(self.midi)
        response = self._post(
            "/my/booking/calendar",
            {"cell": self._cell(self.severine, self.midi, day), "month": f"{self._month(day)}\n"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"?month={self._month(day)}#child-{self.severine.id}"
            )
        )
        # A cell token is read whole: a trailing line break makes it unknown.
        before = self._snapshot()
        response = self._post(
            "/my/booking/calendar", {"cell": self._cell(self.severine, self.midi, day) + "\n"}
        )
        self.assertIn("Jour inconnu", page(response))
        self.assertEqual(self._snapshot(), before)
        for url in ("/my/requests/%00", "/my/%00/x"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        for url in (
            "/my/reservations/page/99999999999999999999",
            "/my/reservations?child=%EF%BC%91",  # a full-width digit
            "/my/booking/activities?sort=%00&period=%00&week=20260302&meal=%00",
        ):
            self.assertLess(self.url_open(url).status_code, 500, url)
