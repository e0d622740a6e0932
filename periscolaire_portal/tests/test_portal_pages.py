# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import shutil
import unittest
from datetime import timedelta

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from odoo.addons.periscolaire_portal.rules import dates as rules_dates

from .portal_common import PDF, PNG, PortalCommon, page


@tagged("post_install", "-at_install")
class TestPortalPages(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day = cls.today + timedelta(days=1)
        cls.reservation = cls.env["periscolaire.reservation"].create(
            {"child_id": cls.severine.id, "activity_id": cls.midi.id, "date": cls.day}
        )
        cls.other_reservation = cls.env["periscolaire.reservation"].create(
            {"child_id": cls.lucas.id, "activity_id": cls.midi.id, "date": cls.day}
        )

    def test_reservations_and_requests(self):
        full = self.env["periscolaire.activity"].create(
            {
                **self.midi.copy_data()[0],
                "number": 3,
                "name": "GOUTER COMPLET",
                "capacity": 0,
            }
        )
        request = self.env["periscolaire.request"].create(
            {
                "family_id": self.family.id,
                "line_ids": [
                    (0, 0, {"child_id": self.victor.id, "activity_id": full.id, "date": self.day})
                ],
            }
        )
        request.action_submit()
        request.action_validate_lines()
        self.assertEqual(request.line_ids.state, "waiting")
        self._login()
        html = page(self.url_open("/my/reservations"))
        self.assertIn(self.severine.name, html)
        self.assertIn(rules_dates.long_date(self.day), html)
        self.assertNotIn(self.lucas.name, html)
        html = page(self.url_open(f"/my/reservations?child={self.victor.id}"))
        self.assertNotIn(rules_dates.long_date(self.day), html.split("nav-pills")[-1])
        html = page(self.url_open("/my/requests/history"))
        self.assertIn(request.name, html)
        self.assertIn("sur liste d'attente", html)
        html = page(self.url_open(f"/my/requests/{request.id}"))
        self.assertIn("Liste d'attente (rang 1)", html)
        html = page(self.url_open("/my/booking"))
        for title in (
            "Mes réservations",
            "Mes demandes en attente",
            "Historique de demande",
            "Mon calendrier",
            "S'inscrire",
            "Déclarer une absence",
        ):
            self.assertIn(title, html)

    def test_home_shows_the_family_cards_first(self):
        self._login()
        html = page(self.url_open("/my"))
        ours = ["/my/booking", "/my/calendar", "/my/alerts", "/my/reservations", "/my/family"]
        positions = [html.index(f'href="{url}"') for url in ours]
        self.assertEqual(positions, sorted(positions), "Inscriptions, calendar, alerts first")
        self.assertLess(positions[-1], html.index('href="/my/invoices'), "Odoo's cards after ours")
        # Every card's icon only decorates its title: an empty alt text, Odoo's cards too.
        icons = re.findall(r'class="o_portal_icon[^"]*">\s*<img ([^>]*)>', html)
        self.assertGreater(len(icons), len(ours))
        for attributes in icons:
            self.assertIn('alt=""', attributes)

    def test_home_figures_are_loaded_after_the_page(self):
        self._tomorrow_reservation(self.victor)
        cart = self.env["periscolaire.request"]._portal_get_cart(self.family, create=True)
        self.env["periscolaire.request.line"].create(
            {
                "request_id": cart.id,
                "child_id": self.severine.id,
                "activity_id": self.matin.id,
                "date": self._first_open_day(self.matin),
            }
        )
        self._login()
        html = self.url_open("/my").text
        self.assertNotIn("jour(s) dans le panier", html, "no figure computed with the page")
        figures = self._home_counters()
        # Séverine's and Victor's lunch tomorrow, not Lucas's.
        self.assertEqual(figures["periscolaire_reservation_count"], 2)
        self.assertEqual(figures["periscolaire_cart_label"], "— 1 jour(s) dans le panier")
        self.assertEqual(figures["periscolaire_alert_count"], self.family._portal_alert_count())
        # Only what is asked for is computed.
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/counters", {"counters": ["periscolaire_reservation_count"]}
            ),
            {"periscolaire_reservation_count": 2},
        )

    def test_booking_hub_deadlines_follow_the_category_settings(self):
        self._login()
        html = page(self.url_open("/my/booking"))
        self.assertIn("<td>Jeudi de la semaine précédente</td>", html)
        self.assertIn("changement des droits de garde (jugement ou ordonnance)", html)
        self.assertNotIn("<caption", html)
        # A town that changes its policy sees its own table.
        self.category.write({"deadline_working_days": 3, "deadline_cutoff": 12.0})
        wednesdays = self.env["periscolaire.activity.category"].create(
            {"name": "MERCREDIS TEST", "deadline_public_holidays_count": True}
        )
        self.env["periscolaire.activity"].create(
            {
                **self.matin.copy_data()[0],
                "number": 11,
                "name": "MERCREDI TEST",
                "category_id": wednesdays.id,
                "mon": False,
                "tue": False,
                "thu": False,
                "fri": False,
            }
        )
        html = page(self.url_open("/my/booking"))
        self.assertNotIn("<td>Jeudi de la semaine précédente</td>", html)
        self.assertIn("<td>Mercredi de la semaine précédente à 12:00</td>", html)
        self.assertIn("EUROPA TEST</caption>", html)
        self.assertIn("MERCREDIS TEST</caption>", html)
        wednesday_table = html.split("MERCREDIS TEST</caption>")[1].split("</table>")[0]
        self.assertIn("Lundi de la semaine en cours", wednesday_table)
        self.assertNotIn("Lundi</th>", wednesday_table)
        self.assertEqual(html.count("Un jour férié pendant le délai"), 1)

    def test_calendar_pdf_and_ical(self):
        self._login()
        response = self.url_open(f"/my/calendar?month={self._month(self.day)}")
        self.assertEqual(response.status_code, 200)
        validated = self._cell_html(page(response), self.day, "Validé")
        # The state in words for screen readers, a symbol for the eyes (not a colour only).
        label = f"{rules_dates.long_date(self.day)} : Validé"
        self.assertIn(
            f'<span aria-hidden="true">✓</span><span class="visually-hidden">{label}</span>',
            validated[2],
        )
        self.assertNotIn(self.lucas.name, page(response))
        self.assertIn(rules_dates.week_label(self.day), page(response))
        previous = self.day.replace(day=1) - timedelta(days=1)
        self.assertIn(f"/my/calendar?month={self._month(previous)}", page(response))
        pdf = self.url_open(f"/my/calendar/pdf?month={self._month(self.day)}")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn(b"MIDI ELE TOUR", pdf.content)

        self.env.invalidate_all()
        token = self.family.ical_token
        self.assertTrue(token)
        self.assertIn(f"/periscolaire/ical/{token}.ics", page(response))
        self.logout()
        feed = self.url_open(f"/periscolaire/ical/{token}.ics")
        self.assertEqual(feed.status_code, 200)
        self.assertIn("text/calendar", feed.headers["Content-Type"])
        self.assertIn(f"UID:periscolaire-reservation-{self.reservation.id}@", feed.text)
        self.assertNotIn(f"reservation-{self.other_reservation.id}@", feed.text)
        self.assertIn("BEGIN:VEVENT", feed.text)

        self._login()
        self._post("/my/calendar/ical/renew")
        self.env.invalidate_all()
        self.assertNotEqual(self.family.ical_token, token)
        self.assertEqual(self.url_open(f"/periscolaire/ical/{token}.ics").status_code, 404)
        feed = self.url_open(f"/periscolaire/ical/{self.family.ical_token}.ics")
        self.assertEqual(feed.status_code, 200)

    def test_declare_absence(self):
        self._login()
        html = page(self.url_open("/my/absence"))
        self.assertIn(rules_dates.long_date(self.day), html)
        self.assertNotIn(f'value="{self.other_reservation.id}"', html)
        before = self._snapshot()
        # Another family's reservation, or no certificate: refused.
        response = self._post(
            "/my/absence",
            {"reservation_ids": self.other_reservation.id},
            files={"certificate": ("certificat.png", PNG, "image/png")},
        )
        self.assertIn("ne peuvent pas être déclarés", page(response))
        response = self._post("/my/absence", {"reservation_ids": self.reservation.id})
        self.assertIn("Joignez un fichier", page(response))
        self.assertEqual(self._snapshot(), before)
        response = self._post(
            "/my/absence",
            {"reservation_ids": self.reservation.id, "comment": "Varicelle"},
            files={"certificate": ("certificat.png", PNG, "image/png")},
        )
        self.assertIn("Absence déclarée", page(response))
        self.env.invalidate_all()
        self.assertEqual(self.reservation.attendance, "absent_justified")
        self.assertEqual(len(self.reservation.justification_ids), 1)
        self.assertEqual(self.other_reservation.attendance, "unknown")
        self.assertTrue(self.family.message_ids.filtered(lambda m: "Varicelle" in (m.body or "")))

    def test_absence_certificate_type_comes_from_its_content(self):
        self._login()
        self._post(
            "/my/absence",
            {"reservation_ids": self.reservation.id},
            files={"certificate": ("evil.js", PDF, "text/javascript")},
        )
        self.env.invalidate_all()
        attachment = self.reservation.justification_ids
        self.assertEqual(attachment.name, "evil.js")
        self.assertEqual(attachment.mimetype, "application/pdf")

    def test_family_account(self):
        self._login()
        html = page(self.url_open("/my/family"))
        self.assertIn(self.severine.name, html)
        self.assertIn("/my/security", html)
        self.assertNotIn(self.lucas.name, html)
        self._post(f"/my/family/child/{self.severine.id}", {"allergies": "Arachide"})
        self._post(
            f"/my/family/child/{self.severine.id}/pickup",
            {"name": "Mamie Jeanne", "phone": "0600000000", "relationship": "grand-mère"},
        )
        self.env.invalidate_all()
        self.assertEqual(self.severine.allergies, "Arachide")
        person = self.severine.pickup_person_ids
        self.assertEqual(person.mapped("name"), ["Mamie Jeanne"])
        self.assertIn("Mamie Jeanne", page(self.url_open("/my/family")))
        self._post(f"/my/family/pickup/{person.id}/delete")
        self.env.invalidate_all()
        self.assertFalse(self.severine.pickup_person_ids)

    def test_alerts_table_and_upload(self):
        doc_type = self.env["periscolaire.document.type"].create(
            {"name": "FICHE SANITAIRE TEST", "code": "FS_TEST", "target": "child", "sequence": 1}
        )
        validated = self.env["periscolaire.document"].create(
            {
                "family_id": self.family.id,
                "child_id": self.victor.id,
                "type_id": doc_type.id,
                "state": "validated",
                "validated_on": self.today,
            }
        )
        request = self.env["periscolaire.request"].create(
            {
                "family_id": self.family.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "child_id": self.victor.id,
                            "activity_id": self.midi.id,
                            "date": self._first_open_day(self.midi),
                        },
                    )
                ],
            }
        )
        request.action_submit()
        self._login()
        html = page(self.url_open("/my/alerts"))
        self.assertIn("FICHE SANITAIRE TEST", html)
        self.assertIn(f"Validé le : {rules_dates.short_date(self.today)}", html)
        self.assertIn("À fournir", html)
        self.assertIn("Commandes en alerte validation", html)
        self.assertIn(request.name, html)
        self.assertIn("1 en attente", html)
        home = page(self.url_open("/my"))
        self.assertIn("Mes alertes", home)
        response = self._post(
            "/my/alerts/upload",
            {"type_id": doc_type.id, "child_id": self.severine.id},
            files={"file": ("fiche.png", PNG, "image/png")},
        )
        self.assertIn("envoyé", page(response))
        document = self.env["periscolaire.document"].search(
            [("child_id", "=", self.severine.id), ("type_id", "=", doc_type.id)]
        )
        self.assertEqual(document.state, "to_check")
        self.assertEqual(validated.state, "validated")


