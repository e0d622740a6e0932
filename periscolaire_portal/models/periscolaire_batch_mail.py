# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools
import uuid

from lxml import html
from markupsafe import Markup

from odoo import models
from odoo.tools import clean_context, split_every
from odoo.tools.mail import generate_tracking_message_id

#: Messages that a notification mail refers to first in its References header
#: (as ``mail.thread._notify_by_email_get_base_mail_values`` does).
OUTGOING_TYPES = ("comment", "auto_comment", "email", "email_outgoing")


class PeriscolaireBatchMailMixin(models.AbstractModel):
    """Post one mail template on many records at once.

    ``message_post_with_source`` works record per record: the template's body
    is compiled again for each record, and each message costs a dozen queries
    and is sent inline. A nightly run over hundreds of requests cannot afford
    that, so this makes the same messages, notifications and mails for the
    whole batch: the body compiled once per language, each kind of record
    created in one go, the mails left in the mail queue for the mail cron."""

    _name = "periscolaire.batch.mail.mixin"
    _description = "Envoi d'un modèle de mail à un lot d'enregistrements"

    def _message_post_template_batch(self, template):
        """Post ``template`` as a comment on every record of ``self``, as
        ``message_post_with_source(template, message_type="comment",
        subtype_xmlid="mail.mt_comment")`` posts it on one record, and queue
        the mails of its recipients (the template's and the followers').
        Return the messages."""
        records = self.sudo().with_context(clean_context(self.env.context))._fallback_lang()
        if not records:
            return self.env["mail.message"]
        template = template.sudo()
        values_list = records._batch_mail_message_values(template)
        messages = records._message_create(values_list)
        for record, message, values in zip(records, messages, values_list, strict=True):
            record._message_post_after_hook(message, values)
        langs = template._render_field("lang", records.ids)
        records._batch_mail_notify(messages, values_list, langs, template.auto_delete)
        return messages

    def _write_tracked_batch(self, values):
        """``write(values)``, the notes that tracking logs record per record
        (old and new values of the tracked fields) logged for the whole batch
        in one go; records already tracked in the transaction, or whose
        tracking posts a subtype or a template, are left to Odoo's own
        tracking."""
        tracked = self._track_get_fields() & set(values)
        context = self.env.context
        if not tracked or context.get("tracking_disable") or context.get("mail_notrack"):
            return self.write(values)
        fields_info = self.fields_get(
            tracked, attributes=("string", "type", "selection", "currency_field")
        )
        initial = {record.id: {fname: record[fname] for fname in tracked} for record in self}
        # already tracked in this transaction (e.g. sent then processed at once):
        # Odoo logs one note from the first values, leave it to do so
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        if any(
            record.id in pending
            or record._track_subtype(initial[record.id])
            or record._track_template(tracked)
            for record in self
        ):
            return self.write(values)
        self.with_context(mail_notrack=True).write(values)
        author_id, email_from = self._message_compute_author(None, None, raise_on_email=False)
        base_values = {
            "author_id": author_id,
            "email_from": email_from,
            "model": self._name,
            "record_alias_domain_id": False,
            "record_company_id": False,
            "record_name": False,
            "message_type": "notification",
            "is_internal": True,
            "subject": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_add_signature": False,
            "partner_ids": False,
            "attachment_ids": False,
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False],
        }
        values_list = []
        tracking_list = []
        for record in self:
            changes, tracking_values = record._mail_track(fields_info, initial[record.id])
            if not tracking_values:
                continue
            values_list.append(
                dict(
                    base_values,
                    res_id=record.id,
                    body=record._track_get_default_log_message(changes) or "",
                    message_id=generate_tracking_message_id("message-notify"),
                )
            )
            tracking_list.append([command[2] for command in tracking_values])
        messages = self.sudo()._message_create(values_list)
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(values, mail_message_id=message.id)
                for message, message_tracking in zip(messages, tracking_list, strict=True)
                for values in message_tracking
            ]
        )
        return True

    def _batch_mail_message_values(self, template):
        """Values of the messages, as the mail composer and ``message_post``
        compute them from ``template`` (see ``mail.compose.message``)."""
        res_ids = self.ids
        subjects = template._render_field("subject", res_ids, compute_lang=True)
        bodies = self._render_template_body_batch(template)
        recipients = template._generate_template(
            res_ids, {"email_cc", "email_to", "partner_to"}, find_or_create_partners=True
        )
        emails_from = template._render_field("email_from", res_ids) if template.email_from else {}
        author = self.env.user.partner_id
        companies = self._mail_get_companies(default=self.env.company)
        alias_domains = self._mail_get_alias_domains(default_company=self.env.company)
        parents = self._batch_mail_parents()
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        values_list = []
        for record in self:
            author_id, email_from = record._message_compute_author(
                author.id, emails_from.get(record.id) or self.env.user.email_formatted
            )
            values_list.append(
                {
                    "author_id": author_id,
                    "email_from": email_from,
                    "model": self._name,
                    "res_id": record.id,
                    "body": bodies[record.id],
                    "subject": subjects[record.id] or False,
                    "message_type": "comment",
                    "subtype_id": subtype_id,
                    "parent_id": parents.get(record.id, False),
                    "partner_ids": recipients[record.id].get("partner_ids", []),
                    "record_name": record.display_name,
                    "record_alias_domain_id": alias_domains[record.id].id,
                    "record_company_id": companies[record.id].id,
                    "email_add_signature": False,
                    "email_layout_xmlid": template.email_layout_xmlid or False,
                    "mail_server_id": template.mail_server_id.id,
                    "reply_to_force_new": False,
                }
            )
        reply_tos = {}
        for values in values_list:
            email_from = values["email_from"]
            if email_from not in reply_tos:
                reply_tos[email_from] = self._notify_get_reply_to(default=email_from)
            values["reply_to"] = reply_tos[email_from][values["res_id"]]
        return values_list

    def _batch_mail_parents(self):
        """{record id: its first message}, the parent of a new message in a
        flat thread (see ``mail.thread._message_compute_parent_id``)."""
        if not self._mail_flat_thread:
            return {}
        groups = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("message_type", "!=", "user_notification"),
                ],
                ["res_id"],
                ["id:min"],
            )
        )
        return dict(groups)

    def _render_template_body_batch(self, template):
        """{record id: body of ``template``} rendered in one QWeb compilation
        per language instead of one per record: the body is wrapped in a loop
        over the records, each output between two separators that no record
        can produce, and the result is split on them."""
        bodies = {}
        for tmpl, res_ids in template._classify_per_lang(self.ids).values():
            records = tmpl.env[self._name].browse(res_ids)
            separator = f"<!--{uuid.uuid4().hex}-->"
            # The closing separator also keeps the body's last whitespace,
            # which QWeb would trim at the end of the loop.
            root = html.fragment_fromstring(
                '<t t-foreach="objects" t-as="object"><t t-out="separator"/>'
                f'{tmpl.body_html or ""}<t t-out="separator"/></t>',
                create_parent="div",
            )
            values = tmpl._render_eval_context()
            # the same few days over and over: format each once
            values["format_date"] = functools.cache(values["format_date"])
            values.update(objects=records, separator=Markup(separator))
            # without the <div> wrapping the fragment, as Odoo renders it
            rendered = tmpl.env["ir.qweb"]._render(root, values)[5:-6]
            parts = [Markup(part) for part in rendered.split(separator)[1::2]]
            bodies.update(
                tmpl._render_template_postprocess(
                    self._name, dict(zip(res_ids, parts, strict=True))
                )
            )
        return bodies

    def _batch_mail_notify(self, messages, values_list, langs, auto_delete):
        """Notify the recipients of ``messages`` (one per record of ``self``)
        as ``mail.thread._notify_thread`` does, the mails queued; ``langs``:
        {record id: language of the mail}. Return the mails."""
        recipients = self._batch_mail_recipients(values_list)
        references = self._batch_mail_references(messages)
        batch_size = int(self.env["ir.config_parameter"].sudo().get_param("mail.batch_size")) or 50
        mail_values_list = []
        notified = []
        for record, message, values in zip(self, messages, values_list, strict=True):
            # new messages bear no tracking: spare the search for it
            values = dict(values, tracking_value_ids=[])
            record_recipients = recipients[record.id]
            if any(data["notif"] == "inbox" for data in record_recipients):
                record._notify_thread_by_inbox(message, record_recipients, msg_vals=values)
                record._notify_thread_by_web_push(message, record_recipients, msg_vals=values)
            by_email = [data for data in record_recipients if data["notif"] == "email"]
            if not by_email:
                continue
            base_values = record._batch_mail_base_values(message, references[message.id])
            base_values["auto_delete"] = auto_delete
            for _lang, render_values, group in record._notify_get_classified_recipients_iterator(
                message, by_email, msg_vals=values, force_email_lang=langs[record.id]
            ):
                body = record._notify_by_email_render_layout(
                    message, group, msg_vals=values, render_values=render_values
                )
                for partner_ids in split_every(batch_size, group.pop("recipients")):
                    mail_values_list.append(
                        record._notify_by_email_get_final_mail_values(
                            partner_ids, base_values, additional_values={"body_html": body}
                        )
                    )
                    notified.append((message, partner_ids))
        mails = self.env["mail.mail"].sudo().create(mail_values_list)
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": message.author_id.id,
                    "is_read": True,
                    "mail_mail_id": mail.id,
                    "mail_message_id": message.id,
                    "notification_status": "ready",
                    "notification_type": "email",
                    "res_partner_id": partner_id,
                }
                for mail, (message, partner_ids) in zip(mails, notified, strict=True)
                for partner_id in partner_ids
            ]
        )
        return mails

    def _batch_mail_recipients(self, values_list):
        """{record id: recipients data} as ``_notify_get_recipients`` finds
        them for each message: the followers of the message's subtype and its
        partners, less the author (unless ``mail_notify_author``) and the
        archived partners; two queries for the whole batch."""
        Followers = self.env["mail.followers"]
        subtype_id = values_list[0]["subtype_id"]
        followers = Followers._get_recipient_data(self, "comment", subtype_id)
        partner_ids = {pid for values in values_list for pid in values["partner_ids"]}
        direct = {}
        if partner_ids:
            direct = Followers._get_recipient_data(
                self.browse(), "comment", False, pids=partner_ids
            )[0]
        notify_author = self.env.context.get("mail_notify_author")
        user_author = self.env.user.partner_id.id if self.env.user.active else None
        result = {}
        for values in values_list:
            data = {pid: direct[pid] for pid in values["partner_ids"] if pid in direct}
            data.update(followers[values["res_id"]])
            author_id = None if notify_author else (user_author or values["author_id"])
            result[values["res_id"]] = [
                pdata
                for pid, pdata in data.items()
                if pid != author_id and pdata["active"] is not False
            ]
        return result

    def _batch_mail_references(self, messages):
        """{message id: the References header of its mails}: up to three
        earlier messages of the record, public discussions first, then the
        message itself (as ``_notify_by_email_get_base_mail_values`` has it),
        in one query."""
        earlier = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("id", "not in", messages.ids),
                    ("subtype_id", "!=", False),
                    ("message_id", "!=", False),
                ],
                order="id DESC",
            )
            .grouped("res_id")
        )
        no_message = self.env["mail.message"].sudo()
        references = {}
        for message in messages.sudo():
            ancestors = earlier.get(message.res_id, no_message)[:32].sorted(
                lambda m: (
                    not m.is_internal and not m.subtype_id.internal,
                    m.message_type in OUTGOING_TYPES,
                    m.message_type != "user_notification",
                ),
                reverse=True,
            )
            chain = ancestors[:3].sorted("id") + message
            references[message.id] = " ".join(chain.mapped("message_id"))
        return references

    def _batch_mail_base_values(self, message, references):
        """Values shared by the mails of ``message`` (as
        ``mail.thread._notify_by_email_get_base_mail_values`` has them)."""
        self.ensure_one()
        message_sudo = message.sudo()
        subject = message.subject or self._message_compute_subject() or message.record_name
        base_values = {"mail_message_id": message.id, "references": references}
        if subject:
            subject = " ".join(subject.splitlines())
        if subject != message.subject:
            base_values["subject"] = subject
        headers = {}
        if message_sudo.record_alias_domain_id.bounce_email:
            headers["Return-Path"] = message_sudo.record_alias_domain_id.bounce_email
        headers = self._notify_by_email_get_headers(headers=headers)
        if headers:
            base_values["headers"] = repr(headers)
        return base_values
