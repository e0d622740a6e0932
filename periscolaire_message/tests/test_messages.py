# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The family's thread through the routes a browser uses: the portal chatter
of the parents, the chatter of the back office, and what anyone else may try."""

import json
import re

from odoo import http
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.periscolaire_portal.tests.axe import AxeMixin, AxePage
from odoo.addons.periscolaire_portal.tests.households_common import HouseholdsMixin
from odoo.addons.periscolaire_portal.tests.portal_common import PNG, PortalCommon, page


@tagged("post_install", "-at_install")
class TestFamilyMessages(HouseholdsMixin, AxeMixin, PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_households(cls.site)
        cls.agent = new_test_user(
            cls.env,
            login="pf_agent",
            groups="periscolaire_portal.group_periscolaire_agent",
            name="Agent Périscolaire",
            email="agent@example.com",
        )

    # ------------------------------------------------------------------
    # Helpers: what the portal chatter's JavaScript sends
    # ------------------------------------------------------------------
    def _thread_attributes(self):
        """``(res_id, pid, hash)`` of the chatter on /my/messages, as rendered."""
        html = self.url_open("/my/messages").text
        chatter = re.search(r'<div id="discussion"[^>]*>', html).group(0)
        attributes = dict(re.findall(r'data-(\w+)="([^"]*)"', chatter))
        self.assertEqual(attributes["res_model"], "periscolaire.family")
        self.assertNotIn("token", attributes, "the family's access token stays on the server")
        return int(attributes["res_id"]), int(attributes["pid"]), attributes["hash"]

    def _upload(self, thread_id, name, raw, **params):
        response = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "thread_id": thread_id,
                "thread_model": "periscolaire.family",
                "is_pending": "true",
                **params,
            },
            files={"ufile": (name, raw, "image/png")},
        )
        return response

    def _post(self, thread_id, body, **params):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "periscolaire.family",
                "thread_id": thread_id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    **params.pop("post_data", {}),
                },
                **params,
            },
        )

    def _fetch(self, thread_id, **params):
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "periscolaire.family", "thread_id": thread_id, **params},
        )
        return json.dumps(result["data"], ensure_ascii=False)

    def _messages(self, family, text):
        self.env.invalidate_all()
        return family.message_ids.filtered(lambda message: text in (message.body or ""))

    def _unread(self, family):
        self.env.invalidate_all()
        return family._portal_unread_message_count()

    # ------------------------------------------------------------------
    # Family → staff → family
    # ------------------------------------------------------------------
    def test_round_trip(self):
        self._login()
        thread_id, pid, hash_ = self._thread_attributes()
        self.assertEqual((thread_id, pid), (self.family.id, self.user.partner_id.id))

        # The parent writes, with a photo, as the portal chatter does.
        upload = self._upload(thread_id, "ordonnance.png", PNG, pid=pid, hash=hash_)
        self.assertEqual(upload.status_code, 200)
        attachment = upload.json()["data"]["ir.attachment"][0]
        self._post(
            thread_id,
            "Bonjour, Victor mangera sans porc à partir de lundi.",
            post_data={"attachment_ids": [attachment["id"]]},
            attachment_tokens=[attachment["access_token"]],
            pid=pid,
            hash=hash_,
        )
        question = self._messages(self.family, "sans porc à partir de lundi")
        self.assertEqual(question.author_id, self.user.partner_id)
        self.assertEqual(question.attachment_ids.name, "ordonnance.png")
        self.assertEqual(question.attachment_ids.res_model, "periscolaire.family")
        self.assertTrue(self.family.message_awaiting_answer)

        # The agent answers from the family's chatter, and logs a note.
        self.authenticate(self.agent.login, self.agent.login)
        self._post(self.family.id, "C'est noté, bonne journée.")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "periscolaire.family",
                "thread_id": self.family.id,
                "post_data": {
                    "body": "Note interne : appeler la cuisine",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )
        self.env.invalidate_all()
        answer = self._messages(self.family, "C'est noté")
        self.assertEqual(answer.author_id, self.agent.partner_id)
        self.assertFalse(self.family.message_awaiting_answer)
        self.assertIn(
            self.user.partner_id,
            answer.notification_ids.res_partner_id,
            "the référent follows the family and gets the answer by mail",
        )

        # The parent sees one unread answer on /my and in "Mes alertes".
        self.assertEqual(self._unread(self.family), 1)
        self._login()
        home = self._home_counters()
        self.assertEqual(home["periscolaire_unread_message_count"], 1)
        self.assertEqual(home["periscolaire_unread_message_label"], "— 1 message(s) non lu(s)")
        self.assertIn("1 message(s) non lu(s)", page(self.url_open("/my/alerts")))
        fetched = self._fetch(self.family.id)
        self.assertIn("C'est noté, bonne journée.", fetched)
        self.assertIn("sans porc à partir de lundi", fetched)
        self.assertIn("ordonnance.png", fetched)
        self.assertNotIn("appeler la cuisine", fetched)
        # Reading the thread clears the count; the parent's own message never counted.
        self.url_open("/my/messages")
        self.assertEqual(self._unread(self.family), 0)
        home = self._home_counters()
        self.assertIsNone(home["periscolaire_unread_message_count"])
        self.assertEqual(home["periscolaire_unread_message_label"], "")
        self.assertNotIn("message(s) non lu(s)", page(self.url_open("/my/alerts")))
        self.assertEqual(self._unread(self.other_family), 0)

    # ------------------------------------------------------------------
    # Only one's own thread, whatever the route
    # ------------------------------------------------------------------
    def _refused(self, call, *args, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            call(*args, **kwargs)

    def test_other_family_and_anonymous_see_nothing(self):
        secret = "Message confidentiel de la famille DURAND"
        message = self.family.with_user(self.agent).message_post(
            body=secret, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "confidentiel.png",
                "raw": PNG,
                "res_model": "periscolaire.family",
                "res_id": self.family.id,
            }
        )
        message.attachment_ids = attachment
        self._login()
        _thread, pid_a, hash_a = self._thread_attributes()

        # Another family: its page is its own thread; every mail route refuses the other one.
        self._login(self.other_user)
        thread_b, pid_b, hash_b = self._thread_attributes()
        self.assertEqual(thread_b, self.other_family.id)
        self.assertNotIn(secret, page(self.url_open("/my/messages")))
        self.assertNotIn(secret, self._fetch(self.family.id))
        self._refused(self._fetch, self.family.id, token="not-the-token")
        thread_messages = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "periscolaire.family", "thread_id": self.family.id},
        )
        self.assertEqual(thread_messages["messages"], [])
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "periscolaire.family",
                "thread_id": self.family.id,
                "request_list": ["followers", "attachments"],
            },
        )
        self.assertNotIn("confidentiel", json.dumps(data))
        self.assertNotIn(secret, json.dumps(self._chatter_init(self.family.id)))
        for params in ({}, {"pid": pid_b, "hash": hash_b}, {"pid": pid_a, "hash": hash_b}):
            self._refused(self._post, self.family.id, "Intrusion", **params)
            upload = self._upload(self.family.id, "x.png", PNG, **params)
            self.assertEqual(upload.status_code, 404)
        self.assertIn(self.url_open(f"/web/content/{attachment.id}").status_code, (403, 404))
        # JSON-RPC on the models themselves.
        found = self._call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "periscolaire.family"), ("res_id", "=", self.family.id)]],
            {"fields": ["body"]},
        )
        self.assertEqual(found, [])
        self._refused(self._call_kw, "mail.message", "read", [[message.id], ["body"]])
        self._refused(
            self._call_kw, "periscolaire.family", "read", [[self.family.id], ["message_ids"]]
        )
        for family in (self.family, self.other_family):
            # Not even on its own family: posting goes through the checked routes only.
            self._refused(
                self._call_kw,
                "periscolaire.family",
                "message_post",
                [[family.id]],
                {"body": "Intrusion", "message_type": "comment"},
            )
        self._refused(
            self._call_kw,
            "ir.attachment",
            "read",
            [[attachment.id], ["datas"]],
        )

        # Anonymous visitors.
        self.logout()
        response = self.url_open("/my/messages")
        self.assertIn("/web/login", response.url)
        self.assertNotIn(secret, self._fetch(self.family.id))
        self._refused(self._post, self.family.id, "Intrusion")
        self._refused(self._post, self.family.id, "Intrusion", pid=pid_b, hash=hash_a)
        self.assertEqual(self._upload(self.family.id, "x.png", PNG).status_code, 404)
        self.assertIn(self.url_open(f"/web/content/{attachment.id}").status_code, (403, 404))

        self.env.invalidate_all()
        self.assertFalse(self._messages(self.family, "Intrusion"))
        self.assertFalse(self._messages(self.other_family, "Intrusion"))

    def test_each_household_of_a_shared_child_reads_only_its_own_thread(self):
        secret = "Jugement du juge aux affaires familiales reçu, merci"
        self.father_home.with_user(self.agent).message_post(
            body=secret, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._login(self.father)
        self.assertEqual(self._thread_attributes()[0], self.father_home.id)
        self.assertIn(secret, self._fetch(self.father_home.id))
        self._login(self.mother)
        thread, _pid, _hash = self._thread_attributes()
        self.assertEqual(thread, self.mother_home.id)
        self.assertNotIn(secret, page(self.url_open("/my/messages")))
        self.assertNotIn(secret, self._fetch(self.father_home.id))
        found = self._call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "periscolaire.family"), ("res_id", "=", self.father_home.id)]],
            {"fields": ["body"]},
        )
        self.assertEqual(found, [])
        self.assertNotIn(secret, json.dumps(self._chatter_init(self.father_home.id)))

    def _chatter_init(self, thread_id):
        return self.make_jsonrpc_request(
            "/portal/chatter_init",
            {"thread_model": "periscolaire.family", "thread_id": thread_id},
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_messages_page_passes_axe(self):
        self.family.with_user(self.agent).message_post(
            body="Bonjour, le menu de jeudi change.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNoAxeViolations(
            self.user.login, [AxePage("/my/messages", ready=".o-mail-Message"), "/my/alerts"]
        )
