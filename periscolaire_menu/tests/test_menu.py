# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.periscolaire_portal.tests.common import MONDAY, TUESDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestMenu(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kitchen = cls.env["periscolaire.kitchen"].create({"name": "CUISINE TEST"})
        (cls.site_a | cls.site_b).kitchen_id = cls.kitchen
        allergen = cls.env.ref("periscolaire_menu.allergen_gluten")
        Dish = cls.env["periscolaire.dish"]
        cls.starter = Dish.create({"name": "Taboulé", "course": "starter"})
        cls.pork = Dish.create({"name": "Rôti de porc", "course": "main"})
        cls.fish = Dish.create(
            {"name": "Colin pané", "course": "main", "allergen_ids": [allergen.id]}
        )
        cls.dessert = Dish.create({"name": "Pomme", "course": "dessert"})

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _menu(self, day, **values):
        return self.env["periscolaire.menu"].create(
            {"week_start": day, "kitchen_id": self.kitchen.id, **values}
        )

    def test_the_allergens_of_the_regulation_are_data(self):
        allergens = self.env["periscolaire.allergen"].search([])
        self.assertEqual(len(allergens), 14)
        self.assertEqual(allergens[0].name, "Gluten")
        self.assertIn("SO2", allergens.filtered(lambda a: a.code == "sulphites").description)

    def test_a_week_menu_for_every_site_of_the_kitchen(self):
        wednesday = MONDAY + timedelta(days=2)
        menu = self._menu(
            wednesday,
            line_ids=[
                (0, 0, {"weekday": "1", "dish_id": self.dessert.id, "sequence": 1}),
                (0, 0, {"weekday": "1", "dish_id": self.pork.id, "sequence": 2}),
                (0, 0, {"weekday": "1", "dish_id": self.starter.id, "sequence": 3}),
                (0, 0, {"weekday": "1", "dish_id": self.fish.id, "special_meal": "no_pork"}),
                (0, 0, {"weekday": "5", "dish_id": self.dessert.id}),
            ],
        )
        self.assertEqual(menu.week_start, MONDAY)
        self.assertEqual(menu.name, "Semaine du 11 au 15 mars 2030")
        self.assertEqual(menu.site_ids, self.site_a | self.site_b)
        days = menu._portal_days()
        self.assertEqual(
            [day["date"] for day in days],
            [MONDAY + timedelta(days=offset) for offset in (0, 1, 2, 3, 4, 5)],
            "the school days, and Saturday because it has a dish",
        )
        tuesday = days[1]
        self.assertEqual(tuesday["title"], "Mardi 12 mars")
        self.assertEqual(
            tuesday["dishes"].dish_id.mapped("name"), ["Taboulé", "Rôti de porc", "Pomme"]
        )
        self.assertEqual(tuesday["alternatives"].dish_id, self.fish)
        self.assertEqual(tuesday["alternatives"].allergen_ids.code, "gluten")

    def test_one_published_menu_per_site_and_week(self):
        menu = self._menu(MONDAY)
        menu.action_publish()
        self._menu(MONDAY)  # a draft may be prepared beside it
        with self.assertRaises(ValidationError):
            self._menu(MONDAY + timedelta(days=4), site_ids=[(6, 0, self.site_b.ids)]).write(
                {"state": "published"}
            )
        with self.assertRaises(ValidationError):
            self.env["periscolaire.menu"].create({"week_start": MONDAY, "state": "published"})
        self._menu(MONDAY + timedelta(days=7)).action_publish()

    def test_copy_to_next_week(self):
        menu = self._menu(MONDAY, line_ids=[(0, 0, {"weekday": "3", "dish_id": self.pork.id})])
        menu.action_publish()
        action = menu.action_copy_next_week()
        copy = self.env["periscolaire.menu"].browse(action["res_id"])
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.line_ids.date, MONDAY + timedelta(days=10))
        self.assertEqual(copy.site_ids, menu.site_ids)

    def test_special_meals_counted_apart_for_the_kitchen(self):
        canteen = self._create_activity(4, "CANTINE A", self.site_a, has_meal=True, capacity=50)
        self.severine.special_meal = "no_pork"
        self.emma.special_meal = "no_meat"
        self.lucas.special_meal = "no_pork"
        for child in (self.severine, self.victor, self.emma, self.lucas):
            self._book(child, canteen, MONDAY)
        self._book(self.victor, self.activity, MONDAY)  # no meal there
        self._book(self.lucas, canteen, TUESDAY)
        self.env["periscolaire.reservation"].search(
            [("child_id", "=", self.lucas.id), ("date", "=", MONDAY)]
        )._cancel("family")

        action = self.env.ref("periscolaire_portal.periscolaire_meal_action")
        Reservation = self.env["periscolaire.reservation"]

        def counts(day):
            groups = Reservation._read_group(
                safe_eval(action.domain) + [("date", "=", day)],
                ["site_id", "special_meal"],
                ["meal_count:sum"],
            )
            return {(site.name, meal): count for site, meal, count in groups}

        self.assertEqual(
            counts(MONDAY),
            {
                ("EUROPA TEST", "standard"): 1,
                ("EUROPA TEST", "no_pork"): 1,
                ("EUROPA TEST", "no_meat"): 1,
            },
        )
        self.assertEqual(counts(TUESDAY), {("EUROPA TEST", "no_pork"): 1})
        # A family changes its mind: the kitchen's count follows.
        self.victor.special_meal = "no_meat"
        self.assertEqual(counts(MONDAY)[("EUROPA TEST", "no_meat")], 2)
        pivot = self.env.ref("periscolaire_portal.periscolaire_meal_view_pivot")
        arch = Reservation.get_view(pivot.id, "pivot")["arch"]
        self.assertIn('name="special_meal"', arch)

    def test_parents_choose_the_special_meal_of_their_own_children(self):
        # Tracking ignores the records created in the running transaction, then
        # writes its values when the transaction ends.
        self._flush_tracking()
        child = self.severine.with_user(self.user_a)
        self.assertEqual(child._portal_set_special_meal("no_meat"), "Sans viande")
        self.assertEqual(self.severine.special_meal, "no_meat")
        self._flush_tracking()
        self.severine.invalidate_recordset(["message_ids"])
        self.assertTrue(
            self.severine.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "special_meal"
            )
        )
        with self.assertRaises(UserError):
            child._portal_set_special_meal("halal'; DROP")
        with self.assertRaises(AccessError):
            self.lucas.with_user(self.user_a)._portal_set_special_meal("no_pork")
        self.assertEqual(self.lucas.special_meal, "standard")
        with self.assertRaises(AccessError):
            self.severine.with_user(self.user_a).write({"special_meal": "no_pork"})
