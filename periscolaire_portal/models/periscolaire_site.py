# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireSite(models.Model):
    _name = "periscolaire.site"
    _description = "Site périscolaire"
    _order = "name"

    name = fields.Char(string="Nom", required=True)
    code = fields.Char()
    active = fields.Boolean(string="Actif", default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    street = fields.Char(string="Rue")
    zip = fields.Char(string="Code postal")
    city = fields.Char(string="Ville")
    activity_ids = fields.One2many("periscolaire.activity", "site_id", string="Activités")
