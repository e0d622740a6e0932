# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# A Monday of ordinary school time, not a public holiday (Moselle included).
MONDAY = date(2030, 3, 11)
TUESDAY = date(2030, 3, 12)


class PeriscolaireCommon(TransactionCase):
    """Two sites, activities open every weekday whatever the school calendar,
    two families (A and B) each with a portal référent and children."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.product = cls.env["product.product"].create(
            {"name": "Séance test", "type": "service", "list_price": 4.0}
        )
        cls.site_a = cls.env["periscolaire.site"].create({"name": "SITE A"})
        cls.site_b = cls.env["periscolaire.site"].create({"name": "SITE B"})
        cls.category = cls.env["periscolaire.activity.category"].create({"name": "CATÉGORIE"})
        cls.activity = cls._create_activity(1, "GOUTER A", cls.site_a, capacity=2)
        cls.activity_no_list = cls._create_activity(
            2, "SANS LISTE A", cls.site_a, capacity=1, has_waiting_list=False
        )
        cls.activity_b = cls._create_activity(3, "GOUTER B", cls.site_b, capacity=10)

        cls.user_a = new_test_user(
            cls.env,
            login="parent_a",
            groups="base.group_portal",
            name="Julie DURAND",
            email="julie.durand@example.com",
        )
        cls.user_b = new_test_user(
            cls.env,
            login="parent_b",
            groups="base.group_portal",
            name="Claire MARTIN",
            email="claire.martin@example.com",
        )
        cls.family_a = cls._create_family("DURAND", cls.user_a.partner_id, ["Séverine", "Victor"])
        cls.family_b = cls._create_family("MARTIN", cls.user_b.partner_id, ["Lucas", "Emma"])
        cls.severine, cls.victor = cls.family_a.child_ids.sorted("first_name")
        cls.emma, cls.lucas = cls.family_b.child_ids.sorted("first_name")

    @classmethod
    def _create_activity(cls, number, name, site, **values):
        return cls.env["periscolaire.activity"].create(
            {
                "number": number,
                "name": name,
                "category_id": cls.category.id,
                "site_id": site.id,
                "product_id": cls.product.id,
                "date_start": date(2030, 1, 1),
                "date_end": date(2030, 12, 31),
                "hour_start": 16.0,
                "hour_end": 17.0,
                "mon": True,
                "tue": True,
                "wed": True,
                "thu": True,
                "fri": True,
                "day_kind": "both",
                **values,
            }
        )

    @classmethod
    def _create_family(cls, name, referent, first_names):
        return cls.env["periscolaire.family"].create(
            {
                "name": name,
                "referent_id": referent.id,
                "child_ids": [
                    Command.create(
                        {
                            "first_name": first_name,
                            "last_name": name,
                            "birth_date": date(2021, 5, 1),
                            "site_id": cls.site_a.id,
                        }
                    )
                    for first_name in first_names
                ],
            }
        )

    def _submit(self, family, lines, submitted_at=None, **values):
        """Submit a request of ``family`` with ``lines``: tuples (child,
        activity, day[, action[, is_late]]); ``submitted_at`` sets the arrival."""
        commands = []
        for line in lines:
            child, activity, day, *rest = line
            action = rest[0] if rest else "book"
            is_late = rest[1] if len(rest) > 1 else False
            commands.append(
                Command.create(
                    {
                        "child_id": child.id,
                        "activity_id": activity.id,
                        "date": day,
                        "action": action,
                        "is_late": is_late,
                    }
                )
            )
        request = self.env["periscolaire.request"].create(
            {"family_id": family.id, "line_ids": commands, **values}
        )
        request.action_submit()
        if submitted_at:
            request.submitted_at = submitted_at
        return request

    def _book(self, child, activity, day):
        """A confirmed reservation made directly by staff."""
        return self.env["periscolaire.reservation"].create(
            {"child_id": child.id, "activity_id": activity.id, "date": day}
        )

    @staticmethod
    def _at(hour, minute=0):
        return datetime(2030, 3, 1, hour, minute)

    def _messages(self, record, text):
        """Comments posted on ``record`` whose body contains ``text``."""
        return record.message_ids.filtered(
            lambda message: message.message_type == "comment" and text in (message.body or "")
        )
