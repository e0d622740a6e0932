# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireSite(models.Model):
    _inherit = "periscolaire.site"

    kitchen_id = fields.Many2one(
        "periscolaire.kitchen",
        string="Cuisine",
        index="btree_not_null",
        help="La cuisine qui prépare les repas du site.",
    )
