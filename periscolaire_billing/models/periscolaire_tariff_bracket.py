# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscolaireTariffBracket(models.Model):
    _name = "periscolaire.tariff.bracket"
    _description = "Tranche de quotient familial d'un tarif"
    _inherit = "periscolaire.tariff.part"
    _order = "tariff_id, qf_min, id"

    currency_id = fields.Many2one(related="tariff_id.currency_id", string="Devise")
    qf_min = fields.Integer(string="QF de", required=True, default=0)
    qf_max = fields.Integer(
        string="QF jusqu'à",
        help="Inclus. Laisser à 0 pour la dernière tranche (sans plafond).",
    )
    price_resident = fields.Monetary(
        string="Prix résident", currency_field="currency_id", required=True
    )
    price_outside = fields.Monetary(
        string="Prix extérieur", currency_field="currency_id", required=True
    )
    meal_part = fields.Monetary(
        string="dont part repas",
        currency_field="currency_id",
        help="Part du prix qui paie le repas : elle n'ouvre pas droit au crédit d'impôt "
        "pour frais de garde.",
    )
    care_part_resident = fields.Monetary(
        string="dont garde (résident)",
        currency_field="currency_id",
        compute="_compute_care_parts",
    )
    care_part_outside = fields.Monetary(
        string="dont garde (extérieur)",
        currency_field="currency_id",
        compute="_compute_care_parts",
    )

    _sql_constraints = [
        (
            "qf_range_check",
            "CHECK (qf_min >= 0 AND (COALESCE(qf_max, 0) = 0 OR qf_max >= qf_min))",
            "Une tranche de quotient familial doit finir après son début.",
        ),
        (
            "prices_check",
            "CHECK (price_resident >= 0 AND price_outside >= 0 AND COALESCE(meal_part, 0) >= 0 "
            "AND COALESCE(meal_part, 0) <= price_resident "
            "AND COALESCE(meal_part, 0) <= price_outside)",
            "Les prix doivent être positifs et comprendre la part repas.",
        ),
    ]

    @api.depends("price_resident", "price_outside", "meal_part")
    def _compute_care_parts(self):
        for bracket in self:
            bracket.care_part_resident = bracket.price_resident - bracket.meal_part
            bracket.care_part_outside = bracket.price_outside - bracket.meal_part

    @api.constrains("qf_min", "qf_max", "price_resident", "price_outside", "meal_part")
    def _check_tariff_rules(self):
        self.tariff_id._check_rules()
