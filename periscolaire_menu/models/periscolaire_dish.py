# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

COURSES = [
    ("starter", "Entrée"),
    ("main", "Plat"),
    ("side", "Accompagnement"),
    ("dairy", "Fromage ou laitage"),
    ("dessert", "Dessert"),
    ("snack", "Goûter"),
]


class PeriscolaireDish(models.Model):
    """A dish of the kitchen's repertoire, with its allergens: written once,
    served in many menus."""

    _name = "periscolaire.dish"
    _description = "Plat"
    _order = "name"

    name = fields.Char(string="Plat", required=True)
    active = fields.Boolean(string="Actif", default=True)
    course = fields.Selection(COURSES, string="Service", required=True, default="main")
    allergen_ids = fields.Many2many(
        "periscolaire.allergen",
        string="Allergènes",
        help="Les allergènes réglementaires présents dans le plat.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
