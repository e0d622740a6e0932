# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.periscolaire_portal.rules import dates


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

    @api.depends("month")
    def _compute_month_label(self):
        for wizard in self:
            month = wizard.month
            wizard.month_label = dates.month_label(month.year, month.month) if month else ""

    def action_invoice(self):
        self.ensure_one()
        moves = self.env["periscolaire.monthly.invoicing"]._invoice_month(
            self.month, self.family_ids or None
        )
        if not moves:
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
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_invoice_action"
        )
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {}
        action["name"] = self.env._("Facturation de %s", self.month_label)
        return action
