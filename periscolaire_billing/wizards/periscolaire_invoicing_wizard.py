# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models

from odoo.addons.periscolaire_portal.rules import dates

from ..models.periscolaire_monthly_invoicing import BATCH_SIZE


class PeriscolaireInvoicingWizard(models.TransientModel):
    _name = "periscolaire.invoicing.wizard"
    _description = "Facturer un mois du périscolaire"

    def _default_month(self):
        return (fields.Date.context_today(self).replace(day=1) - timedelta(days=1)).replace(day=1)

    month = fields.Date(
        string="Mois",
        required=True,
        default=lambda self: self._default_month(),
        help="N'importe quel jour du mois à facturer.",
    )
    month_label = fields.Char(string="Mois facturé", compute="_compute_month_label")
    family_ids = fields.Many2many(
        "periscolaire.family",
        string="Familles",
        help="Laisser vide pour facturer toutes les familles.",
    )
    run_ids = fields.Many2many(
        "periscolaire.invoicing.run",
        string="Facturations en cours",
        default=lambda self: self.env["periscolaire.invoicing.run"].search(
            [("state", "!=", "done")]
        ),
        readonly=True,
    )

    @api.depends("month")
    def _compute_month_label(self):
        for wizard in self:
            month = wizard.month
            wizard.month_label = dates.month_label(month.year, month.month) if month else ""

    def action_invoice(self):
        """Invoice the month through an invoicing run: at once when it fits in
        one batch, else in the background, the run's form showing progress."""
        self.ensure_one()
        first, _label = self.env["periscolaire.monthly.invoicing"]._check_month(self.month)
        run = self.env["periscolaire.invoicing.run"].create(
            {"month": first, "family_ids": [Command.set(self.family_ids.ids)]}
        )
        run._start()
        if run.family_count > BATCH_SIZE:
            self.env.ref("periscolaire_billing.ir_cron_invoicing_runs")._trigger()
            return {
                "type": "ir.actions.act_window",
                "res_model": "periscolaire.invoicing.run",
                "res_id": run.id,
                "view_mode": "form",
                "target": "current",
            }
        run._process()
        if not run.move_ids:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Rien à facturer"),
                    "message": self.env._(
                        "%s : toutes les séances facturables sont déjà facturées.",
                        self.month_label,
                    ),
                    "type": "info",
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return run.action_view_moves()
