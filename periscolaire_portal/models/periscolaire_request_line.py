# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..rules import capacity as rules_capacity

LINE_STATES = [
    ("draft", "Dans le panier"),
    ("pending", "En attente de validation"),
    ("validated", "Validée"),
    ("waiting", "Liste d'attente"),
    ("refused", "Refusée"),
]
#: Fields that staff and the processing set, never a parent.
STAFF_FIELDS = frozenset(
    {"state", "is_late", "price", "reservation_id", "waiting_rank", "refuse_reason"}
)


class PeriscolaireRequestLine(models.Model):
    _name = "periscolaire.request.line"
    _description = "Ligne de demande de réservation"
    _order = "date, activity_id, child_id, id"

    request_id = fields.Many2one(
        "periscolaire.request",
        string="Demande",
        required=True,
        index=True,
        ondelete="cascade",
    )
    family_id = fields.Many2one(
        related="request_id.family_id", store=True, index=True, string="Famille"
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, string="Société")
    request_state = fields.Selection(related="request_id.state", string="État de la demande")
    submitted_at = fields.Datetime(
        related="request_id.submitted_at", store=True, string="Envoyée le"
    )
    child_id = fields.Many2one(
        "periscolaire.child",
        string="Enfant",
        required=True,
        index=True,
        ondelete="cascade",
    )
    activity_id = fields.Many2one(
        "periscolaire.activity",
        string="Activité",
        required=True,
        index=True,
        ondelete="restrict",
    )
    site_id = fields.Many2one(related="activity_id.site_id", store=True, string="Site")
    date = fields.Date(string="Jour", required=True, index=True)
    action = fields.Selection(
        [("book", "Inscription"), ("cancel", "Désinscription")],
        string="Type",
        required=True,
        default="book",
    )
    currency_id = fields.Many2one(related="request_id.currency_id")
    price = fields.Monetary(string="Tarif", currency_field="currency_id")
    is_late = fields.Boolean(string="Hors délai")
    state = fields.Selection(LINE_STATES, string="État", required=True, default="draft", index=True)
    waiting_rank = fields.Integer(string="Rang en liste d'attente")
    refuse_reason = fields.Char(string="Motif du refus")
    reservation_id = fields.Many2one(
        "periscolaire.reservation",
        string="Réservation",
        readonly=True,
        index="btree_not_null",
    )
    free_places = fields.Integer(string="Places libres", compute="_compute_free_places")

    @api.depends("activity_id", "date")
    def _compute_free_places(self):
        places = self.env["periscolaire.activity"]._get_free_places_by_slot(
            (line.activity_id._origin, line.date)
            for line in self
            if line.activity_id._origin and line.date
        )
        for line in self:
            line.free_places = places.get((line.activity_id._origin.id, line.date), 0)

    @api.constrains("child_id", "request_id")
    def _check_child_family(self):
        for line in self:
            if line.child_id.family_id != line.request_id.family_id:
                raise ValidationError(
                    self.env._(
                        "%s n'appartient pas à la famille de la demande.",
                        line.child_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share and not self.env.su:
            self._check_no_staff_fields(vals_list)
        vals_list = [dict(vals) for vals in vals_list]
        # Unpriced lines, priced per activity, child and lateness in one go.
        to_price = defaultdict(list)
        for vals in vals_list:
            if not vals.get("price") and all(
                vals.get(name) for name in ("activity_id", "child_id", "date")
            ):
                key = (vals["activity_id"], vals["child_id"], bool(vals.get("is_late")))
                to_price[key].append(vals)
        for (activity_id, child_id, late), group in to_price.items():
            prices = (
                self.env["periscolaire.activity"]
                .browse(activity_id)
                ._get_session_prices(
                    self.env["periscolaire.child"].browse(child_id),
                    {fields.Date.to_date(vals["date"]) for vals in group},
                    late=late,
                )
            )
            for vals in group:
                vals["price"] = float(prices[fields.Date.to_date(vals["date"])])
        return super().create(vals_list)

    def _check_no_staff_fields(self, vals_list):
        """A parent never sets the outcome, the price or the lateness of a line:
        the portal computes them, staff and the processing decide them."""
        context_defaults = {name for name in STAFF_FIELDS if f"default_{name}" in self.env.context}
        given = context_defaults.union(*(STAFF_FIELDS.intersection(vals) for vals in vals_list))
        if given:
            names = ", ".join(sorted(self._fields[name].string for name in given))
            raise AccessError(
                self.env._(
                    "Ces champs ne peuvent pas être renseignés depuis le portail : %s.", names
                )
            )

    @api.depends("child_id", "activity_id", "date", "action")
    def _compute_display_name(self):
        actions = dict(self._fields["action"].selection)
        for line in self:
            parts = [
                actions.get(line.action),
                line.child_id.name,
                line.activity_id.display_name,
                line.date and line.date.strftime("%d/%m/%Y"),
            ]
            line.display_name = " — ".join(part for part in parts if part)

    def _arrival_key(self):
        """Arrival order: submission time, then request, then line (stable)."""
        return (self.submitted_at or fields.Datetime.now(), self.request_id.id, self.id)

    # ------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------
    def action_validate(self):
        """Validate the selected pending lines by free places and arrival order."""
        self._process()
        return True

    def action_open_refuse_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuser"),
            "res_model": "periscolaire.request.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------
    def _lock_activities(self, activities):
        """Lock the activities being filled so that places are counted once.

        Odoo runs transactions in REPEATABLE READ: a row lock alone would let a
        second filler go on with a snapshot taken before the first one
        committed. Touching the rows makes that second filler fail with a
        serialization error instead, and Odoo retries it on fresh data."""
        if not activities:
            return
        ids = tuple(sorted(activities.ids))
        self.env.cr.execute(
            SQL(
                "SELECT id FROM periscolaire_activity WHERE id IN %s ORDER BY id FOR UPDATE",
                ids,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE periscolaire_activity SET write_date = write_date WHERE id IN %s",
                ids,
            )
        )

    def _process(self):
        """Settle pending lines: cancellations first (they free places), then
        bookings by free places and arrival order; the rest goes to the waiting
        list or is refused. Requests left without a pending line are processed
        and their family mailed once."""
        self._lock_activities(self.activity_id)
        # Another transaction may have processed them while we waited.
        self.invalidate_recordset(["state"])
        lines = self.filtered(lambda line: line.state == "pending")
        groups = defaultdict(self.browse)
        for line in lines:
            groups[(line.activity_id, line.date)] |= line
        # One town calendar per company for the whole range, built once the
        # activities are locked so that it sees the closures applied meanwhile.
        calendars = {
            company: company_lines.activity_id[:1]._get_town_calendar(
                min(company_lines.mapped("date")), max(company_lines.mapped("date"))
            )
            for company, company_lines in lines.grouped(
                lambda line: line.activity_id.company_id
            ).items()
        }
        promoted = self.browse()
        for activity, day in sorted(groups, key=lambda key: (key[0].id, key[1])):
            promoted |= groups[(activity, day)]._settle_day(
                activity, day, calendar=calendars[activity.company_id]
            )
        promoted.request_id._notify_promotion(promoted)
        lines.request_id._check_processed()
        return lines

    def _settle_day(self, activity, day, calendar=None):
        """Settle the pending lines of one activity and day; return the waiting
        lines of earlier requests promoted on the way. ``calendar``: the town
        calendar covering ``day``, with the applied closures."""
        cancels = self.filtered(lambda line: line.action == "cancel")
        bookings = self - cancels
        status = activity._get_day_status(day, calendar=calendar)
        if not status.runs:
            # A closed day takes no booking; a cancellation still goes through.
            bookings._refuse(status.label)
            bookings = bookings.browse()
        confirmed = self.env["periscolaire.reservation"].search(
            [
                ("activity_id", "=", activity.id),
                ("date", "=", day),
                ("state", "=", "confirmed"),
                ("child_id", "in", self.child_id.ids),
            ]
        )
        booked = {reservation.child_id: reservation for reservation in confirmed}
        cancels._settle_cancellations(booked, activity, day)
        if not status.runs:
            return self.browse()
        new_bookings = self.browse()
        for line in bookings:
            reservation = booked.get(line.child_id)
            if reservation and reservation.state == "confirmed":
                line.write({"state": "validated", "reservation_id": reservation.id})
            elif not line._age_fits(activity, day):
                line._refuse(self.env._("Âge hors de la tranche de l'activité"))
            else:
                new_bookings |= line
        return self._fill_day(activity, day, new_bookings)

    def _settle_cancellations(self, booked, activity, day):
        if not self:
            return
        waiting = self.search(
            [
                ("activity_id", "=", activity.id),
                ("date", "=", day),
                ("state", "=", "waiting"),
                ("action", "=", "book"),
                ("child_id", "in", self.child_id.ids),
            ]
        )
        waiting_by_child = waiting.grouped("child_id")
        for line in self:
            reservation = booked.get(line.child_id)
            waiting_line = waiting_by_child.get(line.child_id)
            if reservation:
                line.write({"state": "validated", "reservation_id": reservation.id})
                reservation.write(
                    {
                        "state": "cancelled",
                        "cancel_reason": "family_late" if line.is_late else "family",
                        "cancelled_at": fields.Datetime.now(),
                    }
                )
            elif waiting_line:
                waiting_line._refuse(
                    self.env._("Retirée de la liste d'attente à la demande de la famille")
                )
                line.write({"state": "validated"})
            else:
                line._refuse(self.env._("Aucune réservation à annuler ce jour-là"))

    def _age_fits(self, activity, day):
        self.ensure_one()
        age = self.child_id._age_on(day)
        if activity.age_min and age < activity.age_min:
            return False
        if activity.age_max and age > activity.age_max:
            return False
        return True

    def _fill_day(self, activity, day, new_lines=None):
        """Give the free places of ``activity`` on ``day`` to the waiting lines
        and ``new_lines`` in arrival order (rules core); return the lines that
        were waiting and now have a place. The activity must be locked."""
        new_lines = new_lines or self.browse()
        waiting = self.search(
            [
                ("activity_id", "=", activity.id),
                ("date", "=", day),
                ("state", "=", "waiting"),
                ("action", "=", "book"),
            ]
        )
        candidates = (waiting | new_lines).sorted(lambda line: line._arrival_key())
        if not candidates:
            return self.browse()
        confirmed = self.env["periscolaire.reservation"].search(
            [
                ("activity_id", "=", activity.id),
                ("date", "=", day),
                ("state", "=", "confirmed"),
            ]
        )
        outcome = self._rules_allocate(activity, day, confirmed, candidates)
        validated = candidates.filtered(lambda line: outcome[line.id][0] == "validated")
        # A child gets one reservation: the first validated line creates it, the
        # others (or a child already booked) are linked to it.
        placed = {reservation.child_id: reservation for reservation in confirmed}
        creators = self.browse()
        for line in validated:
            if line.child_id not in placed:
                placed[line.child_id] = line
                creators |= line
        reservations = (
            self.env["periscolaire.reservation"]
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                [
                    {
                        "child_id": line.child_id.id,
                        "activity_id": activity.id,
                        "date": day,
                        "company_id": activity.company_id.id,
                        "request_line_id": line.id,
                    }
                    for line in creators
                ]
            )
        )
        for line, reservation in zip(creators, reservations, strict=True):
            placed[line.child_id] = reservation
        for line in validated:
            line.write(
                {
                    "state": "validated",
                    "reservation_id": placed[line.child_id].id,
                    "waiting_rank": 0,
                }
            )
        for line in candidates - validated:
            state, rank = outcome[line.id]
            if state == "waiting":
                line.write({"state": "waiting", "waiting_rank": rank})
            else:
                line.write(
                    {
                        "state": "refused",
                        "waiting_rank": 0,
                        "refuse_reason": self.env._("Complet"),
                    }
                )
        return validated & waiting

    def _rules_allocate(self, activity, day, confirmed, candidates):
        """{line id: (state, waiting rank)} decided by the rules core."""
        occupants = [
            rules_capacity.Occupant(r.child_id.id, r.child_id.birth_date) for r in confirmed
        ]
        requests = [
            rules_capacity.PlaceRequest(
                (line.request_id.id, line.id),
                line.child_id.id,
                line.submitted_at or fields.Datetime.now(),
                line.child_id.birth_date,
            )
            for line in candidates
        ]
        result = rules_capacity.decide(activity._get_slot_rules(), day, occupants, requests)
        return {
            decision.request.id[1]: (
                decision.decision.value,
                decision.waiting_rank or 0,
            )
            for decision in result.decisions
        }

    def _refuse(self, reason):
        """Refuse lines with a reason (waiting ranks of the days are renumbered)."""
        if not self:
            return
        slots = {(line.activity_id, line.date) for line in self if line.state == "waiting"}
        self.write({"state": "refused", "refuse_reason": reason, "waiting_rank": 0})
        for activity, day in slots:
            self._renumber_waiting(activity, day)

    def _renumber_waiting(self, activity, day):
        waiting = self.search(
            [
                ("activity_id", "=", activity.id),
                ("date", "=", day),
                ("state", "=", "waiting"),
            ]
        ).sorted(lambda line: line._arrival_key())
        for rank, line in enumerate(waiting, start=1):
            if line.waiting_rank != rank:
                line.waiting_rank = rank
