# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one town of the tests of this addon, and of the addons built on it.

Two sites (EUROPA TEST, where the children go, and SOETRICH TEST), one category, activities
open every weekday on every kind of day (school holidays then close nothing; public holidays
still do), and two families, each with its portal parent: DURAND (Julie; Séverine and Victor)
and MARTIN (Claire; Lucas and Emma).

The town is the same for every test; only the dates its activities run differ.
:class:`PeriscolaireCommon` (the models) sees them through 2030, far from any deadline, on
known days (:data:`MONDAY`, :data:`TUESDAY`); :class:`~.portal_common.PortalCommon` (the
parents' pages, over HTTP) around the real today, since the portal decides with the real clock.
"""

from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

# A Monday of ordinary school time, not a public holiday (Moselle included).
MONDAY = date(2030, 3, 11)
TUESDAY = date(2030, 3, 12)
#: The children and their age at the start of the activities.
CHILDREN = {"DURAND": [("Séverine", 8), ("Victor", 6)], "MARTIN": [("Lucas", 7), ("Emma", 9)]}


class PeriscolaireCommon(TransactionCase):
    @classmethod
    def _activities_period(cls):
        """First and last day the town's activities run."""
        return date(2030, 1, 1), date(2030, 12, 31)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.today = fields.Date.context_today(env.user)
        cls.period_start, cls.period_end = cls._activities_period()
        cls.site_a = cls.site = env["periscolaire.site"].create({"name": "EUROPA TEST"})
        cls.site_b = cls.other_site = env["periscolaire.site"].create({"name": "SOETRICH TEST"})
        cls.category = env["periscolaire.activity.category"].create(
            {"name": "EUROPA TEST", "sequence": 1}
        )
        cls.matin = cls._create_activity(
            1, "MATIN ELE TOUR", cls.site_a, price=6.0, hour_start=7.0, hour_end=8.5
        )
        cls.midi = cls._create_activity(
            2,
            "MIDI ELE TOUR",
            cls.site_a,
            price=11.5,
            hour_start=11.75,
            hour_end=13.5,
            has_meal=True,
        )
        cls.activity = cls._create_activity(3, "GOUTER A", cls.site_a, capacity=2)
        cls.activity_no_list = cls._create_activity(
            4, "SANS LISTE A", cls.site_a, capacity=1, has_waiting_list=False
        )
        cls.activity_b = cls.elsewhere = cls._create_activity(
            5, "SOIR SOETRICH TOUR", cls.site_b, capacity=10
        )
        cls.teen = cls._create_activity(
            9, "ADOS TOUR", cls.site_a, price=3.0, hour_start=17.0, hour_end=18.0, age_min=15
        )
        cls.user_a = cls.user = cls._portal_parent(
            "pf_parent", "Julie DURAND", "julie.durand@example.com"
        )
        cls.user_b = cls.other_user = cls._portal_parent(
            "pf_other_parent", "Claire MARTIN", "claire.martin@example.com"
        )
        cls.family_a = cls.family = cls._create_family("DURAND", cls.user_a.partner_id)
        cls.family_b = cls.other_family = cls._create_family("MARTIN", cls.user_b.partner_id)
        cls.severine, cls.victor = cls.family_a.child_ids.sorted("first_name")
        cls.emma, cls.lucas = cls.family_b.child_ids.sorted("first_name")

    @classmethod
    def _create_activity(cls, number, name, site, price=4.0, **values):
        """An activity of the town's category at ``site``, open every weekday of the period,
        16:00-17:00 unless ``values`` say otherwise, with its own product at ``price``."""
        product = cls.env["product.product"].create(
            {"name": f"Séance {name}", "type": "service", "list_price": price}
        )
        return cls.env["periscolaire.activity"].create(
            {
                "number": number,
                "name": name,
                "category_id": cls.category.id,
                "site_id": site.id,
                "product_id": product.id,
                "date_start": cls.period_start,
                "date_end": cls.period_end,
                "hour_start": 16.0,
                "hour_end": 17.0,
                "mon": True,
                "tue": True,
                "wed": True,
                "thu": True,
                "fri": True,
                "day_kind": "both",
                "capacity": 30,
                **values,
            }
        )

    @classmethod
    def _portal_parent(cls, login, name, email):
        """A portal user (password: the login)."""
        return new_test_user(
            cls.env, login=login, groups="base.group_portal", name=name, email=email
        )

    @classmethod
    def _create_family(cls, name, referent, children=None):
        """The family ``name`` with ``children`` (first names, or pairs of a first name and an
        age; those of :data:`CHILDREN` by default), going to EUROPA TEST."""
        children = [
            (child, 8) if isinstance(child, str) else child for child in children or CHILDREN[name]
        ]
        return cls.env["periscolaire.family"].create(
            {
                "name": name,
                "referent_id": referent.id,
                "child_ids": [
                    Command.create(
                        {
                            "first_name": first_name,
                            "last_name": name,
                            "birth_date": cls.period_start - timedelta(days=365 * age + 40),
                            "site_id": cls.site_a.id,
                        }
                    )
                    for first_name, age in children
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
