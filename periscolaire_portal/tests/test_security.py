# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MONDAY, PeriscolaireCommon

FAMILY_MODELS = (
    "periscolaire.family",
    "periscolaire.child",
    "periscolaire.pickup.person",
    "periscolaire.request",
    "periscolaire.request.line",
    "periscolaire.reservation",
)


@tagged("post_install", "-at_install")
class TestPortalRecordRules(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for child in cls.family_a.child_ids | cls.family_b.child_ids:
            child.pickup_person_ids = [Command.create({"name": f"Mamie de {child.first_name}"})]

    def setUp(self):
        super().setUp()
        self.request_a = self._submit(self.family_a, [(self.severine, self.activity, MONDAY)])
        self.request_b = self._submit(self.family_b, [(self.lucas, self.activity, MONDAY)])
        (self.request_a | self.request_b).action_validate_lines()
        self.cart_b = self.env["periscolaire.request"].create({"family_id": self.family_b.id})
        self.records = {
            "a": self._family_records(self.family_a),
            "b": self._family_records(self.family_b),
        }
        for model in FAMILY_MODELS:
            self.assertTrue(self.records["a"][model], model)
            self.assertTrue(self.records["b"][model], model)

    def _family_records(self, family):
        env = self.env
        return {
            "periscolaire.family": family,
            "periscolaire.child": family.child_ids,
            "periscolaire.pickup.person": family.child_ids.pickup_person_ids,
            "periscolaire.request": env["periscolaire.request"].search(
                [("family_id", "=", family.id)]
            ),
            "periscolaire.request.line": env["periscolaire.request.line"].search(
                [("family_id", "=", family.id)]
            ),
            "periscolaire.reservation": env["periscolaire.reservation"].search(
                [("family_id", "=", family.id)]
            ),
        }

    def _assert_sees_only(self, user, own, other):
        for model in FAMILY_MODELS:
            Model = self.env[model].with_user(user)
            found = Model.search([])
            self.assertEqual(found, own[model].with_user(user), model)
            self.assertFalse(Model.search_count([("id", "in", other[model].ids)]), model)
            with self.assertRaises(AccessError, msg=model):
                other[model].with_user(user).read(["display_name"])
            own[model].with_user(user).read(["display_name"])

    def test_referent_reads_only_their_family(self):
        self._assert_sees_only(self.user_a, self.records["a"], self.records["b"])
        self._assert_sees_only(self.user_b, self.records["b"], self.records["a"])

    def test_other_adult_of_the_family_reads_it_too(self):
        adult = new_test_user(
            self.env, login="parent_a2", groups="base.group_portal", name="Marc DURAND"
        )
        self.family_a.adult_ids = [Command.link(adult.partner_id.id)]
        self._assert_sees_only(adult, self.records["a"], self.records["b"])
        self.assertEqual(
            self.env["periscolaire.family"].with_user(adult)._get_portal_family(),
            self.family_a,
        )

    def test_portal_user_cannot_write_another_family_or_a_sent_request(self):
        with self.assertRaises(AccessError):
            self.cart_b.with_user(self.user_a).write({"exception_comment": "intrusion"})
        with self.assertRaises(AccessError):
            self.env["periscolaire.request.line"].with_user(self.user_a).create(
                {
                    "request_id": self.cart_b.id,
                    "child_id": self.severine.id,
                    "activity_id": self.activity.id,
                    "date": MONDAY,
                }
            )
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.user_a).write({"exception_comment": "après envoi"})
        with self.assertRaises(AccessError):
            self.records["a"]["periscolaire.reservation"].with_user(self.user_a).write(
                {"attendance": "present"}
            )

    def test_portal_user_sends_their_own_cart_filled_by_the_pages(self):
        Request = self.env["periscolaire.request"].with_user(self.user_a)
        # Parents read their requests; they write them only through the pages' checked methods.
        with self.assertRaises(AccessError):
            Request.create({"family_id": self.family_a.id})
        cart = Request._portal_get_cart(self.family_a, create=True)
        line_values = {
            "request_id": cart.id,
            "child_id": self.victor.id,
            "activity_id": self.activity.id,
            "date": MONDAY,
        }
        # Lines are added by the booking pages after their checks, not by RPC.
        with self.assertRaises(AccessError):
            self.env["periscolaire.request.line"].with_user(self.user_a).create(line_values)
        self.env["periscolaire.request.line"].sudo().create(line_values)
        with self.assertRaises(AccessError):
            cart.action_submit()
        # Sending runs the pages' checks: Victor's documents are missing.
        with self.assertRaisesRegex(UserError, "documents"):
            cart._portal_submit()
        self.env["periscolaire.document.type"].search([]).write({"blocking": False})
        cart._portal_submit()
        self.assertEqual(cart.state, "submitted")
        self.assertEqual(cart.line_ids.state, "pending")
        received = self._messages(cart.sudo(), "a été transmise")
        self.assertEqual(len(received), 1)
        self.assertIn(self.user_a.partner_id, received.sudo().notification_ids.res_partner_id)

    def test_staff_of_another_company_sees_nothing(self):
        other_company = self.env["res.company"].create({"name": "Autre ville"})
        agent = new_test_user(
            self.env,
            login="agent_other",
            groups="periscolaire_portal.group_periscolaire_agent",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        for model in FAMILY_MODELS + ("periscolaire.activity", "periscolaire.site"):
            self.assertFalse(self.env[model].with_user(agent).search([]), model)
        own_agent = new_test_user(
            self.env,
            login="agent_here",
            groups="periscolaire_portal.group_periscolaire_agent",
        )
        self.assertEqual(
            self.env["periscolaire.family"]
            .with_user(own_agent)
            .search([("id", "in", (self.family_a | self.family_b).ids)]),
            self.family_a | self.family_b,
        )
