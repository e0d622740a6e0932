# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .account_move_line import LINE_KINDS


class PeriscolaireRevenueReport(models.Model):
    """Posted invoice and credit-note lines of the périscolaire, revenue
    positive, by the month of service (not the accounting date)."""

    _name = "periscolaire.revenue.report"
    _description = "Analyse des recettes du périscolaire"
    _auto = False
    _order = "month desc"

    company_id = fields.Many2one("res.company", string="Société", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Devise", readonly=True)
    move_id = fields.Many2one("account.move", string="Pièce", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Facture"), ("out_refund", "Avoir")], string="Type", readonly=True
    )
    date = fields.Date(string="Date comptable", readonly=True)
    month = fields.Date(string="Mois facturé", readonly=True)
    family_id = fields.Many2one("periscolaire.family", string="Famille", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payeur", readonly=True)
    child_id = fields.Many2one("periscolaire.child", string="Enfant", readonly=True)
    activity_id = fields.Many2one("periscolaire.activity", string="Activité", readonly=True)
    category_id = fields.Many2one(
        "periscolaire.activity.category", string="Catégorie", readonly=True
    )
    site_id = fields.Many2one("periscolaire.site", readonly=True)
    product_id = fields.Many2one("product.product", string="Service", readonly=True)
    account_id = fields.Many2one("account.account", string="Compte", readonly=True)
    kind = fields.Selection(LINE_KINDS, string="Nature", readonly=True)
    quantity = fields.Float(string="Séances", readonly=True)
    amount = fields.Monetary(string="Montant", currency_field="currency_id", readonly=True)
    meal_amount = fields.Monetary(string="dont repas", currency_field="currency_id", readonly=True)
    penalty_amount = fields.Monetary(
        string="dont pénalités", currency_field="currency_id", readonly=True
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT aml.id,
                           aml.company_id,
                           aml.company_currency_id AS currency_id,
                           am.id AS move_id,
                           am.move_type,
                           am.date,
                           am.periscolaire_month AS month,
                           am.periscolaire_family_id AS family_id,
                           am.partner_id,
                           aml.periscolaire_child_id AS child_id,
                           aml.periscolaire_activity_id AS activity_id,
                           activity.category_id,
                           activity.site_id,
                           aml.product_id,
                           aml.account_id,
                           aml.periscolaire_kind AS kind,
                           CASE WHEN am.move_type = 'out_refund' THEN -aml.quantity
                                ELSE aml.quantity END AS quantity,
                           -aml.balance AS amount,
                           CASE WHEN am.move_type = 'out_refund'
                                THEN -COALESCE(aml.periscolaire_meal_amount, 0)
                                ELSE COALESCE(aml.periscolaire_meal_amount, 0) END AS meal_amount,
                           CASE WHEN am.move_type = 'out_refund'
                                THEN -COALESCE(aml.periscolaire_penalty_amount, 0)
                                ELSE COALESCE(aml.periscolaire_penalty_amount, 0)
                           END AS penalty_amount
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                 LEFT JOIN periscolaire_activity activity
                        ON activity.id = aml.periscolaire_activity_id
                     WHERE am.state = 'posted'
                       AND am.periscolaire_family_id IS NOT NULL
                       AND am.move_type IN ('out_invoice', 'out_refund')
                       AND aml.display_type = 'product'
                )
                """,
                SQL.identifier(self._table),
            )
        )
