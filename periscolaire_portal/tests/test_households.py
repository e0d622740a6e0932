# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.periscolaire_portal.rules.recurrence import Outcome

from .common import MONDAY, PeriscolaireCommon
from .households_common import HouseholdsMixin

# Week 11 of 2030 (11 to 15 March) is odd: the mother's; week 12 (18 to 22 March) the father's.
ODD_WEEK = [MONDAY + timedelta(days=offset) for offset in range(5)]
EVEN_WEEK = [day + timedelta(days=7) for day in ODD_WEEK]
NOW = datetime(2030, 3, 1, 10, 0)


@tagged("post_install", "-at_install")
class TestHouseholds(HouseholdsMixin, PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["periscolaire.document.type"].search([]).write({"blocking": False})
        cls.activity.capacity = 10
        cls._create_households(cls.site_a)
        cls.Request = cls.env["periscolaire.request"]

    def _expand(self, family, child, days, action="book"):
        return self.Request._portal_expand(
            family, child, self.activity, days[0], days[-1], range(5), action, now=NOW
        )

    def _book_as(self, family, user, child, days):
        """Book ``days`` through the portal's cart as the household's parent; returns the
        expansion and the request, validated by staff."""
        expansion, cart_lines = self._expand(family, child, days)
        cart = self.Request.with_user(user)._portal_get_cart(family, create=True)
        cart._portal_write_expansion(expansion, self.activity, cart_lines)
        cart._portal_submit()
        cart.sudo().action_validate_lines()
        return expansion, cart

    def test_child_belongs_to_both_households(self):
        self.assertEqual(self.jade.family_ids, self.father_home | self.mother_home)
        self.assertEqual(self.father_home.household_child_ids, self.jade)
        self.assertEqual(self.mother_home.household_child_ids, self.tom | self.jade)
        Child = self.env["periscolaire.child"]
        self.assertEqual(
            Child.search([("family_ids", "=", self.mother_home.id)]), self.jade | self.tom
        )
        self.assertEqual(
            Child.search([("family_ids", "in", self.father_home.ids), ("id", "in", self.tom.ids)]),
            Child,
        )
        self.assertEqual(
            Child.search(
                [
                    ("family_ids", "not in", self.mother_home.ids),
                    ("id", "in", (self.jade | self.tom).ids),
                ]
            ),
            Child,
        )
        self.assertIn("semaines paires chez vous", self.jade._custody_description(self.father_home))
        self.assertIn(
            "semaines impaires chez vous", self.jade._custody_description(self.mother_home)
        )

    def test_alternate_weeks_each_household_books_its_own_weeks(self):
        days = ODD_WEEK + EVEN_WEEK
        father_expansion, father_request = self._book_as(
            self.father_home, self.father, self.jade, days
        )
        mother_expansion, mother_request = self._book_as(
            self.mother_home, self.mother, self.jade, days
        )
        for expansion, own, other in (
            (father_expansion, EVEN_WEEK, ODD_WEEK),
            (mother_expansion, ODD_WEEK, EVEN_WEEK),
        ):
            outcomes = {result.day: result.outcome for result in expansion.days}
            self.assertEqual(
                outcomes,
                {
                    **dict.fromkeys(own, Outcome.ADDED),
                    **dict.fromkeys(other, Outcome.OTHER_PARENT),
                },
            )
            self.assertEqual(
                {result.label for result in expansion.days if result.day in other},
                {"Semaine de l'autre parent"},
            )
        reservations = self.env["periscolaire.reservation"].search(
            [("child_id", "=", self.jade.id), ("state", "=", "confirmed")]
        )
        self.assertEqual(
            {(r.date, r.family_id) for r in reservations},
            {(day, self.father_home) for day in EVEN_WEEK}
            | {(day, self.mother_home) for day in ODD_WEEK},
        )
        self.assertEqual(father_request.line_ids.family_id, self.father_home)
        self.assertEqual(set(mother_request.line_ids.mapped("state")), {"validated"})
        self.assertEqual(mother_request.line_ids.reservation_id.family_id, self.mother_home)

    def test_other_parents_day_in_the_cart_is_refused_at_submission(self):
        cart = self.Request.with_user(self.father)._portal_get_cart(self.father_home, create=True)
        self.env["periscolaire.request.line"].sudo().create(
            {
                "request_id": cart.id,
                "child_id": self.jade.id,
                "activity_id": self.activity.id,
                "date": ODD_WEEK[0],
            }
        )
        with self.assertRaisesRegex(UserError, "ceux de l'autre parent"):
            cart._portal_submit()
        self.assertEqual(cart.state, "cart")

    def test_free_custody_a_day_booked_by_one_is_taken_for_the_other(self):
        self.jade.custody_pattern = "free"
        day = ODD_WEEK[1]
        _expansion, father_request = self._book_as(self.father_home, self.father, self.jade, [day])
        booked = father_request.line_ids.reservation_id
        self.assertEqual(booked.family_id, self.father_home)

        expansion, _cart = self._expand(self.mother_home, self.jade, [day])
        self.assertEqual(expansion.days[0].outcome, Outcome.TAKEN)
        self.assertEqual(expansion.days[0].label, "Réservé par l'autre foyer")
        cancel, _cart = self._expand(self.mother_home, self.jade, [day], action="cancel")
        self.assertEqual(cancel.days[0].outcome, Outcome.TAKEN)
        states, _ranks, _lines = self.mother_home._portal_booking_states(
            self.jade, self.activity, day, day
        )
        self.assertEqual(states[(self.jade.id, self.activity.id, day)], "other_household")
        grid = self.mother_home.with_user(self.mother)._portal_month_grid(
            2030, 3, [(self.jade, self.activity)], now=NOW
        )
        cell = grid["children"][0]["rows"][0]["cells"][day.day - 1]
        self.assertEqual(cell["css"], "other")
        self.assertIn("Réservé par l'autre foyer", cell["label"])
        self.assertIn(
            "Réservé par l'autre foyer",
            [line["label"] for line in self.mother_home._portal_legend()],
        )
        self.assertNotIn(
            "Réservé par l'autre foyer",
            [line["label"] for line in self.family_a._portal_legend()],
        )
        # Whatever reaches the town (a line slipped in, staff): one booking, the first's.
        late = self._submit(self.mother_home, [(self.jade, self.activity, day)])
        late.action_validate_lines()
        self.assertEqual(late.line_ids.state, "refused")
        self.assertEqual(late.line_ids.refuse_reason, "Réservé par l'autre foyer")
        cancel_request = self._submit(self.mother_home, [(self.jade, self.activity, day, "cancel")])
        cancel_request.action_validate_lines()
        self.assertEqual(cancel_request.line_ids.state, "refused")
        self.assertEqual(booked.state, "confirmed")

    def test_free_custody_first_arrival_wins(self):
        self.jade.custody_pattern = "free"
        day = EVEN_WEEK[0]
        first = self._submit(
            self.mother_home,
            [(self.jade, self.activity, day)],
            submitted_at=datetime(2030, 3, 1, 8),
        )
        second = self._submit(
            self.father_home,
            [(self.jade, self.activity, day)],
            submitted_at=datetime(2030, 3, 1, 9),
        )
        self.Request._cron_process_requests()
        self.assertEqual(first.line_ids.state, "validated")
        self.assertEqual(second.line_ids.state, "refused")
        self.assertEqual(first.line_ids.reservation_id.family_id, self.mother_home)
        # The place is counted once.
        self.assertEqual(
            self.activity._get_free_places_by_slot([(self.activity, day)])[(self.activity.id, day)],
            9,
        )

    def test_a_place_freed_never_goes_to_the_other_households_waiting_line(self):
        self.jade.custody_pattern = "free"
        self.activity.capacity = 2
        day = EVEN_WEEK[2]
        self._submit(
            self.family_a, [(self.severine, self.activity, day), (self.victor, self.activity, day)]
        ).action_validate_lines()
        waiting = self._submit(self.mother_home, [(self.jade, self.activity, day)])
        waiting.action_validate_lines()
        self.assertEqual(waiting.line_ids.state, "waiting")
        # Meanwhile the staff booked Jade for her father that day.
        fathers = self._book(self.jade, self.activity, day)
        self.assertEqual(fathers.family_id, self.father_home)
        # The DURAND children's places free up: the mother's line does not take one.
        self._submit(
            self.family_a,
            [
                (self.severine, self.activity, day, "cancel"),
                (self.victor, self.activity, day, "cancel"),
            ],
        ).action_validate_lines()
        self.assertEqual(waiting.line_ids.state, "refused")
        self.assertEqual(waiting.line_ids.refuse_reason, "Réservé par l'autre foyer")
        self.assertEqual(
            self.env["periscolaire.reservation"].search(
                [("child_id", "=", self.jade.id), ("date", "=", day), ("state", "=", "confirmed")]
            ),
            fathers,
        )

    def test_staff_booking_splits_the_days_by_custody(self):
        requests = self.Request._staff_book_open_days(
            self.jade.ids, self.activity.id, ODD_WEEK[0], EVEN_WEEK[-1]
        )
        self.assertEqual(requests.family_id, self.father_home | self.mother_home)
        by_family = {request.family_id: request for request in requests}
        self.assertEqual(by_family[self.father_home].line_ids.mapped("date"), EVEN_WEEK)
        self.assertEqual(by_family[self.mother_home].line_ids.mapped("date"), ODD_WEEK)
        # Staff may book a household on the other's week (a swap agreed by the parents).
        swap = self.Request._create_staff_request(
            self.jade, self.activity_b, ODD_WEEK[:1], family=self.father_home
        )
        self.assertEqual(swap.line_ids.reservation_id.family_id, self.father_home)
        # Tom and Jade share only their mother's household.
        both = self.Request._create_staff_request(
            self.tom | self.jade, self.activity_b, EVEN_WEEK[:1]
        )
        self.assertEqual(
            {(line.child_id, line.family_id) for line in both.line_ids},
            {(self.tom, self.mother_home), (self.jade, self.father_home)},
        )
        with self.assertRaisesRegex(UserError, "même famille"):
            self.Request._create_staff_request(self.severine | self.jade, self.activity, EVEN_WEEK)

    def test_a_reservation_made_by_staff_goes_to_whose_day_it_is(self):
        odd = self._book(self.jade, self.activity, ODD_WEEK[2])
        even = self._book(self.jade, self.activity, EVEN_WEEK[2])
        self.assertEqual(odd.family_id, self.mother_home)
        self.assertEqual(even.family_id, self.father_home)
        with self.assertRaises(ValidationError):
            even.family_id = self.family_a
        with self.assertRaises(ValidationError):
            self._submit(self.family_a, [(self.jade, self.activity, EVEN_WEEK[3])])

    def test_custody_patterns_are_checked(self):
        with self.assertRaisesRegex(ValidationError, "cochez les jours"):
            self.jade.custody_pattern = "weekdays"
        self.jade.write({"custody_pattern": "weekdays", "custody_wed": True})
        self.assertEqual(self.jade._keeper_family(date(2030, 3, 13)), self.father_home)
        self.assertEqual(self.jade._keeper_family(date(2030, 3, 14)), self.mother_home)
        other_company = self.env["res.company"].create({"name": "Autre ville"})
        elsewhere = self.env["periscolaire.family"].create(
            {
                "name": "AILLEURS",
                "referent_id": self.user_b.partner_id.id,
                "company_id": other_company.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "même ville"):
            self.jade.second_family_id = elsewhere

    def test_pickup_persons_belong_to_the_household_that_allowed_them(self):
        granny = self.jade.with_user(self.mother)._portal_add_pickup_person(
            "Mamie LEROY", "0600000001", "Grand-mère", family=self.mother_home
        )
        self.assertEqual(granny.family_id, self.mother_home)
        uncle = self.jade.with_user(self.father)._portal_add_pickup_person(
            "Oncle MOREAU", "0600000002", "Oncle", family=self.father_home
        )
        self.assertEqual(uncle.family_id, self.father_home)
        with self.assertRaisesRegex(UserError, "votre famille"):
            self.jade._portal_add_pickup_person("Intrus", "", "", family=self.family_a)
        staff_added = self.env["periscolaire.pickup.person"].create(
            {"child_id": self.jade.id, "name": "Voisine"}
        )
        self.assertEqual(staff_added.family_id, self.father_home)
