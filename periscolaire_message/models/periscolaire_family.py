# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The family's chatter as the thread between a household and the town's
service: the parents read and write it on the portal (Odoo's portal chatter),
the staff answer from the family's form. Nothing here stores messages: the
thread is ``mail.message`` on ``periscolaire.family``."""

from odoo import fields, models
from odoo.osv import expression


class PeriscolaireFamily(models.Model):
    _name = "periscolaire.family"
    _inherit = ["periscolaire.family", "portal.mixin"]

    message_seen_up_to = fields.Integer(
        string="Messages lus jusqu'au n°",
        copy=False,
        readonly=True,
        help="Le dernier message du fil que la famille a vu sur le portail.",
    )
    message_awaiting_answer = fields.Boolean(
        string="Message à traiter",
        copy=False,
        index=True,
        help="La famille a écrit au service et n'a pas encore reçu de réponse.",
    )
    family_message_date = fields.Datetime(
        string="Dernier message de la famille", copy=False, readonly=True
    )

    def _compute_access_url(self):
        for family in self:
            family.access_url = "/my/messages"

    # ------------------------------------------------------------------
    # The thread as the portal shows it
    # ------------------------------------------------------------------
    def _portal_message_domain(self):
        """The family's messages that its parents see: the domain of Odoo's
        portal chatter (``/mail/chatter_fetch``), never internal notes."""
        self.ensure_one()
        Message = self.env["mail.message"]
        return expression.AND(
            [
                self._fields["website_message_ids"].get_domain_list(self),
                Message._get_search_domain_share(),
                [
                    ("res_id", "=", self.id),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                    "|",
                    ("body", "!=", ""),
                    ("attachment_ids", "!=", False),
                ],
            ]
        )

    def _portal_unread_message_count(self):
        """Messages of the service the household has not seen on the portal."""
        self.ensure_one()
        self.check_access("read")
        family = self.sudo()
        return (
            self.env["mail.message"]
            .sudo()
            .search_count(
                family._portal_message_domain()
                + [
                    ("id", ">", family.message_seen_up_to),
                    ("author_id", "not in", family._get_family_partners().ids),
                ]
            )
        )

    def _portal_mark_messages_seen(self):
        """The household opened its thread: what is there now is read."""
        self.ensure_one()
        self.check_access("read")
        family = self.sudo()
        last = (
            self.env["mail.message"]
            .sudo()
            .search(family._portal_message_domain(), order="id desc", limit=1)
        )
        if last.id <= family.message_seen_up_to:
            return
        family.message_seen_up_to = last.id

    def _portal_thread_values(self):
        """What ``portal.message_thread`` needs so that the logged-in parent
        posts on the family's thread: their partner and its signed hash.

        The family's access token stays on the server (it would open the thread
        to whoever holds it); the hash only lets this partner post.
        """
        self.ensure_one()
        self.check_access("read")
        partner = self.env.user.partner_id
        family = self.sudo()
        family._portal_ensure_token()
        return {
            "object": self,
            "pid": partner.id,
            "hash": family._sign_token(partner.id),
            "message_per_page": 20,
        }

    def _portal_alert_count(self):
        return super()._portal_alert_count() + self._portal_unread_message_count()

    # ------------------------------------------------------------------
    # Who is waiting for whom
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        if message.message_type in ("comment", "email") and message.subtype_id == self.env.ref(
            "mail.mt_comment"
        ):
            author = message.author_id
            if author in self._get_family_partners():
                self.sudo().write(
                    {"message_awaiting_answer": True, "family_message_date": message.date}
                )
            elif author.user_ids.filtered(lambda user: not user.share):
                self.sudo().message_awaiting_answer = False
        return result

    def action_mark_message_answered(self):
        self.write({"message_awaiting_answer": False})
        return True
