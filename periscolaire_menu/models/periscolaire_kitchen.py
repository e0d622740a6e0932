# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireKitchen(models.Model):
    """A kitchen and the sites it serves: a menu published for the kitchen is
    the menu of each of its sites."""

    _name = "periscolaire.kitchen"
    _description = "Cuisine"
    _order = "name"

    name = fields.Char(string="Nom", required=True)
    active = fields.Boolean(string="Actif", default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    site_ids = fields.One2many("periscolaire.site", "kitchen_id", string="Sites servis")
