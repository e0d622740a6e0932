# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MONDAY, PeriscolaireCommon


class ArrivalOrderCommon(PeriscolaireCommon):
    """Five families, one child each, and a day with four places."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.four_places = cls._create_activity(5, "ACCUEIL QUATRE PLACES", cls.site_a, capacity=4)
        cls.agent = new_test_user(
            cls.env,
            login="agent_order",
            groups="periscolaire_portal.group_periscolaire_agent",
            name="Agent Ordre",
        )
        cls.manager = new_test_user(
            cls.env,
            login="manager_order",
            groups="periscolaire_portal.group_periscolaire_manager",
            name="Responsable Ordre",
        )
        cls.families = cls.env["periscolaire.family"]
        for number in range(1, 6):
            referent = cls.env["res.partner"].create(
                {"name": f"Parent {number}", "email": f"parent{number}@example.com"}
            )
            cls.families |= cls._create_family(f"FAMILLE{number}", referent, [f"Enfant{number}"])

    def _submit_in_order(self, activity=None, day=MONDAY, late=()):
        """Families 1 to 5 ask for ``day``, one minute apart, in that order;
        the families whose number is in ``late`` are past the deadline."""
        return [
            self._submit(
                family,
                [(family.child_ids, activity or self.four_places, day, "book", number in late)],
                submitted_at=self._at(8, number),
                exception_reason="job_start" if number in late else False,
            )
            for number, family in enumerate(self.families, start=1)
        ]

    def _confirmed(self, activity=None, day=MONDAY):
        return self.env["periscolaire.reservation"].search(
            [
                ("activity_id", "=", (activity or self.four_places).id),
                ("date", "=", day),
                ("state", "=", "confirmed"),
            ]
        )


@tagged("post_install", "-at_install")
class TestArrivalOrder(ArrivalOrderCommon):
    """Whoever validates, and in whatever order, a day's places go by arrival
    order over all its pending lines."""

    def setUp(self):
        super().setUp()
        self.requests = self._submit_in_order()

    def assertFirstFourPlaced(self):
        lines = [request.line_ids for request in self.requests]
        for number, line in enumerate(lines[:4], start=1):
            self.assertEqual(line.state, "validated", f"family {number}")
            self.assertEqual(line.reservation_id.state, "confirmed", f"family {number}")
        self.assertEqual(lines[4].state, "waiting")
        self.assertEqual(lines[4].waiting_rank, 1)
        self.assertEqual(self._confirmed().child_id, self.families[:4].child_ids)
        for request in self.requests:
            self.assertEqual(request.state, "processed")
            self.assertEqual(len(self._messages(request, "a été traitée")), 1)

    def test_an_agent_validates_the_last_arrival_first(self):
        self.requests[4].with_user(self.agent).action_validate_lines()
        self.assertFirstFourPlaced()

    def test_an_agent_validates_the_last_arrival_from_the_list_of_lines(self):
        self.requests[4].line_ids.with_user(self.agent).action_validate()
        self.assertFirstFourPlaced()

    def test_any_order_of_validations_and_the_nightly_run(self):
        cases = {
            "agent: 5, 3, 1": [("agent", 4), ("agent", 2), ("agent", 0)],
            "manager: 4 then nightly": [("manager", 3), ("nightly", None)],
            "agent 2, manager 5, nightly": [("agent", 1), ("manager", 4), ("nightly", None)],
            "nightly only": [("nightly", None)],
            "nightly then agent 5": [("nightly", None), ("agent", 4)],
        }
        for name, steps in cases.items():
            with self.subTest(name):
                savepoint = self.env.cr.savepoint()
                try:
                    for who, index in steps:
                        if who == "nightly":
                            self.env["periscolaire.request"]._cron_process_requests()
                            continue
                        user = self.agent if who == "agent" else self.manager
                        self.requests[index].with_user(user).action_validate_lines()
                    self.assertFirstFourPlaced()
                finally:
                    savepoint.close(rollback=True)

    def test_a_parent_cannot_validate_by_rpc(self):
        parent = self.env["res.users"].create(
            {
                "name": "Parent 5",
                "login": "parent5_order",
                "partner_id": self.families[4].referent_id.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.requests[4].with_user(parent).action_validate_lines()
        with self.assertRaises(AccessError):
            self.requests[4].line_ids.with_user(parent).action_validate()
        self.assertEqual({request.line_ids.state for request in self.requests}, {"pending"})

    def test_ranks_stay_one_to_n_when_the_waiting_list_moves(self):
        self.activity.capacity = 1
        others = [
            self._submit(family, [(family.child_ids, self.activity, MONDAY)], self._at(9, n))
            for n, family in enumerate(self.families)
        ]
        others[2].with_user(self.agent).action_validate_lines()
        waiting = [request.line_ids for request in others[1:]]
        self.assertEqual([line.waiting_rank for line in waiting], [1, 2, 3, 4])
        # Refused from the middle of the list, then a place freed.
        waiting[1]._refuse("Dossier incomplet")
        self.assertEqual([line.waiting_rank for line in waiting], [1, 0, 2, 3])
        others[0].line_ids.reservation_id.action_cancel()
        self.assertEqual(waiting[0].state, "validated")
        self.assertEqual([line.waiting_rank for line in waiting[2:]], [1, 2])


@tagged("post_install", "-at_install")
class TestLateLinesInTheOrder(ArrivalOrderCommon):
    """Late lines (hors délai) are decided by staff: the nightly run leaves
    them, they hold no on-time line back and come after them; among late
    lines the arrival order holds."""

    def test_the_nightly_run_leaves_late_lines_and_is_not_held_back_by_them(self):
        requests = self._submit_in_order(late={1})
        self.env["periscolaire.request"]._cron_process_requests()
        self.assertEqual(requests[0].line_ids.state, "pending")
        self.assertEqual([request.line_ids.state for request in requests[1:]], ["validated"] * 4)

    def test_validating_an_on_time_request_leaves_the_late_lines_undecided(self):
        requests = self._submit_in_order(late={2})
        requests[4].with_user(self.agent).action_validate_lines()
        self.assertEqual(requests[1].line_ids.state, "pending")
        self.assertEqual([requests[n].line_ids.state for n in (0, 2, 3, 4)], ["validated"] * 4)

    def test_a_late_line_comes_after_the_on_time_lines_of_its_day(self):
        requests = self._submit_in_order(late={1})
        # Family 1 sent first but late: staff accept it once the day is settled.
        requests[0].with_user(self.agent).action_validate_lines()
        self.assertEqual([request.line_ids.state for request in requests[1:]], ["validated"] * 4)
        self.assertEqual(requests[0].line_ids.state, "waiting")
        self.assertEqual(requests[0].line_ids.waiting_rank, 1)

    def test_a_late_line_cannot_pass_an_earlier_undecided_late_line(self):
        requests = self._submit_in_order(late={4, 5})
        with self.assertRaisesRegex(UserError, "Passer devant"):
            requests[4].with_user(self.agent).action_validate_lines()
        self.assertEqual({r.line_ids.state for r in requests}, {"pending"})
        requests[3].with_user(self.agent).action_validate_lines()
        requests[4].with_user(self.agent).action_validate_lines()
        self.assertEqual(requests[3].line_ids.state, "validated")
        self.assertEqual(requests[4].line_ids.state, "waiting")

    def test_a_day_without_activity_is_still_refused_with_its_reason(self):
        saturday = date(2030, 3, 16)
        requests = self._submit_in_order(day=saturday)
        requests[4].with_user(self.agent).action_validate_lines()
        for request in requests:
            self.assertEqual(request.line_ids.state, "refused")
            self.assertIn("Pas d'activité", request.line_ids.refuse_reason)
