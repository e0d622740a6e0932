# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.periscolaire_portal.rules import dates as rules_dates


class PeriscolaireCafWizard(models.TransientModel):
    _name = "periscolaire.caf.wizard"
    _description = "Calcul des heures CAF d'une période"

    date_from = fields.Date(
        string="Du", required=True, default=lambda self: self._default_bounds()[0]
    )
    date_to = fields.Date(
        string="Au", required=True, default=lambda self: self._default_bounds()[1]
    )

    @api.model
    def _default_bounds(self):
        return rules_dates.month_bounds(*self.env["periscolaire.caf.line"]._previous_month())

    def _compute_lines(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("La fin de la période doit suivre son début."))
        lines = self.env["periscolaire.caf.line"]._compute_period(self.date_from, self.date_to)
        return lines

    def _period_domain(self):
        return [
            ("company_id", "=", self.env.company.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]

    def action_show(self):
        """Compute the period, then open the analysis on it."""
        self._compute_lines()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_caf.periscolaire_caf_line_action"
        )
        action["domain"] = self._period_domain()
        action["name"] = self.env._(
            "Heures CAF du %(start)s au %(end)s",
            start=rules_dates.short_date(self.date_from),
            end=rules_dates.short_date(self.date_to),
        )
        return action

    def action_print(self):
        """Compute the period, then print the declaration (PDF)."""
        lines = self._compute_lines()
        if not lines:
            raise UserError(
                self.env._("Aucune heure de présence ni heure facturée sur cette période.")
            )
        return self.env.ref("periscolaire_caf.action_report_caf_declaration").report_action(lines)
