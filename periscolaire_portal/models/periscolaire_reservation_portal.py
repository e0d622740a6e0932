# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..rules import absences as rules_absences


class PeriscolaireReservation(models.Model):
    _inherit = "periscolaire.reservation"

    # ------------------------------------------------------------------
    # "Déclarer une absence": an illness, with a medical certificate
    # ------------------------------------------------------------------
    @api.model
    def _portal_absence_candidates(self, family):
        """The family's bookings that it may declare absent today (rules core's window)."""
        first, last = rules_absences.declarable_days(fields.Date.context_today(family))
        return self.search(
            [
                ("family_id", "=", family.id),
                ("state", "=", "confirmed"),
                ("attendance", "in", rules_absences.DECLARABLE_ATTENDANCES),
                ("date", ">=", first),
                ("date", "<=", last),
            ],
            order="child_id, date, activity_id",
        )

    @api.model
    def _portal_absence_days(self, family, reservation_ids):
        """The bookings of ``reservation_ids`` if the family may declare them all absent; a
        French UserError otherwise (none chosen, one of another family, out of the window)."""
        if not reservation_ids:
            raise UserError(self.env._("Cochez les jours d'absence."))
        ids = set(reservation_ids)
        chosen = self._portal_absence_candidates(family).filtered(lambda r: r.id in ids)
        if len(chosen) != len(ids):
            raise UserError(
                self.env._(
                    "Ces jours ne peuvent pas être déclarés : seules les réservations "
                    "validées des %(back)s derniers jours et des %(ahead)s prochains "
                    "jours le peuvent.",
                    back=rules_absences.DAYS_BACK,
                    ahead=rules_absences.DAYS_AHEAD,
                )
            )
        return chosen

    def _portal_declare_absence(self, files, comment=""):
        """A parent declares these days "absent justified" with the medical certificate
        ``files`` (dicts with ``name`` and ``raw``): the certificate is attached to the family
        and to each day, and the staff are told in the chatter of both.

        Called as the portal user: the days must be the family's and declarable (read access
        and the absence window are checked first); the writes are then done as superuser,
        through the reservation's own attendance guard.
        """
        family = self.family_id[:1]
        days = self._portal_absence_days(family, self.ids).sudo()
        family = family.sudo()
        attachments = self.env["ir.attachment"]._periscolaire_create_uploads(family, files)
        days._set_attendance("absent_justified")
        days.justification_ids = [Command.link(attachment.id) for attachment in attachments]
        author = self.env.user.partner_id.id
        body = self.env._(
            "Absence pour maladie déclarée sur le portail : %s.",
            ", ".join(days.mapped("display_name")),
        )
        if comment:
            body = self.env._("%(body)s Commentaire : %(comment)s", body=body, comment=comment)
        family.message_post(body=body, attachment_ids=attachments.ids, author_id=author)
        for day in days:
            day.message_post(
                body=self.env._(
                    "Absence pour maladie déclarée sur le portail (certificat médical joint)."
                ),
                author_id=author,
            )
        return True
