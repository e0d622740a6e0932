# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireAllergen(models.Model):
    """The 14 allergens whose presence a caterer must declare (Regulation (EU)
    No 1169/2011, Annex II). They come with the addon as data."""

    _name = "periscolaire.allergen"
    _description = "Allergène réglementaire"
    _order = "sequence, id"

    name = fields.Char(string="Allergène", required=True)
    code = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="Libellé réglementaire",
        help="Le texte de l'annexe II du règlement (UE) n° 1169/2011.",
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "Chaque allergène réglementaire n'existe qu'une fois."),
    ]
