# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.periscolaire_portal.rules.deadlines import EXCEPTION_REASONS

from .common import MONDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestActivityHours(PeriscolaireCommon):
    def test_activity_may_end_just_before_midnight(self):
        activity = self._create_activity(
            9, "VEILLÉE", self.site_a, hour_start=20.0, hour_end=23 + 59 / 60
        )
        self.assertTrue(activity._get_day_status(MONDAY).runs)

    def test_activity_cannot_end_at_midnight(self):
        # 24:00 is no time of day for the rules core: refused when entered.
        with self.assertRaises(ValidationError):
            self._create_activity(9, "VEILLÉE", self.site_a, hour_start=20.0, hour_end=24.0)

    def test_activity_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            self._create_activity(9, "À L'ENVERS", self.site_a, hour_start=17.0, hour_end=16.0)


@tagged("post_install", "-at_install")
class TestCategoryDeadline(PeriscolaireCommon):
    def test_deadline_settings_are_the_rules_cores(self):
        self.category.write({"deadline_working_days": 60, "deadline_cutoff": 12.0})
        self.assertEqual(self.category._get_deadline_policy().working_days, 60)
        for values in (
            {"deadline_working_days": 61},
            {"deadline_working_days": -1},
            {"deadline_cutoff": 24.5},
        ):
            with self.subTest(**values), self.assertRaises(ValidationError):
                self.category.write(values)

    def test_exceptional_reasons_are_the_rules_cores(self):
        field = self.env["periscolaire.request"]._fields["exception_reason"]
        self.assertEqual(
            field.selection,
            [(str(reason), info.label) for reason, info in EXCEPTION_REASONS.items()],
        )
        self.assertIn(("custody", "Changement des droits de garde"), field.selection)
