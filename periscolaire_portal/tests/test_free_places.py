# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta
from fractions import Fraction

from odoo import Command
from odoo.tests import tagged

from .common import MONDAY, TUESDAY, PeriscolaireCommon

WEDNESDAY = TUESDAY + timedelta(days=1)


@tagged("post_install", "-at_install")
class TestFreePlaces(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One adult, sessions under 5 hours, no PEDT: 10 under-6s or 14 older
        # children per adult (CASF R227-16).
        cls.staffed = cls._create_activity(
            4, "ACCUEIL ENCADRE A", cls.site_a, capacity_mode="staffing", staff_count=1
        )
        cls.baby = cls.env["periscolaire.child"].create(
            {
                "first_name": "Nina",
                "last_name": "DURAND",
                "birth_date": date(2026, 1, 1),
                "family_id": cls.family_a.id,
                "site_id": cls.site_a.id,
            }
        )

    def _cart_lines(self, slots):
        request = self.env["periscolaire.request"].create(
            {
                "family_id": self.family_a.id,
                "line_ids": [
                    Command.create(
                        {"child_id": self.victor.id, "activity_id": activity.id, "date": day}
                    )
                    for activity, day in slots
                ],
            }
        )
        return self.env["periscolaire.request.line"].browse(request.line_ids.ids)

    def _free_places_queries(self, lines):
        """Queries of reading the lines as a list view does."""
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        lines.read(["activity_id", "date", "free_places"])
        return self.env.cr.sql_log_count - before

    def test_free_places_of_many_slots_in_both_modes(self):
        self._book(self.severine, self.activity, MONDAY)
        self._book(self.severine, self.activity, TUESDAY)
        self._book(self.lucas, self.activity, TUESDAY)
        self._book(self.emma, self.activity, WEDNESDAY).state = "cancelled"
        self._book(self.severine, self.staffed, MONDAY)
        self._book(self.baby, self.staffed, MONDAY)
        self._book(self.lucas, self.staffed, TUESDAY)
        slots = [
            (self.activity, MONDAY),
            (self.activity, TUESDAY),
            (self.activity, WEDNESDAY),
            (self.staffed, MONDAY),
            (self.staffed, TUESDAY),
            (self.staffed, WEDNESDAY),
            (self.activity_b, MONDAY),
        ]
        expected = {
            # Places: capacity minus the confirmed reservations, never below 0.
            (self.activity, MONDAY): 2 - 1,
            (self.activity, TUESDAY): 2 - 2,
            (self.activity, WEDNESDAY): 2,
            # Staffing: what the adult has left, counted in under-6 children.
            (self.staffed, MONDAY): int((1 - Fraction(1, 10) - Fraction(1, 14)) * 10),
            (self.staffed, TUESDAY): int((1 - Fraction(1, 14)) * 10),
            (self.staffed, WEDNESDAY): 10,
            (self.activity_b, MONDAY): 10,
        }
        lines = self._cart_lines(slots + slots[:3])
        for line in lines:
            slot = (line.activity_id, line.date)
            self.assertEqual(line.free_places, expected[slot], slot)
            self.assertEqual(line.activity_id._get_free_places(line.date), expected[slot], slot)

        # One grouped count whatever the number of slots (caches warmed first).
        one_slot = lines.filtered(lambda line: line.activity_id == self.staffed)[:1]
        self._free_places_queries(lines)
        self.assertEqual(self._free_places_queries(lines), self._free_places_queries(one_slot))
