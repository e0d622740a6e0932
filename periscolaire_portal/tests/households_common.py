# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Jade, a child of separated parents, in two households: her father's (MOREAU, where she
was registered) and her mother's (LEROY, with Tom, the mother's elder son). Each household
has its référent with a portal login."""

from datetime import date

from odoo import Command


class HouseholdsMixin:
    """On :class:`~.common.PeriscolaireCommon` (or its HTTP form): adds Jade's two
    households to the one town."""

    @classmethod
    def _create_households(cls, site, custody="alternate_weeks", **child_values):
        env = cls.env
        cls.father = cls._portal_parent("pf_father", "Julien MOREAU", "julien.moreau@example.com")
        cls.mother = cls._portal_parent("pf_mother", "Camille LEROY", "camille.leroy@example.com")
        cls.father.partner_id.write(
            {"street": "4 rue des Tilleuls", "zip": "57330", "city": "Hettange-Grande"}
        )
        cls.mother.partner_id.write(
            {"street": "18 avenue de Metz", "zip": "57100", "city": "Thionville"}
        )
        Family = env["periscolaire.family"]
        cls.father_home = Family.create(
            {"name": "MOREAU", "referent_id": cls.father.partner_id.id, "qf": 1200}
        )
        cls.mother_home = Family.create(
            {
                "name": "LEROY",
                "referent_id": cls.mother.partner_id.id,
                "qf": 450,
                "is_resident": False,
                "child_ids": [
                    Command.create(
                        {
                            "first_name": "Tom",
                            "last_name": "LEROY",
                            "birth_date": date(2017, 2, 3),
                            "site_id": site.id,
                        }
                    )
                ],
            }
        )
        cls.tom = cls.mother_home.child_ids
        # The father has the even ISO weeks.
        cls.jade = env["periscolaire.child"].create(
            {
                "family_id": cls.father_home.id,
                "second_family_id": cls.mother_home.id,
                "custody_pattern": custody,
                "custody_first_parity": "even",
                "first_name": "Jade",
                "last_name": "MOREAU",
                "birth_date": date(2021, 6, 15),
                "site_id": site.id,
                **child_values,
            }
        )
