# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    periscolaire_is_penalty = fields.Boolean(
        string="Pénalité périscolaire",
        help="Article facturé comme pénalité (retard à la sortie…) : exclu des attestations "
        "fiscales de frais de garde.",
    )
