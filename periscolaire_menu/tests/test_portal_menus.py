# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.periscolaire_portal.rules import menus as rules_menus
from odoo.addons.periscolaire_portal.rules.dates import long_date
from odoo.addons.periscolaire_portal.tests.axe import AxeMixin
from odoo.addons.periscolaire_portal.tests.portal_common import PortalCommon, page


@tagged("post_install", "-at_install")
class TestPortalMenus(AxeMixin, PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The MARTIN family's children go to the other site.
        cls.other_family.child_ids.site_id = cls.other_site
        cls.monday = rules_menus.week_start(cls.today)
        gluten = cls.env.ref("periscolaire_menu.allergen_gluten")
        Dish = cls.env["periscolaire.dish"]
        cls.dish_here = Dish.create(
            {"name": "GRATIN EUROPA TEST", "course": "main", "allergen_ids": [gluten.id]}
        )
        cls.dish_pork_free = Dish.create({"name": "OMELETTE EUROPA TEST", "course": "main"})
        cls.dish_there = Dish.create({"name": "HACHIS SOETRICH TEST", "course": "main"})
        cls.dish_draft = Dish.create({"name": "BROUILLON EUROPA TEST", "course": "main"})
        Menu = cls.env["periscolaire.menu"]
        cls.menu_here = Menu.create(
            {
                "week_start": cls.monday,
                "site_ids": [(6, 0, cls.site.ids)],
                "state": "published",
                "line_ids": [
                    (0, 0, {"weekday": "1", "dish_id": cls.dish_here.id}),
                    (
                        0,
                        0,
                        {
                            "weekday": "1",
                            "dish_id": cls.dish_pork_free.id,
                            "special_meal": "no_pork",
                        },
                    ),
                ],
            }
        )
        cls.menu_there = Menu.create(
            {
                "week_start": cls.monday,
                "site_ids": [(6, 0, cls.other_site.ids)],
                "state": "published",
                "line_ids": [(0, 0, {"weekday": "1", "dish_id": cls.dish_there.id})],
            }
        )
        cls.menu_draft = Menu.create(
            {
                "week_start": cls.monday + timedelta(days=7),
                "site_ids": [(6, 0, cls.site.ids)],
                "line_ids": [(0, 0, {"weekday": "1", "dish_id": cls.dish_draft.id})],
            }
        )
        cls.tuesday = cls.monday + timedelta(days=1)

    def test_a_family_sees_the_menus_of_its_children_sites_only(self):
        self._login()
        html = page(self.url_open("/my/menus"))
        self.assertIn(rules_menus.week_title(self.monday), html)
        self.assertIn("GRATIN EUROPA TEST", html)
        self.assertIn("Allergènes : Gluten", html)
        self.assertIn("OMELETTE EUROPA TEST", html)
        self.assertIn("Sans porc", html)
        self.assertNotIn("HACHIS SOETRICH TEST", html)
        html = page(self.url_open(f"/my/menus?week={self.monday + timedelta(days=9)}"))
        self.assertIn("ne sont pas encore publiés", html)
        self.assertNotIn("BROUILLON EUROPA TEST", html)
        for junk in ("2030-02-30", "<script>", "9" * 40):
            self.assertEqual(self.url_open(f"/my/menus?week={junk}").status_code, 200)

        self._login(self.other_user)
        html = page(self.url_open(f"/my/menus?day={self.tuesday}"))
        self.assertIn("HACHIS SOETRICH TEST", html)
        self.assertNotIn("GRATIN EUROPA TEST", html)
        # A meal booked at another site (the Wednesday centre) shows that site's menus too.
        self.env["periscolaire.reservation"].create(
            {"child_id": self.lucas.id, "activity_id": self.midi.id, "date": self.tuesday}
        )
        html = page(self.url_open(f"/my/menus?day={self.tuesday}"))
        self.assertIn("GRATIN EUROPA TEST", html)
        self.assertIn("HACHIS SOETRICH TEST", html)

        Menu = self.env["periscolaire.menu"].with_user(self.other_user)
        self.assertNotIn(self.menu_draft, Menu.search([]))
        with self.assertRaises(AccessError):
            self.menu_draft.with_user(self.other_user).read(["name"])
        with self.assertRaises(AccessError):
            self.menu_here.with_user(self.other_user).write({"state": "draft"})

        self.logout()
        self.assertIn("/web/login", self.url_open("/my/menus").url)

    def test_the_calendar_links_a_canteen_day_to_its_menu(self):
        with_menu, without_menu = self.tuesday, self.tuesday + timedelta(days=14)
        for day in (with_menu, without_menu):
            self.env["periscolaire.reservation"].create(
                {"child_id": self.severine.id, "activity_id": self.midi.id, "date": day}
            )
            self.env["periscolaire.reservation"].create(
                {"child_id": self.severine.id, "activity_id": self.matin.id, "date": day}
            )
        self._login()
        link = f'href="/my/menus?day={with_menu}#menu-{with_menu}"'
        html = page(self.url_open(f"/my/calendar?month={self._month(with_menu)}"))
        self.assertEqual(html.count(link), 1, "the canteen row only, not the morning one")
        self.assertIn(f"Menu du {long_date(with_menu)}", html)
        html = page(self.url_open(f"/my/calendar?month={self._month(without_menu)}"))
        self.assertNotIn(f"/my/menus?day={without_menu}", html)
        html = page(self.url_open(f"/my/menus?day={with_menu}"))
        self.assertIn(f'id="menu-{with_menu}"', html)

    def test_special_meal_in_the_child_file(self):
        self._login()
        html = page(self.url_open("/my/family"))
        self.assertIn(f'action="/my/family/child/{self.severine.id}/special-meal"', html)
        response = self._post(
            f"/my/family/child/{self.severine.id}/special-meal", {"special_meal": "no_pork"}
        )
        self.assertIn(f"Repas de {self.severine.name} : Sans porc.", page(response))
        self.env.invalidate_all()
        self.assertEqual(self.severine.special_meal, "no_pork")
        response = self._post(
            f"/my/family/child/{self.severine.id}/special-meal", {"special_meal": "caviar"}
        )
        self.assertIn("Choisissez un repas dans la liste.", page(response))
        self.env.invalidate_all()
        self.assertEqual(self.severine.special_meal, "no_pork")
        response = self._post(
            f"/my/family/child/{self.lucas.id}/special-meal", {"special_meal": "no_meat"}
        )
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(self.lucas.special_meal, "standard")
        html = page(self.url_open("/my/menus"))
        self.assertIn("Repas spéciaux demandés", html)

    def test_menu_pages_pass_axe(self):
        self.env["periscolaire.reservation"].create(
            {"child_id": self.severine.id, "activity_id": self.midi.id, "date": self.tuesday}
        )
        self.assertNoAxeViolations(
            self.user.login,
            [
                f"/my/menus?day={self.tuesday}",
                f"/my/calendar?month={self._month(self.tuesday)}",
                "/my/family",
            ],
        )
