# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscolaireTariffSiblingDiscount(models.Model):
    _name = "periscolaire.tariff.sibling.discount"
    _description = "Réduction fratrie d'un tarif"
    _order = "tariff_id, rank"

    tariff_id = fields.Many2one(
        "periscolaire.tariff", string="Tarif", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="tariff_id.company_id", store=True, string="Société")
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

    @api.model_create_multi
    def create(self, vals_list):
        tariffs = self.env["periscolaire.tariff"].browse(
            {vals["tariff_id"] for vals in vals_list if vals.get("tariff_id")}
        )
        tariffs._check_not_used()
        return super().create(vals_list)

    def write(self, vals):
        self.tariff_id._check_not_used()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_tariff(self):
        self.tariff_id._check_not_used()
