# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireSite(models.Model):
    _inherit = "periscolaire.site"

    open_to_all = fields.Boolean(
        string="Ouvert à tous les enfants",
        help="Les activités de ce site (par exemple le centre du mercredi) sont proposées "
        "sur le portail à tous les enfants, quel que soit leur site de rattachement.",
    )
