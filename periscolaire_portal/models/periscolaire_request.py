# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import random
import threading
import time
from collections import defaultdict

from psycopg2 import OperationalError

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.service.model import (
    MAX_TRIES_ON_CONCURRENCY_FAILURE,
    PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
)

from ..rules import custody as rules_custody
from ..rules import deadlines as rules_deadlines

_logger = logging.getLogger(__name__)

#: Lines settled per committed batch of the nightly run (whole days).
NIGHTLY_BATCH_LINES = 2000
#: What the nightly run settles: the on-time pending lines of sent requests.
NIGHTLY_DOMAIN = [
    ("state", "=", "pending"),
    ("is_late", "=", False),
    ("request_id.state", "=", "submitted"),
]

#: The reasons of the rules core, with its labels (the parents' guide's).
EXCEPTION_REASONS = [
    (str(reason), info.label) for reason, info in rules_deadlines.EXCEPTION_REASONS.items()
]


# What a parent may set on a request through any channel: the rest (number, state,
# submission time) is set by action_submit and by staff.
PORTAL_CREATE_FIELDS = frozenset(
    {"family_id", "company_id", "exception_reason", "exception_comment"}
)
PORTAL_WRITE_FIELDS = frozenset({"exception_reason", "exception_comment"})


class PeriscolaireRequest(models.Model):
    _name = "periscolaire.request"
    _description = "Demande de réservation"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "periscolaire.batch.mail.mixin",
    ]
    _order = "submitted_at desc, id desc"

    name = fields.Char(
        string="Numéro",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("Panier"),
    )
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        required=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("cart", "Panier"), ("submitted", "Envoyée"), ("processed", "Traitée")],
        string="État",
        required=True,
        default="cart",
        index=True,
        tracking=True,
    )
    submitted_at = fields.Datetime(string="Envoyée le", readonly=True, copy=False, index=True)
    line_ids = fields.One2many(
        "periscolaire.request.line", "request_id", string="Lignes", copy=True
    )
    is_late = fields.Boolean(
        string="Hors délai", compute="_compute_is_late", store=True, index=True
    )
    exception_reason = fields.Selection(
        EXCEPTION_REASONS, string="Motif exceptionnel", tracking=True
    )
    exception_comment = fields.Text(string="Commentaire")
    justification_ids = fields.Many2many(
        "ir.attachment",
        "periscolaire_request_justification_rel",
        "request_id",
        "attachment_id",
        string="Justificatifs",
    )
    priority_ids = fields.One2many(
        "periscolaire.request.priority",
        "request_id",
        string="Passages devant l'ordre d'arrivée",
        readonly=True,
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", currency_field="currency_id"
    )
    line_count = fields.Integer(string="Nombre de lignes", compute="_compute_line_counts")
    pending_count = fields.Integer(string="En attente", compute="_compute_line_counts")
    validated_count = fields.Integer(string="Validées", compute="_compute_line_counts")
    waiting_count = fields.Integer(string="Liste d'attente", compute="_compute_line_counts")
    refused_count = fields.Integer(string="Refusées", compute="_compute_line_counts")

    @api.depends("line_ids.is_late")
    def _compute_is_late(self):
        for request in self:
            request.is_late = any(request.line_ids.mapped("is_late"))

    @api.depends("line_ids.price", "line_ids.action")
    def _compute_amount_total(self):
        for request in self:
            request.amount_total = sum(
                line.price if line.action == "book" else -line.price for line in request.line_ids
            )

    @api.depends("line_ids.state")
    def _compute_line_counts(self):
        for request in self:
            states = request.line_ids.mapped("state")
            request.line_count = len(states)
            request.pending_count = states.count("pending")
            request.validated_count = states.count("validated")
            request.waiting_count = states.count("waiting")
            request.refused_count = states.count("refused")

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/requests/{request.id}"
        return res

    @api.model_create_multi
    def create(self, vals_list):
        self._check_portal_fields(vals_list, PORTAL_CREATE_FIELDS)
        requests = super().create(vals_list)
        for request in requests.sudo():
            request.message_subscribe(partner_ids=request.family_id.referent_id.ids)
        return requests

    def write(self, vals):
        self._check_portal_fields([vals], PORTAL_WRITE_FIELDS)
        return super().write(vals)

    def _check_portal_fields(self, vals_list, allowed):
        """Parents reach requests through RPC too: they only fill what the
        portal pages fill, never the number, the state or the arrival time."""
        if not self.env.user.share or self.env.su:
            return
        given = set().union(*vals_list) | {
            key.removeprefix("default_")
            for key in self.env.context
            if key.startswith("default_") and key.removeprefix("default_") in self._fields
        }
        refused = given - allowed
        if refused:
            names = ", ".join(sorted(self._fields[name].string for name in refused))
            raise AccessError(
                self.env._(
                    "Ces champs ne peuvent pas être renseignés depuis le portail : %s.", names
                )
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        """Send the cart to the town: numbered, timestamped, lines pending.

        Staff's action; parents send through ``_portal_submit``, which runs the
        portal's checks first and then this as superuser (parents only read
        requests). The numbering and the mail run as superuser."""
        self.check_access("write")
        for request in self:
            if request.state != "cart":
                raise UserError(self.env._("La demande %s a déjà été envoyée.", request.name))
            if not request.line_ids:
                raise UserError(self.env._("Le panier est vide."))
            if self.env.user.share and not self.env.su:
                # Only if a parent were ever given write access: the pages' checks hold.
                request._portal_check_before_submit()
            if request.is_late:
                request._check_exception_justified()
        for request in self.sudo():
            request.line_ids.filtered(lambda line: line.state == "draft").write(
                {"state": "pending"}
            )
            request.write(
                {
                    "name": self.env["ir.sequence"].sudo().next_by_code("periscolaire.request")
                    or self.env._("Commande"),
                    "state": "submitted",
                    "submitted_at": fields.Datetime.now(),
                }
            )
            if not self.env.context.get("periscolaire_skip_receipt"):
                request._message_family("periscolaire_portal.mail_template_request_received")
        return True

    def _check_exception_justified(self):
        self.ensure_one()
        if not self.exception_reason:
            raise UserError(
                self.env._(
                    "Des jours sont hors délai : indiquez le motif exceptionnel de la demande."
                )
            )
        if self.env.user.share and not self.justification_ids:
            raise UserError(
                self.env._("Une demande hors délai doit être accompagnée d'un justificatif.")
            )

    def action_validate_lines(self):
        """Validate every pending line (late ones included) by free places and
        arrival order: their days are settled as a whole, earlier arrivals
        first. Staff only."""
        self.line_ids._check_staff_rights()
        self.line_ids.filtered(lambda line: line.state == "pending")._process()
        return True

    def action_open_refuse_wizard(self):
        return self.line_ids.filtered(
            lambda line: line.state in ("pending", "waiting")
        ).action_open_refuse_wizard()

    def _check_processed(self):
        """Requests without a pending line are processed: mail each family
        once, the mails rendered for all of them at once and queued."""
        open_requests = {
            request
            for [request] in self.env["periscolaire.request.line"]._read_group(
                [("request_id", "in", self.ids), ("state", "in", ("draft", "pending"))],
                ["request_id"],
            )
        }
        done = self.filtered(
            lambda request: request.state == "submitted" and request not in open_requests
        )
        done._write_tracked_batch({"state": "processed"})
        done._message_post_template_batch(
            self.env.ref("periscolaire_portal.mail_template_request_processed")
        )
        return done

    @api.model
    def _cron_process_requests(self, batch_size=NIGHTLY_BATCH_LINES):
        """Nightly: settle the on-time pending lines by free places and arrival
        order; late lines wait for staff. Days are settled in batches of about
        ``batch_size`` lines, each committed on its own when the cron worker
        runs it, its progress reported: a run stopped halfway resumes where it
        stopped, since what is settled is no longer pending and a request is
        mailed in the transaction that processes it. Running it again changes
        nothing."""
        Line = self.env["periscolaire.request.line"]
        days = Line._read_group(NIGHTLY_DOMAIN, ["date:day"], ["__count"], order="date:day")
        total = sum(count for _day, count in days)
        auto_commit = bool(self.env.context.get("cron_id")) and not getattr(
            threading.current_thread(), "testing", False
        )
        done = 0
        for batch in _batches(days, batch_size):
            done += self._process_nightly_batch([day for day, _count in batch], auto_commit)
            self.env["ir.cron"]._notify_progress(done=done, remaining=max(total - done, 0))
        return True

    @api.model
    def _process_nightly_batch(self, days, auto_commit):
        """Settle the on-time pending lines of ``days``; return how many were
        settled. In the cron worker the batch is committed, and retried on
        fresh data when it collides with a validation by staff; elsewhere it
        runs in a savepoint, so that a failure undoes the batch only."""
        domain = NIGHTLY_DOMAIN + [("date", "in", days)]
        Line = self.env["periscolaire.request.line"]
        if not auto_commit:
            with self.env.cr.savepoint():
                return len(Line.search(domain)._process())
        for attempt in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
            try:
                settled = len(Line.search(domain)._process())
                # A batch per transaction, as Odoo's own long crons do: the work
                # done survives a crash of a later batch.
                self.env.cr.commit()  # pylint: disable=invalid-commit
                return settled
            except OperationalError as error:
                self.env.cr.rollback()
                if (
                    not isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY)
                    or attempt == MAX_TRIES_ON_CONCURRENCY_FAILURE
                ):
                    raise
                _logger.info("Nightly batch of %s collided with a validation, retried", days)
                time.sleep(random.uniform(0.0, 2**attempt))
        return 0

    # ------------------------------------------------------------------
    # Staff booking
    # ------------------------------------------------------------------
    @api.model
    def _create_staff_request(
        self, children, activity, days, action="book", validate=True, family=None
    ):
        """Requests for ``children`` (of one household) on ``days`` of ``activity``,
        made by staff: submitted at once, and validated by places if asked.
        Days already in the asked state or awaiting a decision are skipped.

        ``family``: the household that books. By default, a child of two
        households is booked by the household whose day it is (custody
        pattern), the days either may book by the child's first household.
        Return the requests, one per household (empty when nothing changes)."""
        households = self.env["periscolaire.family"]
        if children:
            households = children[0].family_ids
            for child in children[1:]:
                households &= child.family_ids
        if not households or (family and family not in households):
            raise UserError(self.env._("Choisissez des enfants d'une même famille."))
        days = sorted(set(days))
        plan = defaultdict(list)
        for child in children:
            default = family or (child.family_id if child.family_id in households else households)
            custody = None if family else child._get_custody()
            for household_id, child_days in rules_custody.split_days(
                custody, default[:1].id, days
            ).items():
                plan[household_id] += [(child, day) for day in child_days]
        requests = self.browse()
        for household_id, pairs in plan.items():
            requests |= self._create_household_request(
                households.browse(household_id), activity, pairs, action, validate
            )
        return requests

    @api.model
    def _create_household_request(self, family, activity, pairs, action, validate):
        """The staff request of ``family`` for ``pairs`` of (child, day)."""
        children = self.env["periscolaire.child"].union(*(child for child, _day in pairs))
        days = sorted({day for _child, day in pairs})
        booked = self.env["periscolaire.reservation"].search(
            [
                ("child_id", "in", children.ids),
                ("activity_id", "=", activity.id),
                ("date", "in", days),
                ("state", "=", "confirmed"),
            ]
        )
        requested = self.env["periscolaire.request.line"].search(
            [
                ("child_id", "in", children.ids),
                ("activity_id", "=", activity.id),
                ("date", "in", days),
                ("state", "in", ("pending", "waiting")),
            ]
        )
        # A day booked by the other household is neither booked again nor cancelled.
        booked_keys = {(r.child_id.id, r.date): r.family_id == family for r in booked}
        requested_keys = {(line.child_id.id, line.date) for line in requested}
        line_commands = [
            Command.create(
                {
                    "child_id": child.id,
                    "activity_id": activity.id,
                    "date": day,
                    "action": action,
                }
            )
            for child, day in sorted(pairs, key=lambda pair: (pair[1], pair[0].id))
            if (child.id, day) not in requested_keys
            and (
                (child.id, day) not in booked_keys
                if action == "book"
                else booked_keys.get((child.id, day), False)
            )
        ]
        if not line_commands:
            return self.browse()
        request = self.create(
            {
                "family_id": family.id,
                "company_id": family.company_id.id,
                "line_ids": line_commands,
            }
        )
        # Validated at once, the family gets the outcome only, not a receipt.
        request.with_context(periscolaire_skip_receipt=validate).action_submit()
        if validate:
            request.action_validate_lines()
        return request

    @api.model
    def _staff_book_open_days(self, child_ids, activity_id, date_from, date_to, validate=True):
        """Book children on every open day of an activity between two dates."""
        activity = self.env["periscolaire.activity"].browse(activity_id)
        days = activity._get_open_days(fields.Date.to_date(date_from), fields.Date.to_date(date_to))
        children = self.env["periscolaire.child"].browse(child_ids)
        return self._create_staff_request(children, activity, days, validate=validate)

    # ------------------------------------------------------------------
    # Mails
    # ------------------------------------------------------------------
    def _message_family(self, template_xmlid, **context):
        """Post a template on the request: its followers (the référent) get it by
        mail, even when a parent of the family is the author (portal)."""
        template = self.env.ref(template_xmlid).sudo()
        author = self.env.user.partner_id
        for request in self.sudo():
            family_author = author in request.family_id._get_family_partners()
            request.with_context(
                mail_notify_author=family_author, **context
            ).message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _notify_promotion(self, promoted_lines):
        by_request = promoted_lines.grouped("request_id")
        for request in self:
            request._message_family(
                "periscolaire_portal.mail_template_waiting_promotion",
                promoted_line_ids=by_request[request].ids,
            )


def _batches(day_counts, size):
    """Consecutive days grouped into batches of about ``size`` lines (a day is
    never split: its lines are settled together)."""
    batch, count = [], 0
    for day, day_count in day_counts:
        if batch and count + day_count > size:
            yield batch
            batch, count = [], 0
        batch.append((day, day_count))
        count += day_count
    if batch:
        yield batch
