# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every page of the parents' portal passes axe-core (WCAG 2.0/2.1 A and AA) on a phone and on a
desktop screen, as the demo DURAND parent: her data are the town's demo, so the pages show what a
parent sees (validated days, a waiting list, documents, news), plus a cart filled through the
booking wizard and a request sent from it."""

import base64
import unittest
from datetime import UTC, datetime, timedelta

from odoo import fields, http
from odoo.tests import HttpCase, tagged

from odoo.addons.periscolaire_portal.models.periscolaire_family_portal import cell_token
from odoo.addons.periscolaire_portal.rules import deadlines as rules_deadlines

from .axe import AxeMixin, AxePage

# Step 3: every weekday over two weeks from the first open day, then "Inscrire", for the
# activity whose id is given (one the child has not booked yet).
BOOK_TWO_WEEKS = """(() => {
    const form = document.querySelector("#pf_periodic_%s form");
    const end = new Date(form.querySelector("[name=date_start]").value);
    end.setDate(end.getDate() + 13);
    form.querySelector("[name=date_end]").value = end.toISOString().slice(0, 10);
    form.querySelectorAll("[name=weekdays]").forEach((box) => { box.checked = true; });
    form.querySelector("button[value=book]").click();
    return true;
})()"""


@tagged("post_install", "-at_install")
class TestPortalAccessibility(AxeMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.family = cls.env.ref("periscolaire_portal.demo_family_durand", False)
        if not cls.family:
            raise unittest.SkipTest("The check runs on the demo data (the DURAND family).")
        cls.login = cls.family.referent_id.user_ids.login
        cls.child = cls.env.ref("periscolaire_portal.demo_child_severine")
        cls.activities = cls.env.ref("periscolaire_portal.demo_activity_europa_matin") | (
            cls.env.ref("periscolaire_portal.demo_activity_europa_gouter")
        )
        cls.news = cls.env.ref("periscolaire_portal.demo_news_launch")

    def _post(self, path, data):
        data = {**data, "csrf_token": http.Request.csrf_token(self)}
        response = self.url_open(path, data=data)
        self.assertEqual(response.status_code, 200, path)
        return response

    def _choose_in_wizard(self):
        """Steps 1 and 2, as the parent would: the choice lives in the session."""
        self._post("/my/booking/participants", {"child_ids": self.child.id})
        self._post("/my/booking/activities", {"activity_ids": self.activities.ids})

    def _exception_page(self):
        """The exceptional request of a day whose deadline is over (today or soon)."""
        activity = self.activities[0]
        policy = activity.category_id._get_deadline_policy()
        today = fields.Date.context_today(self.family)
        for offset in range(14):
            day = today + timedelta(days=offset)
            if activity._get_day_status(day).runs and not rules_deadlines.is_open_for_change(
                day, datetime.now(UTC), policy
            ):
                token = cell_token(self.child.id, activity.id, day, "book")
                return AxePage(f"/my/booking/exception?cell={token}")
        raise AssertionError("no past-deadline day in the next two weeks")

    def test_portal_pages_pass_axe(self):
        # "Finances" comes with the billing addon, installed with this one by setup/test.sh.
        finances = ["/my/finances"] if "periscolaire.tax.attestation" in self.env else []
        self.assertNoAxeViolations(
            self.login,
            [
                "/my",
                *finances,
                "/my/calendar",
                "/my/alerts",
                "/my/family",
                "/my/account",
                "/my/reservations",
                "/my/requests",
                "/my/requests/history",
                "/my/absence",
                f"/my/news/{self.news.id}",
                "/my/booking",
                "/my/booking/participants",
                "/my/booking/activities",
                "/my/booking/periodic",
                AxePage(
                    "/my/booking/periodic",
                    BOOK_TWO_WEEKS % self.activities[1].id,
                    ".o_pf_periodic_result",
                ),
                "/my/booking/calendar",
                self._exception_page(),
                "/my/booking/cart",
            ],
            prepare=self._choose_in_wizard,
        )
        self.authenticate(self.login, self.login)
        self._choose_in_wizard()
        self.url_open("/my/booking/cart/submit", data={"csrf_token": http.Request.csrf_token(self)})
        sent = self.env["periscolaire.request"].search(
            [("family_id", "=", self.family.id), ("state", "=", "submitted")],
            order="id desc",
            limit=1,
        )
        self.assertTrue(sent.line_ids, "the cart filled at step 3 was sent")
        self.assertNoAxeViolations(
            self.login,
            [f"/my/booking/confirmation/{sent.id}", f"/my/requests/{sent.id}", "/my/requests"],
        )

    def test_town_website_pages_pass_axe(self):
        website = self.env.ref("website.default_website")
        self.assertEqual(website.name, "Ville de Hettange-Grande")
        self.assertIn(b"Hettange-Grande</text></svg>", base64.b64decode(website.logo))
        self.authenticate(None, None)
        home = self.url_open("/").text
        for text in (
            "Horaires d'accueil",
            "mailto:periscolaire@hettange-grande.fr",
            'href="/mentions-legales"',
            "Accessibilité : non conforme",
        ):
            self.assertIn(text, home)
        for sample in ("Company name", "passionate people", "555-555-5556"):
            self.assertNotIn(sample, home)
        statement = self.url_open("/accessibilite").text
        for text in ("article 47", "non conforme", "RGAA", "Défenseur des droits"):
            self.assertIn(text, statement)
        legal = self.url_open("/mentions-legales").text
        for text in ("Directeur de la publication", "CNIL", "Cookies"):
            self.assertIn(text, legal)
        self.assertNoAxeViolations(None, ["/", "/mentions-legales", "/accessibilite", "/contactus"])

    def test_shared_child_pages_pass_axe(self):
        """The pages of a household of a child of separated parents (the demo LEROY mother):
        the days her father booked shown as taken, his weeks as the other parent's, the
        custody read from her side, and a periodic booking skipping his weeks."""
        mother = self.env.ref("periscolaire_portal.demo_family_leroy")
        jade = self.env.ref("periscolaire_portal.demo_child_jade")
        midi = self.env.ref("periscolaire_portal.demo_activity_europa_midi")

        def choose_jade():
            self._post("/my/booking/participants", {"child_ids": jade.id})
            self._post("/my/booking/activities", {"activity_ids": midi.id})

        self.assertNoAxeViolations(
            mother.referent_id.user_ids.login,
            [
                "/my/calendar",
                "/my/family",
                "/my/reservations",
                "/my/booking/calendar",
                AxePage("/my/booking/periodic", BOOK_TWO_WEEKS % midi.id, ".o_pf_periodic_result"),
            ],
            prepare=choose_jade,
        )
