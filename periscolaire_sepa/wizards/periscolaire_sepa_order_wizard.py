# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.periscolaire_portal.rules import dates


class PeriscolaireSepaOrderWizard(models.TransientModel):
    _name = "periscolaire.sepa.order.wizard"
    _description = "Préparer le prélèvement des factures d'un mois"

    def _default_month(self):
        return (fields.Date.context_today(self).replace(day=1) - timedelta(days=1)).replace(day=1)

    month = fields.Date(
        string="Mois facturé",
        required=True,
        default=lambda self: self._default_month(),
        help="N'importe quel jour du mois dont les factures sont à prélever.",
    )
    month_label = fields.Char(string="Mois", compute="_compute_month_label")
    collection_date = fields.Date(
        string="Date de prélèvement",
        required=True,
        default=lambda self: self.env[
            "account.payment.order"
        ]._periscolaire_default_collection_date(),
        help="Jour où les comptes des familles sont débités : le jour de prélèvement de la "
        "mairie, après le préavis de pré-notification.",
    )
    invoice_count = fields.Integer(string="Factures à prélever", compute="_compute_invoice_count")

    @api.depends("month")
    def _compute_month_label(self):
        for wizard in self:
            month = wizard.month
            wizard.month_label = dates.month_label(month.year, month.month) if month else ""

    @api.depends("month")
    def _compute_invoice_count(self):
        Order = self.env["account.payment.order"]
        for wizard in self:
            wizard.invoice_count = (
                len(Order._periscolaire_invoices_to_debit(wizard.month)) if wizard.month else 0
            )

    def action_build_order(self):
        self.ensure_one()
        order = self.env["account.payment.order"]._periscolaire_build_month_order(
            self.month, self.collection_date
        )
        if not order:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Rien à prélever"),
                    "message": self.env._(
                        "%s : aucune facture à payer d'une famille ayant un mandat valide.",
                        self.month_label,
                    ),
                    "type": "info",
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_payment_order.account_payment_order_inbound_action"
        )
        action.update({"res_id": order.id, "view_mode": "form", "views": False})
        return action
