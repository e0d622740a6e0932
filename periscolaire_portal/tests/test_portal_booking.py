# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.periscolaire_portal.rules import dates as rules_dates
from odoo.addons.periscolaire_portal.rules import money as rules_money

from .portal_common import PDF, PNG, PortalCommon, page


@tagged("post_install", "-at_install")
class TestPortalBookingFlow(PortalCommon):
    """The parents' guide over HTTP: participants → activities → periodic
    booking → one-off day → summary → submission → staff validation."""

    def _select(self, children, activities):
        response = self._post("/my/booking/participants", {"child_ids": [c.id for c in children]})
        self.assertTrue(response.url.endswith("/my/booking/activities"), response.url)
        response = self._post(
            "/my/booking/activities", {"activity_ids": [a.id for a in activities]}
        )
        self.assertTrue(response.url.endswith("/my/booking/periodic"), response.url)
        return response

    def test_home_cards_and_news(self):
        self.env["periscolaire.news"].create(
            {"name": "Lancement du portail familles", "summary": "Découvrez la vidéo."}
        )
        self._login()
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        html = page(response)
        self.assertIn('id="portal_periscolaire_category"', html)
        for title in (
            "Inscriptions",
            "Mes réservations",
            "Mon calendrier",
            "Mes alertes",
            "Mon compte",
            "Actualités",
            "Lancement du portail familles",
            "+ En savoir plus",
        ):
            self.assertIn(title, html)

    def test_full_flow(self):
        self._login()
        response = self._post("/my/booking/participants", {"child_ids": self.severine.id})
        self.assertTrue(response.url.endswith("/my/booking/activities"))
        html = page(response)
        self.assertIn("2) MIDI ELE TOUR", html)
        self.assertIn("De 11h45 à 13h30", html)
        self.assertNotIn("ADOS TOUR", html, "activity outside the child's ages is offered")
        self.assertNotIn("SOIR SOETRICH TOUR", html, "activity of another site is offered")

        response = self._post("/my/booking/activities", {"activity_ids": self.midi.id})
        self.assertTrue(response.url.endswith("/my/booking/periodic"))
        self.assertIn("Semaines paires", page(response))

        # Periodic booking: even weeks, Monday and Thursday, four weeks.
        start = self._first_open_day(self.midi)
        school_year_end = rules_dates.school_year_bounds(rules_dates.school_year_of(start))[1]
        end = min(start + timedelta(days=27), school_year_end, self.midi.date_end)
        response = self._post(
            "/my/booking/periodic",
            {
                "activity_id": self.midi.id,
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "frequency": "even",
                "weekdays": ["mon", "thu"],
                "action": "book",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Ajouté au panier", page(response))
        cart = self._cart()
        periodic_lines = cart.line_ids
        expected = {
            start + timedelta(days=offset)
            for offset in range((end - start).days + 1)
            if (start + timedelta(days=offset)).weekday() in (0, 3)
            and rules_dates.iso_week(start + timedelta(days=offset)) % 2 == 0
            and self._status(self.midi, start + timedelta(days=offset)).runs
        }
        self.assertEqual(set(periodic_lines.mapped("date")), expected)
        self.assertEqual(set(periodic_lines.mapped("action")), {"book"})
        self.assertEqual(periodic_lines.child_id, self.severine)
        self.assertTrue(all(line.price == 11.5 for line in periodic_lines))

        # One-off day: an open Tuesday, from the month calendar.
        tuesday = self._first_open_day(self.midi, weekday=1)
        month = self._month(tuesday)
        response = self.url_open(f"/my/booking/calendar?month={month}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(rules_dates.week_label(tuesday), page(response))
        self.assertIn(rules_dates.day_label(tuesday), page(response))
        available = self._cell_html(page(response), tuesday, "Disponible")
        # A free day says so in words to screen readers and shows a symbol, not a colour only.
        label = f"{rules_dates.long_date(tuesday)} : Disponible"
        self.assertIn(f'aria-label="{label}"><span aria-hidden="true">○</span>', available[2])
        response = self._post(
            "/my/booking/calendar",
            {"cell": self._cell(self.severine, self.midi, tuesday), "month": month},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self._cell_html(page(response), tuesday, "Dans le panier"))
        cart = self._cart()
        self.assertEqual(len(cart.line_ids), len(expected) + 1)
        self.assertIn(tuesday, cart.line_ids.mapped("date"))

        # Summary: per child, per month, with the total.
        response = self.url_open("/my/booking/cart")
        total = rules_money.format_eur(11.5 * len(cart.line_ids))
        self.assertIn(f"Total : {total}", page(response))
        self.assertIn(self.severine.name, page(response))
        self.assertIn(rules_dates.month_label(tuesday.year, tuesday.month, True), page(response))
        self.assertIn("+ Inscription", page(response))
        self.assertIn(f"{rules_dates.short_date(tuesday)} : 11:45 - 13:30", page(response))

        # The cart survives logging out.
        self._login()
        self.assertIn(f"Total : {total}", page(self.url_open("/my/booking/cart")))

        # Submission: a confirmation page and a mail.
        messages_before = len(cart.message_ids)
        response = self._post("/my/booking/cart/submit")
        self.assertIn(f"/my/booking/confirmation/{cart.id}", response.url)
        self.assertIn("a été envoyée", page(response))
        self.assertIn("une fois votre commande validée par notre service", page(response))
        self.env.invalidate_all()
        self.assertEqual(cart.state, "submitted")
        self.assertEqual(set(cart.line_ids.mapped("state")), {"pending"})
        self.assertGreater(len(cart.message_ids), messages_before)
        self.assertFalse(self._cart(), "a submitted request stays the cart")
        response = self.url_open(f"/my/calendar?month={month}")
        self.assertTrue(self._cell_html(page(response), tuesday, "En attente de validation"))
        self.assertIn(cart.name, page(self.url_open("/my/requests")))

        # Staff validation turns the cells to "Validé".
        cart.action_validate_lines()
        response = self.url_open(f"/my/calendar?month={month}")
        self.assertTrue(self._cell_html(page(response), tuesday, "Validé"))
        first_periodic = min(expected)
        response = self.url_open(f"/my/calendar?month={self._month(first_periodic)}")
        self.assertTrue(self._cell_html(page(response), first_periodic, "Validé"))
        response = self.url_open(f"/my/requests/{cart.id}")
        self.assertIn("Validée", page(response))

    def test_cancel_validated_day_and_periodic_cancel(self):
        day = self._first_open_day(self.midi, weekday=2)
        reservation = self.env["periscolaire.reservation"].create(
            {"child_id": self.severine.id, "activity_id": self.midi.id, "date": day}
        )
        self._login()
        self._select(self.severine, self.midi)
        response = self._post(
            "/my/booking/periodic",
            {
                "activity_id": self.midi.id,
                "date_start": day.isoformat(),
                "date_end": day.isoformat(),
                "frequency": "every",
                "weekdays": ["wed"],
                "action": "cancel",
            },
        )
        self.assertIn("Désinscription ajoutée au panier", page(response))
        line = self._cart().line_ids
        self.assertEqual((line.action, line.date, line.price), ("cancel", day, 11.5))
        summary = page(self.url_open("/my/booking/cart"))
        self.assertIn("− Désinscription", summary)
        self.assertIn(f"Total : {rules_money.format_eur(-11.5)}", summary)
        # Booking the same day again takes the cancellation back out of the cart.
        self._post(
            "/my/booking/calendar",
            {"cell": self._cell(self.severine, self.midi, day, "book"), "month": self._month(day)},
        )
        self.assertFalse(self._cart().line_ids)
        self.assertEqual(reservation.state, "confirmed")

    def test_siblings_book_together_only_shared_activities(self):
        self.victor.site_id = self.other_site
        self._login()
        response = self._post(
            "/my/booking/participants", {"child_ids": [self.severine.id, self.victor.id]}
        )
        self.assertIn("aucune activité en commun", page(response))
        self.victor.site_id = self.site
        self._select(self.severine | self.victor, self.midi)
        day = self._first_open_day(self.midi, weekday=4)
        self._post(
            "/my/booking/periodic",
            {
                "activity_id": self.midi.id,
                "date_start": day.isoformat(),
                "date_end": day.isoformat(),
                "weekdays": ["fri"],
                "action": "book",
            },
        )
        self.assertEqual(self._cart().line_ids.child_id, self.severine | self.victor)

    def test_clear_cart_and_new_booking(self):
        self._login()
        self._select(self.severine, self.midi)
        day = self._first_open_day(self.midi)
        self._post(
            "/my/booking/calendar",
            {"cell": self._cell(self.severine, self.midi, day), "month": self._month(day)},
        )
        self.assertTrue(self._cart().line_ids)
        response = self._post("/my/booking/cart/clear")
        self.assertIn("Votre panier est vide", page(response))
        self.assertFalse(self._cart().line_ids)
        response = self.url_open("/my/booking/new")
        self.assertTrue(response.url.endswith("/my/booking/participants"))

    def test_exceptional_proof_type_comes_from_its_content(self):
        day = self._past_deadline_day(self.midi)
        self._login()
        self._post(
            "/my/booking/exception",
            {"cell": self._cell(self.severine, self.midi, day), "reason": "schedule"},
            files={"justification": ("evil.js", PDF, "text/javascript")},
        )
        late = self.env["periscolaire.request"].search(
            [("family_id", "=", self.family.id), ("is_late", "=", True)]
        )
        self.assertEqual(late.state, "submitted")
        self.assertEqual(late.justification_ids.name, "evil.js")
        self.assertEqual(late.justification_ids.mimetype, "application/pdf")

    def test_exceptional_late_request(self):
        day = self._past_deadline_day(self.midi)
        self._login()
        token = self._cell(self.severine, self.midi, day)
        response = self.url_open(f"/my/booking/exception?cell={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Changement de planning", page(response))
        before = self._snapshot()
        # Without justification: refused, nothing written.
        response = self._post(
            "/my/booking/exception",
            {"cell": token, "reason": "schedule", "comment": "Nouveau poste"},
        )
        self.assertIn("Joignez un justificatif", page(response))
        self.assertEqual(self._snapshot(), before)
        response = self._post(
            "/my/booking/exception",
            {"cell": token, "reason": "schedule", "comment": "Nouveau poste"},
            files={"justification": ("attestation.png", PNG, "image/png")},
        )
        self.assertIn("demande exceptionnelle", page(response))
        late = self.env["periscolaire.request"].search(
            [("family_id", "=", self.family.id), ("is_late", "=", True)]
        )
        self.assertEqual(len(late), 1)
        self.assertEqual(late.state, "submitted")
        self.assertEqual(late.exception_reason, "schedule")
        self.assertEqual(late.exception_comment, "Nouveau poste")
        self.assertEqual(len(late.justification_ids), 1)
        self.assertEqual(late.line_ids.mapped("date"), [day])
        self.assertTrue(late.line_ids.is_late)
        self.assertFalse(self._cart(), "an exceptional request does not go through the cart")

    def test_exceptional_late_cancellation_of_validated_day(self):
        day = self._past_deadline_day(self.midi)
        reservation = self.env["periscolaire.reservation"].create(
            {"child_id": self.severine.id, "activity_id": self.midi.id, "date": day}
        )
        self._login()
        token = self._cell(self.severine, self.midi, day, "cancel")
        data = {"cell": token, "reason": "job_start", "comment": "Reprise lundi"}
        before = self._snapshot()
        # Without justification: refused, nothing written.
        response = self._post("/my/booking/exception", data)
        self.assertIn("Joignez un justificatif à votre demande hors délai", page(response))
        self.assertEqual(self._snapshot(), before)

        response = self._post(
            "/my/booking/exception",
            data,
            files={"justification": ("contrat.pdf", PDF, "application/pdf")},
        )
        self.assertIn("demande exceptionnelle", page(response))
        late = self.env["periscolaire.request"].search(
            [("family_id", "=", self.family.id), ("is_late", "=", True)]
        )
        self.assertEqual(len(late), 1)
        self.assertIn(f"/my/booking/confirmation/{late.id}", response.url)
        self.assertEqual(late.state, "submitted")
        self.assertEqual(late.exception_reason, "job_start")
        self.assertEqual(late.exception_comment, "Reprise lundi")
        self.assertEqual(late.justification_ids.name, "contrat.pdf")
        self.assertEqual(late.justification_ids.mimetype, "application/pdf")
        line = late.line_ids
        self.assertEqual(
            (line.action, line.date, line.child_id, line.activity_id, line.state),
            ("cancel", day, self.severine, self.midi, "pending"),
        )
        self.assertTrue(line.is_late)
        self.assertFalse(self._cart(), "an exceptional request does not go through the cart")
        self.assertEqual(reservation.state, "confirmed", "cancelled before staff decided")

        # Staff processing cancels the day as a late cancellation.
        late.action_validate_lines()
        self.env.invalidate_all()
        self.assertEqual(line.state, "validated")
        self.assertEqual(line.reservation_id, reservation)
        self.assertEqual(reservation.state, "cancelled")
        self.assertEqual(reservation.cancel_reason, "family_late")

    def test_cart_day_closed_after_adding_is_refused(self):
        day = self._first_open_day(self.midi)
        self._login()
        self._select(self.severine, self.midi)
        self._post(
            "/my/booking/calendar",
            {"cell": self._cell(self.severine, self.midi, day), "month": self._month(day)},
        )
        cart = self._cart()
        line = cart.line_ids
        self.assertEqual((line.date, line.state), (day, "draft"))
        warning = "Ces jours ne peuvent plus être demandés (fermés ou hors délai depuis leur ajout)"
        self.assertNotIn(warning, page(self.url_open("/my/booking/cart")))

        closure = self.env["periscolaire.closure"].create(
            {
                "name": "Grève des animateurs",
                "reason": "strike",
                "date_start": day,
                "date_end": day,
                "activity_ids": [(6, 0, self.midi.ids)],
            }
        )
        closure.action_apply()
        self.env.invalidate_all()
        self.assertEqual(line.state, "draft", "applying a closure leaves cart lines alone")

        html = page(self.url_open("/my/booking/cart"))
        self.assertIn(warning, html)
        self.assertIn(line.display_name, html)

        response = self._post("/my/booking/cart/submit")
        self.assertTrue(response.url.endswith("/my/booking/cart"), response.url)
        self.assertIn(
            "Ces jours ne peuvent plus être demandés (fermés ou hors délai) ; retirez-les "
            f"du panier : {line.display_name}.",
            page(response),
        )
        self.env.invalidate_all()
        self.assertEqual(cart.state, "cart")
        self.assertEqual(line.state, "draft")
        self.assertFalse(cart.submitted_at)
