# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.periscolaire_portal.rules import dates


class AccountMove(models.Model):
    _inherit = "account.move"

    periscolaire_family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    periscolaire_month = fields.Date(
        string="Mois facturé",
        readonly=True,
        copy=False,
        help="Premier jour du mois de périscolaire facturé.",
    )
    periscolaire_month_label = fields.Char(
        string="Mois", compute="_compute_periscolaire_month_label"
    )

    @api.depends("periscolaire_month")
    def _compute_periscolaire_month_label(self):
        for move in self:
            month = move.periscolaire_month
            move.periscolaire_month_label = (
                dates.month_label(month.year, month.month) if month else False
            )
