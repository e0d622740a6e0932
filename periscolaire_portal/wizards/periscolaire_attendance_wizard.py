# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class PeriscolaireAttendanceWizard(models.TransientModel):
    """Choose a day, a site and activities, then tick attendance or print the sheet."""

    _name = "periscolaire.attendance.wizard"
    _description = "Pointage"

    date = fields.Date(string="Jour", required=True, default=fields.Date.context_today)
    site_id = fields.Many2one("periscolaire.site")
    activity_ids = fields.Many2many(
        "periscolaire.activity",
        string="Activités",
        domain="[('site_id', '=?', site_id)]",
    )

    def _get_domain(self):
        self.ensure_one()
        domain = [("date", "=", self.date), ("state", "=", "confirmed")]
        if self.activity_ids:
            domain.append(("activity_id", "in", self.activity_ids.ids))
        elif self.site_id:
            domain.append(("site_id", "=", self.site_id.id))
        return domain

    def action_open(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_portal.periscolaire_attendance_action"
        )
        context = {
            "default_date": fields.Date.to_string(self.date),
            "default_attendance": "unbooked",
            "search_default_group_activity": 1,
        }
        if len(self.activity_ids) == 1:
            context["default_activity_id"] = self.activity_ids.id
        action.update(
            {
                "domain": self._get_domain(),
                "context": context,
                "name": self.env._("Pointage du %s", self.date.strftime("%d/%m/%Y")),
            }
        )
        return action

    def action_print(self):
        self.ensure_one()
        reservations = self.env["periscolaire.reservation"].search(self._get_domain())
        if not reservations:
            raise UserError(self.env._("Aucun enfant inscrit ce jour-là pour cette sélection."))
        return self.env.ref("periscolaire_portal.action_report_attendance_sheet").report_action(
            reservations
        )
