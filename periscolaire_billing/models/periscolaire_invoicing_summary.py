# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.periscolaire_portal.rules import dates


class PeriscolaireInvoicingSummary(models.Model):
    """One row per company and month of service: what the monthly invoicing
    produced (posted documents only)."""

    _name = "periscolaire.invoicing.summary"
    _description = "Synthèse de la facturation mensuelle"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month_label"

    company_id = fields.Many2one("res.company", string="Société", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Devise", readonly=True)
    month = fields.Date(string="Mois facturé", readonly=True)
    month_label = fields.Char(string="Mois", compute="_compute_month_label")
    family_count = fields.Integer(string="Familles facturées", readonly=True, aggregator="sum")
    invoice_count = fields.Integer(string="Factures", readonly=True, aggregator="sum")
    invoiced_amount = fields.Monetary(
        string="Montant facturé", currency_field="currency_id", readonly=True
    )
    refund_count = fields.Integer(string="Avoirs", readonly=True, aggregator="sum")
    refunded_amount = fields.Monetary(
        string="Montant des avoirs", currency_field="currency_id", readonly=True
    )
    net_amount = fields.Monetary(string="Net", currency_field="currency_id", readonly=True)
    residual_amount = fields.Monetary(
        string="Reste à encaisser", currency_field="currency_id", readonly=True
    )

    @api.depends("month")
    def _compute_month_label(self):
        for row in self:
            row.month_label = (
                dates.month_label(row.month.year, row.month.month) if row.month else ""
            )

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_invoice_action"
        )
        action["domain"] = [
            ("periscolaire_month", "=", self.month),
            ("company_id", "=", self.company_id.id),
        ]
        action["context"] = {}
        return action

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT ((EXTRACT(YEAR FROM am.periscolaire_month)::int * 100
                             + EXTRACT(MONTH FROM am.periscolaire_month)::int) * 1000
                            + am.company_id) AS id,
                           am.company_id,
                           company.currency_id,
                           am.periscolaire_month AS month,
                           COUNT(DISTINCT am.periscolaire_family_id)
                               FILTER (WHERE am.move_type = 'out_invoice') AS family_count,
                           COUNT(*) FILTER (WHERE am.move_type = 'out_invoice') AS invoice_count,
                           COALESCE(SUM(am.amount_total_signed)
                               FILTER (WHERE am.move_type = 'out_invoice'), 0) AS invoiced_amount,
                           COUNT(*) FILTER (WHERE am.move_type = 'out_refund') AS refund_count,
                           COALESCE(-SUM(am.amount_total_signed)
                               FILTER (WHERE am.move_type = 'out_refund'), 0) AS refunded_amount,
                           SUM(am.amount_total_signed) AS net_amount,
                           SUM(am.amount_residual_signed) AS residual_amount
                      FROM account_move am
                      JOIN res_company company ON company.id = am.company_id
                     WHERE am.state = 'posted'
                       AND am.periscolaire_family_id IS NOT NULL
                       AND am.periscolaire_month IS NOT NULL
                       AND am.move_type IN ('out_invoice', 'out_refund')
                  GROUP BY am.company_id, company.currency_id, am.periscolaire_month
                )
                """,
                SQL.identifier(self._table),
            )
        )
