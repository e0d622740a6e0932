# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..rules import dates as rules_dates

UNIQUE_CONFIRMED_INDEX = "periscolaire_reservation_confirmed_unique"
#: Counting the places taken on activity-days (see ``_get_slot_occupancy``):
#: with the child in the index, the count reads no table row.
CONFIRMED_SLOT_INDEX = "periscolaire_reservation_confirmed_slot_child"
#: The same index before it held the child.
OLD_CONFIRMED_SLOT_INDEX = "periscolaire_reservation_confirmed_slot"


class PeriscolaireReservation(models.Model):
    _name = "periscolaire.reservation"
    _description = "Réservation"
    _inherit = ["mail.thread", "periscolaire.batch.mail.mixin"]
    _order = "date desc, activity_id, child_id"

    child_id = fields.Many2one(
        "periscolaire.child",
        string="Enfant",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        compute="_compute_family_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Le foyer qui a réservé, qui la paie et la voit sur son portail (un enfant de "
        "parents séparés a deux foyers).",
    )
    activity_id = fields.Many2one(
        "periscolaire.activity",
        string="Activité",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    site_id = fields.Many2one(related="activity_id.site_id", store=True, string="Site")
    category_id = fields.Many2one(related="activity_id.category_id", store=True, string="Catégorie")
    date = fields.Date(string="Jour", required=True, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        [("confirmed", "Confirmée"), ("cancelled", "Annulée")],
        string="État",
        required=True,
        default="confirmed",
        tracking=True,
    )
    cancel_reason = fields.Selection(
        [
            ("family", "Annulée par la famille"),
            ("family_late", "Annulée hors délai"),
            ("town_closure", "Fermeture par la ville"),
        ],
        string="Motif d'annulation",
        tracking=True,
    )
    cancelled_at = fields.Datetime(string="Annulée le", readonly=True)
    closure_id = fields.Many2one(
        "periscolaire.closure",
        string="Fermeture",
        readonly=True,
        index="btree_not_null",
    )
    # Indexed: deleting a request line (emptying a cart) clears this link, and
    # without an index PostgreSQL reads every reservation of the town to find it.
    request_line_id = fields.Many2one(
        "periscolaire.request.line",
        string="Ligne de demande",
        readonly=True,
        index="btree_not_null",
    )
    attendance = fields.Selection(
        [
            ("unknown", "Non pointé"),
            ("present", "Présent"),
            ("absent_justified", "Absent justifié"),
            ("absent_unjustified", "Absent non justifié"),
            ("unbooked", "Présent sans réservation"),
        ],
        string="Présence",
        required=True,
        default="unknown",
        tracking=True,
    )
    justification_ids = fields.Many2many(
        "ir.attachment",
        "periscolaire_reservation_justification_rel",
        "reservation_id",
        "attachment_id",
        string="Certificat médical",
    )
    has_meal = fields.Boolean(related="activity_id.has_meal", store=True, string="Repas")
    meal_count = fields.Integer(
        string="Nombre de repas",
        compute="_compute_meal_count",
        store=True,
        aggregator="sum",
    )
    child_has_pai = fields.Boolean(related="child_id.has_pai", string="PAI")
    child_allergies = fields.Text(related="child_id.allergies", string="Allergies")
    hour_start = fields.Float(related="activity_id.hour_start")
    hour_end = fields.Float(related="activity_id.hour_end")

    def init(self):
        # One active booking per child, activity and day, whatever the path
        # (portal, nightly processing, staff), even under concurrent writes.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s "
                "ON %s (child_id, activity_id, date) WHERE state = 'confirmed'",
                SQL.identifier(UNIQUE_CONFIRMED_INDEX),
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (activity_id, date) INCLUDE (child_id)"
                " WHERE state = 'confirmed'",
                SQL.identifier(CONFIRMED_SLOT_INDEX),
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL("DROP INDEX IF EXISTS %s", SQL.identifier(OLD_CONFIRMED_SLOT_INDEX))
        )

    @api.model_create_multi
    def create(self, vals_list):
        # A cancellation still in the ORM cache must reach the database before
        # a new booking of the same day, or the unique index would refuse it.
        self.flush_model(["state"])
        return super().create(vals_list)

    @api.depends("request_line_id", "child_id", "date")
    def _compute_family_id(self):
        """The household that booked: the request's, else whose day it is by the custody
        pattern, else the child's first household."""
        for reservation in self:
            child = reservation.child_id
            if reservation.request_line_id:
                reservation.family_id = reservation.request_line_id.family_id
            elif child and reservation.date:
                reservation.family_id = child._keeper_family(reservation.date) or child.family_id
            else:
                reservation.family_id = child.family_id

    @api.constrains("family_id", "child_id")
    def _check_household(self):
        for reservation in self:
            if reservation.family_id not in reservation.child_id.family_ids:
                raise ValidationError(
                    self.env._(
                        "%(child)s n'est pas un enfant du foyer %(family)s.",
                        child=reservation.child_id.name,
                        family=reservation.family_id.name or "",
                    )
                )

    @api.depends("has_meal", "state")
    def _compute_meal_count(self):
        for reservation in self:
            reservation.meal_count = int(reservation.has_meal and reservation.state == "confirmed")

    @api.depends("child_id", "activity_id", "date")
    def _compute_display_name(self):
        for reservation in self:
            parts = [reservation.child_id.name, reservation.activity_id.display_name]
            if reservation.date:
                parts.append(reservation.date.strftime("%d/%m/%Y"))
            reservation.display_name = " — ".join(part for part in parts if part)

    @api.onchange("activity_id")
    def _onchange_activity_id(self):
        if self.activity_id:
            self.company_id = self.activity_id.company_id

    # ------------------------------------------------------------------
    # Cancellation and waiting list
    # ------------------------------------------------------------------
    def _cancel(self, reason, closure=None):
        """Cancel confirmed reservations; a freed place goes to the first child
        on the waiting list (not after a closure: the day is closed)."""
        reservations = self.filtered(lambda r: r.state == "confirmed")
        if not reservations:
            return self.env["periscolaire.request.line"]
        reservations._write_tracked_batch(
            {
                "state": "cancelled",
                "cancel_reason": reason,
                "cancelled_at": fields.Datetime.now(),
                "closure_id": closure.id if closure else False,
            }
        )
        if reason == "town_closure":
            return self.env["periscolaire.request.line"]
        return reservations._promote_waiting()

    def _promote_waiting(self):
        """Fill the places freed on the activity/days of ``self`` from the
        waiting lists; mail the families promoted."""
        lines = self.env["periscolaire.request.line"]
        slots = {(r.activity_id, r.date) for r in self if r.activity_id.has_waiting_list}
        if not slots:
            return lines
        lines._lock_activities(self.env["periscolaire.activity"].union(*(s[0] for s in slots)))
        promoted = lines._fill_slots(slots)
        promoted.request_id._notify_promotion(promoted)
        return promoted

    def action_cancel(self):
        if self.filtered(lambda r: r.state != "confirmed"):
            raise UserError(self.env._("Seules les réservations confirmées peuvent être annulées."))
        self._cancel("family")
        return True

    # ------------------------------------------------------------------
    # Attendance
    # ------------------------------------------------------------------
    def _set_attendance(self, attendance):
        if self.filtered(lambda r: r.state != "confirmed"):
            raise UserError(self.env._("On ne pointe pas une réservation annulée."))
        self.write({"attendance": attendance})
        return True

    def action_set_present(self):
        return self._set_attendance("present")

    def action_set_absent_justified(self):
        return self._set_attendance("absent_justified")

    def action_set_absent_unjustified(self):
        return self._set_attendance("absent_unjustified")

    def action_reset_attendance(self):
        return self._set_attendance("unknown")

    # ------------------------------------------------------------------
    # Attendance sheet (report)
    # ------------------------------------------------------------------
    def _get_attendance_sheets(self):
        """One sheet per day, site and activity, children in name order."""
        sheets = []
        confirmed = self.filtered(lambda r: r.state == "confirmed")
        grouped = confirmed.grouped(lambda r: (r.date, r.site_id, r.activity_id))
        for (day, site, activity), reservations in sorted(
            grouped.items(),
            key=lambda item: (item[0][0], item[0][1].name or "", item[0][2].number),
        ):
            spec = activity._as_rule_spec()
            sheets.append(
                {
                    "date": day,
                    "day_label": rules_dates.long_date(day),
                    "site": site,
                    "activity": activity,
                    "hours": spec.hours_label,
                    "reservations": reservations.sorted(lambda r: r.child_id.name or ""),
                }
            )
        return sheets
