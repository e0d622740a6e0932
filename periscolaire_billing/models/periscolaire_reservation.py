# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

BILLED_ATTENDANCES = ("unknown", "present", "absent_unjustified")


class PeriscolaireReservation(models.Model):
    _inherit = "periscolaire.reservation"

    invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Ligne de facture",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    refund_line_id = fields.Many2one(
        "account.move.line",
        string="Ligne d'avoir",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Avoir émis quand la séance facturée ne l'était plus (certificat médical, "
        "fermeture…).",
    )
    # Indexed: deleting a draft invoice clears this link, and without an index
    # PostgreSQL reads every reservation of the town to find it.
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id", string="Facture", store=True, index="btree_not_null"
    )
    billing_state = fields.Selection(
        [
            ("not_billable", "Non facturable"),
            ("to_invoice", "À facturer"),
            ("invoiced", "Facturée"),
            ("to_refund", "À rembourser"),
            ("refunded", "Remboursée"),
        ],
        string="Facturation",
        compute="_compute_billing_state",
        compute_sudo=True,
    )

    def _get_billing_kind(self):
        """What this reservation costs the family: ``False`` (nothing),
        ``"session"``, ``"late_booking"``, ``"late_cancellation"`` or ``"unbooked"``.

        Billed: confirmed bookings whether the child came or was absent without
        justification, cancellations after the deadline, presences without
        booking. Not billed: justified absences, cancellations by the town or
        before the deadline (waiting-list places have no reservation).
        """
        self.ensure_one()
        if self.state == "cancelled":
            return "late_cancellation" if self.cancel_reason == "family_late" else False
        if self.attendance == "unbooked":
            return "unbooked"
        if self.attendance in BILLED_ATTENDANCES:
            return "late_booking" if self.request_line_id.is_late else "session"
        return False

    def _is_invoiced(self):
        """Billed by a live invoice line and not refunded since (a cancelled
        invoice or credit note does not count)."""
        self.ensure_one()
        invoice_line, refund_line = self.invoice_line_id, self.refund_line_id
        billed = bool(invoice_line) and invoice_line.parent_state != "cancel"
        refunded = bool(refund_line) and refund_line.parent_state != "cancel"
        return billed and not refunded

    @api.depends(
        "state",
        "cancel_reason",
        "attendance",
        "request_line_id.is_late",
        "invoice_line_id.parent_state",
        "refund_line_id.parent_state",
    )
    def _compute_billing_state(self):
        for reservation in self:
            billable = bool(reservation._get_billing_kind())
            if reservation._is_invoiced():
                reservation.billing_state = "invoiced" if billable else "to_refund"
            elif billable:
                reservation.billing_state = "to_invoice"
            elif reservation.refund_line_id.parent_state not in (False, "cancel"):
                reservation.billing_state = "refunded"
            else:
                reservation.billing_state = "not_billable"
