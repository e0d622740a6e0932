# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a parent can do by calling the models directly (JSON-RPC), not
through the portal's pages: nothing the pages would refuse."""

from datetime import timedelta
from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalRpc(PortalCommon):
    def setUp(self):
        super().setUp()
        self.day = self._first_open_day(self.midi)
        self.cart = (
            self.env["periscolaire.request"]
            .with_user(self.user)
            ._portal_get_cart(self.family, create=True)
        )

    def _sudo_line(self, activity, day, action="book", **values):
        """A line slipped into the cart without the pages' checks."""
        return (
            self.env["periscolaire.request.line"]
            .sudo()
            .create(
                {
                    "request_id": self.cart.id,
                    "child_id": self.severine.id,
                    "activity_id": activity.id,
                    "date": day,
                    "action": action,
                    **values,
                }
            )
        )

    def test_request_lines_are_not_created_nor_written_by_rpc(self):
        Line = self.env["periscolaire.request.line"].with_user(self.user)
        yesterday = self.today - timedelta(days=1)
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "request_id": self.cart.id,
                    "child_id": self.severine.id,
                    "activity_id": self.midi.id,
                    "date": yesterday,
                    "action": "cancel",
                    "is_late": False,
                }
            )
        with self.assertRaises(AccessError):
            self.cart.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "child_id": self.severine.id,
                                "activity_id": self.midi.id,
                                "date": self.day,
                                "price": 0.01,
                            }
                        )
                    ]
                }
            )
        line = self._sudo_line(self.midi, self.day)
        for values in ({"is_late": True}, {"state": "validated"}, {"price": 0.01}):
            with self.assertRaises(AccessError, msg=values):
                line.with_user(self.user).write(values)
        with self.assertRaises(AccessError):
            line.with_user(self.user).unlink()
        # Taking a line out of one's own cart is what the cart page does.
        self.cart._portal_remove_lines(line)
        self.assertFalse(self.cart.line_ids)
        # Not a line of another family's cart, not once the cart is sent.
        other_cart = self.env["periscolaire.request"]._portal_get_cart(
            self.other_family, create=True
        )
        other_line = self.env["periscolaire.request.line"].create(
            {
                "request_id": other_cart.id,
                "child_id": self.lucas.id,
                "activity_id": self.midi.id,
                "date": self.day,
            }
        )
        with self.assertRaises(AccessError):
            other_cart.with_user(self.user)._portal_remove_lines(other_line)
        with self.assertRaises(UserError):
            self.cart._portal_remove_lines(other_line)
        self.assertTrue(other_line.exists())

    def test_staff_fields_refused_to_parents_even_allowed_to_create(self):
        self.env["ir.model.access"].create(
            {
                "name": "widened by mistake",
                "model_id": self.env["ir.model"]._get_id("periscolaire.request.line"),
                "group_id": self.env.ref("base.group_portal").id,
                "perm_read": True,
                "perm_create": True,
            }
        )
        Line = self.env["periscolaire.request.line"].with_user(self.user)
        values = {
            "request_id": self.cart.id,
            "child_id": self.severine.id,
            "activity_id": self.midi.id,
            "date": self.today - timedelta(days=1),
            "action": "cancel",
        }
        with self.assertRaisesRegex(AccessError, "Hors délai"):
            Line.create({**values, "is_late": False})
        with self.assertRaisesRegex(AccessError, "Tarif"):
            Line.create({**values, "price": 0.01})
        with self.assertRaisesRegex(AccessError, "État"):
            Line.with_context(default_state="validated").create(values)
        self.assertFalse(self.cart.line_ids)

    def test_lines_are_priced_at_creation_in_one_go(self):
        Line = self.env["periscolaire.request.line"]
        Activity = type(self.env["periscolaire.activity"])
        days = [self.day + timedelta(days=offset) for offset in (0, 7, 14)]
        original = Activity._get_session_prices
        pricings = []

        def counted(activity, child, days, late=False, family=None):
            pricings.append((activity, child, family))
            return original(activity, child, days, late=late, family=family)

        with (
            patch.object(type(Line), "write", autospec=True, side_effect=AssertionError("written")),
            patch.object(Activity, "_get_session_prices", counted),
        ):
            lines = Line.create(
                [
                    {
                        "request_id": self.cart.id,
                        "child_id": self.severine.id,
                        "activity_id": self.midi.id,
                        "date": day,
                    }
                    for day in days
                ]
            )
        self.assertEqual(pricings, [(self.midi, self.severine, self.family)])
        expected = self.midi._get_session_prices(self.severine, days)
        self.assertEqual(lines.mapped("price"), [float(expected[day]) for day in days])
        self.assertTrue(all(lines.mapped("price")))

    def test_submit_runs_the_portal_checks(self):
        yesterday = self.today - timedelta(days=1)
        stale = self._sudo_line(self.midi, yesterday, action="cancel")
        with self.assertRaises(AccessError):
            self.cart.action_submit()
        with self.assertRaisesRegex(UserError, "hors délai"):
            self.cart._portal_submit()
        stale.unlink()
        # An activity the child is too young for (ADOS: 15 and over).
        teen_day = self._first_open_day(self.teen)
        self._sudo_line(self.teen, teen_day)
        with self.assertRaisesRegex(UserError, "ADOS TOUR"):
            self.cart._portal_submit()
        self.assertEqual(self.cart.state, "cart")
        self.assertEqual(self.cart.line_ids.state, "draft")

    def test_submit_of_a_checked_cart_goes_through(self):
        line = self._sudo_line(self.midi, self.day)
        self.cart._portal_submit()
        self.assertEqual(self.cart.state, "submitted")
        self.assertEqual(line.state, "pending")
        self.assertFalse(line.is_late)

    def test_children_and_pickup_persons_are_read_only_by_rpc(self):
        person = self.env["periscolaire.pickup.person"].create(
            {"child_id": self.severine.id, "name": "Mamie"}
        )
        child = self.severine.with_user(self.user)
        for values in (
            {"birth_date": self.today - timedelta(days=365 * 15)},
            {"site_id": self.other_site.id},
            {"active": False},
            {"allergies": "Arachide"},
        ):
            with self.assertRaises(AccessError, msg=values):
                child.write(values)
        with self.assertRaises(AccessError):
            person.with_user(self.user).write({"child_id": self.lucas.id})
        with self.assertRaises(AccessError):
            self.env["periscolaire.pickup.person"].with_user(self.user).create(
                {"child_id": self.severine.id, "name": "Inconnu"}
            )
        with self.assertRaises(AccessError):
            person.with_user(self.user).unlink()
        # The family page still edits what it offers to edit.
        self._login()
        self._post(f"/my/family/child/{self.severine.id}", {"allergies": "Arachide"})
        self._post(
            f"/my/family/child/{self.severine.id}/pickup",
            {"name": "Papi", "phone": "0600000000", "relationship": "Grand-père"},
        )
        self._post(f"/my/family/pickup/{person.id}/delete")
        self.env.invalidate_all()
        self.assertEqual(self.severine.allergies, "Arachide")
        self.assertEqual(self.severine.pickup_person_ids.mapped("name"), ["Papi"])
        self.assertEqual(self.severine.birth_date, child.sudo().birth_date)

    def test_one_cart_per_family_in_the_database(self):
        self.assertEqual(
            self.env["periscolaire.request"]._portal_get_cart(self.family, create=True),
            self.cart,
        )
        Request = self.env["periscolaire.request"].sudo()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute("SET CONSTRAINTS periscolaire_request_one_cart IMMEDIATE")
                Request.create({"family_id": self.family.id})
                self.env.flush_all()
        # Another family keeps its own cart.
        other = Request.create({"family_id": self.other_family.id})
        self.env.cr.execute("SET CONSTRAINTS periscolaire_request_one_cart IMMEDIATE")
        self.assertEqual(other.state, "cart")

    def test_ical_token_is_indexed(self):
        self.env.cr.execute(
            """
            SELECT indexdef FROM pg_indexes
             WHERE tablename = 'periscolaire_family' AND indexdef LIKE '%%(ical_token)%%'
            """
        )
        self.assertTrue(self.env.cr.fetchall())

    def test_request_state_and_number_are_not_set_by_rpc(self):
        cart = self.cart.with_user(self.user)
        for values in (
            {"state": "submitted"},
            {"name": "Commande #1"},
            {"submitted_at": self.today},
            {"family_id": self.family.id},
            {"exception_comment": "Reprise d'emploi lundi."},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                cart.write(values)
        Request = self.env["periscolaire.request"].with_user(self.user)
        with self.assertRaises(AccessError):
            Request.create({"family_id": self.family.id, "state": "submitted"})
        with self.assertRaises(AccessError):
            Request.with_context(default_state="processed").create({"family_id": self.family.id})
        self.assertEqual(self.cart.state, "cart")
        self.assertEqual(self.cart.name, "Panier")
        self.assertFalse(self.cart.exception_comment)

    def test_staff_fields_of_a_request_refused_to_parents_even_allowed_to_write(self):
        self.env["ir.model.access"].create(
            {
                "name": "widened by mistake",
                "model_id": self.env["ir.model"]._get_id("periscolaire.request"),
                "group_id": self.env.ref("base.group_portal").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
            }
        )
        with self.assertRaisesRegex(AccessError, "État"):
            self.cart.write({"state": "submitted"})
        with self.assertRaisesRegex(AccessError, "Numéro"):
            self.env["periscolaire.request"].with_user(self.user).create(
                {"family_id": self.family.id, "name": "Commande #1"}
            )
        self.assertEqual(self.cart.state, "cart")
