# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    pes_imputation_id = fields.Many2one(
        "periscolaire.pes.imputation",
        string="Imputation budgétaire (Hélios)",
        help="Imputation des lignes de facture de cet article dans les titres envoyés au comptable "
        "public, sauf si l'activité facturée a la sienne.",
    )
