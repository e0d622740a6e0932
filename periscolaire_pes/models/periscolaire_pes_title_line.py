# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscolairePesTitleLine(models.Model):
    """One line of a title: the amount of one budget imputation (a sous-article of the rôle)."""

    _name = "periscolaire.pes.title.line"
    _description = "Ligne de titre de recette (Hélios)"
    _order = "title_id, sequence"

    title_id = fields.Many2one(
        "periscolaire.pes.title", string="Titre", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="title_id.company_id", store=True)
    currency_id = fields.Many2one(related="title_id.currency_id")
    sequence = fields.Integer(string="N° de ligne", required=True)
    imputation_id = fields.Many2one(
        "periscolaire.pes.imputation", required=True, ondelete="restrict"
    )
    label = fields.Char(string="Objet de la ligne")
    amount = fields.Monetary(string="Montant", currency_field="currency_id")
    origin_line_id = fields.Many2one(
        "periscolaire.pes.title.line",
        string="Ligne réduite",
        ondelete="restrict",
        help="Pour une réduction : la ligne du titre dont elle réduit le montant.",
    )
    reduction_line_ids = fields.One2many(
        "periscolaire.pes.title.line", "origin_line_id", string="Réductions"
    )
    remaining_amount = fields.Monetary(
        string="Reste après réductions",
        currency_field="currency_id",
        compute="_compute_remaining_amount",
    )

    @api.depends("amount", "reduction_line_ids.amount")
    def _compute_remaining_amount(self):
        for line in self:
            line.remaining_amount = line.currency_id.round(
                line.amount - sum(line.reduction_line_ids.mapped("amount"))
            )
