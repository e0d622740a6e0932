# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireTariffSiblingDiscount(models.Model):
    _name = "periscolaire.tariff.sibling.discount"
    _description = "Réduction fratrie d'un tarif"
    _inherit = "periscolaire.tariff.part"
    _order = "tariff_id, rank"

    rank = fields.Integer(
        string="À partir du rang",
        required=True,
        default=2,
        help="Rang de l'enfant dans la fratrie, l'aîné étant le rang 1 ; la réduction vaut "
        "pour ce rang et les suivants, jusqu'à la ligne d'un rang plus élevé.",
    )
    discount_percent = fields.Float(string="Réduction (%)", required=True)

    _sql_constraints = [
        ("rank_unique", "UNIQUE (tariff_id, rank)", "Un rang ne peut figurer qu'une fois."),
        ("rank_check", "CHECK (rank >= 2)", "La réduction fratrie commence au 2e enfant."),
        (
            "discount_check",
            "CHECK (discount_percent >= 0 AND discount_percent <= 100)",
            "La réduction doit être comprise entre 0 et 100 %.",
        ),
    ]
