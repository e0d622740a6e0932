# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.periscolaire_portal.rules import dates


class PeriscolairePesExportWizard(models.TransientModel):
    _name = "periscolaire.pes.export.wizard"
    _description = "Exporter des titres vers Hélios"

    def _default_month(self):
        return (fields.Date.context_today(self).replace(day=1) - timedelta(days=1)).replace(day=1)

    mode = fields.Selection(
        [("month", "Un mois de facturation"), ("selection", "Les pièces choisies")],
        string="Exporter",
        default="month",
        required=True,
    )
    month = fields.Date(
        string="Mois facturé",
        default=lambda self: self._default_month(),
        help="N'importe quel jour du mois.",
    )
    month_label = fields.Char(string="Mois", compute="_compute_month_label")
    move_ids = fields.Many2many("account.move", string="Factures et avoirs")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "account.move" and context.get("active_ids"):
            values["mode"] = "selection"
            values["move_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    @api.depends("month")
    def _compute_month_label(self):
        for wizard in self:
            month = wizard.month
            wizard.month_label = dates.month_label(month.year, month.month) if month else ""

    def action_export(self):
        self.ensure_one()
        export = self.env["periscolaire.pes.export"]
        if self.mode == "month":
            if not self.month:
                raise UserError(self.env._("Choisissez le mois à exporter."))
            bordereaux, notes = export._export_month(self.month)
        else:
            if not self.move_ids:
                raise UserError(self.env._("Choisissez les factures et avoirs à exporter."))
            bordereaux, notes = export._export_moves(self.move_ids)
        if not bordereaux:
            # a notification, not an error: what the export marked (invoices fully credited
            # before sending) is kept
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Rien de nouveau à transmettre au comptable public"),
                    "message": "\n".join(notes) or self.env._("Tout est déjà transmis."),
                    "type": "warning" if notes else "info",
                    "sticky": bool(notes),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        if notes:
            for bordereau in bordereaux:
                bordereau.message_post(body=Markup("<br/>").join(notes))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_pes.periscolaire_pes_bordereau_action"
        )
        if len(bordereaux) == 1:
            action.update(
                {"view_mode": "form", "views": [(False, "form")], "res_id": bordereaux.id}
            )
        else:
            action["domain"] = [("id", "in", bordereaux.ids)]
        return action
