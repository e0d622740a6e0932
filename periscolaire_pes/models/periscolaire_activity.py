# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireActivity(models.Model):
    _inherit = "periscolaire.activity"

    pes_imputation_id = fields.Many2one(
        "periscolaire.pes.imputation",
        string="Imputation budgétaire (Hélios)",
        domain="[('company_id', '=', company_id)]",
        help="Vide : celle de l'article de l'activité, sinon l'imputation par défaut de la "
        "société.",
    )