@tagged("post_install", "-at_install")
class TestPortalTour(PortalCommon):
    @unittest.skipUnless(
        any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")),
        "Chromium is not installed on this machine: the browser tour cannot run.",
    )
    def test_booking_tour(self):
        self.start_tour("/my", "periscolaire_portal_booking_tour", login=self.user.login)
        self.env.invalidate_all()
        request = self.env["periscolaire.request"].search(
            [("family_id", "=", self.family.id), ("state", "=", "submitted")]
        )
        self.assertEqual(len(request), 1)
        self.assertTrue(request.line_ids)
        periodic = request.line_ids.filtered(
            lambda line: line.date.weekday() in (0, 3) and rules_dates.iso_week(line.date) % 2 == 0
        )
        self.assertTrue(periodic, "the periodic booking of the tour reached the request")
        self.assertEqual(len(request.line_ids - periodic), 1, "one one-off day")


@tagged("post_install", "-at_install")
class TestPortalDemoParent(HttpCase):
    """The guide's DURAND family of the demo data, when the database has it."""

    def setUp(self):
        super().setUp()
        self.user = self.env.ref("periscolaire_portal.demo_user_durand", raise_if_not_found=False)
        if not self.user:
            self.skipTest("No demo data in this database.")
        self.severine = self.env.ref("periscolaire_portal.demo_child_severine")
        self.midi = self.env.ref("periscolaire_portal.demo_activity_europa_midi")

    def test_demo_parent_pages(self):
        self.authenticate(self.user.login, self.user.login)
        home = page(self.url_open("/my"))
        self.assertIn("Mes alertes", home)
        response = self.url_open(
            "/my/booking/participants",
            data={"child_ids": self.severine.id, "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn(self.midi.display_name, page(response))
        self.url_open(
            "/my/booking/activities",
            data={"activity_ids": self.midi.id, "csrf_token": http.Request.csrf_token(self)},
        )
        today = fields.Date.context_today(self.env.user)
        reservations = self.env["periscolaire.reservation"].search(
            [
                ("child_id", "=", self.severine.id),
                ("activity_id", "=", self.midi.id),
                ("state", "=", "confirmed"),
                ("date", "<=", today),
            ]
        )
        self.assertTrue(reservations, "the demo has validated bookings for Séverine")
        day = max(reservations.mapped("date"))
        grid = page(self.url_open(f"/my/booking/calendar?month={day:%Y-%m}"))
        self.assertIn(f"{rules_dates.long_date(day)} : Validé", grid)
        alerts = page(self.url_open("/my/alerts"))
        self.assertIn("DOSSIER INSCRIPTION", alerts)
        self.assertIn("Commandes en alerte validation", alerts)
