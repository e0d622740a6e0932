# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_arrival_order import ArrivalOrderCommon


@tagged("post_install", "-at_install")
class TestQueueJump(ArrivalOrderCommon):
    """ "Passer devant": only a manager, only with a reason, only into a free
    place; recorded in the request's chatter and history."""

    def setUp(self):
        super().setUp()
        self.requests = self._submit_in_order()
        self.last = self.requests[4].line_ids

    def _jump(self, lines, reason, user=None):
        action = lines.with_user(user or self.manager).action_open_priority_wizard()
        wizard_env = self.env(user=user or self.manager, context=action["context"])
        with Form(wizard_env[action["res_model"]]) as form:
            form.reason = reason
        return form.record.action_confirm()

    def test_a_manager_gives_the_last_arrival_a_place_with_a_reason(self):
        self._jump(self.last, "Reprise d'emploi lundi, signalée par le CCAS")

        self.assertEqual(self.last.state, "validated")
        self.assertEqual(self.last.reservation_id.state, "confirmed")
        history = self.requests[4].priority_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.user_id, self.manager)
        self.assertEqual(history.reason, "Reprise d'emploi lundi, signalée par le CCAS")
        self.assertEqual(history.overtaken_count, 4)
        self.assertEqual(
            history.overtaken_line_ids,
            self.env["periscolaire.request.line"].union(
                *(request.line_ids for request in self.requests[:4])
            ),
        )
        note = self._notes(self.requests[4], "Passe devant")
        self.assertEqual(len(note), 1)
        self.assertIn("signalée par le CCAS", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        # The family is told its request is processed, once.
        self.assertEqual(len(self._messages(self.requests[4], "a été traitée")), 1)

        # The others then share the three places left, in arrival order.
        self.env["periscolaire.request"]._cron_process_requests()
        states = [request.line_ids.state for request in self.requests[:4]]
        self.assertEqual(states, ["validated", "validated", "validated", "waiting"])
        self.assertEqual(self.requests[3].line_ids.waiting_rank, 1)
        self.assertEqual(len(self._confirmed()), 4)

    def test_an_agent_cannot_pass_a_request_before_the_others(self):
        with self.assertRaises(AccessError):
            self.last.with_user(self.agent).action_open_priority_wizard()
        with self.assertRaises(AccessError):
            self.last.with_user(self.agent)._jump_the_queue("Urgence")
        self.assertEqual(self.last.state, "pending")

    def test_the_reason_is_mandatory(self):
        with self.assertRaises(UserError):
            self.last.with_user(self.manager)._jump_the_queue("   ")
        with self.assertRaises(UserError):
            self._jump(self.last, " \n ")
        self.assertEqual(self.last.state, "pending")
        self.assertFalse(self.requests[4].priority_ids)

    def test_never_beyond_the_capacity(self):
        self.requests[0].action_validate_lines()
        self.assertEqual(self.last.state, "waiting")
        with self.assertRaisesRegex(UserError, "plus aucune place libre"):
            self._jump(self.last, "Urgence")
        self.assertEqual(self.last.state, "waiting")
        self.assertEqual(len(self._confirmed()), 4)
        self.assertFalse(self.requests[4].priority_ids)

    def test_a_waiting_line_jumps_and_the_ranks_close_up(self):
        self.four_places.capacity = 1
        self.requests[0].action_validate_lines()
        waiting = [request.line_ids for request in self.requests[1:]]
        self.assertEqual([line.waiting_rank for line in waiting], [1, 2, 3, 4])
        self.four_places.capacity = 2  # one more place, not yet given
        self._jump(waiting[2], "Fratrie déjà accueillie")
        self.assertEqual(waiting[2].state, "validated")
        self.assertEqual([line.waiting_rank for line in waiting], [1, 2, 0, 3])
        self.assertEqual(self.requests[3].priority_ids.overtaken_count, 2)

    def _notes(self, record, text):
        return record.message_ids.filtered(
            lambda message: (
                message.subtype_id == self.env.ref("mail.mt_note") and text in (message.body or "")
            )
        )
