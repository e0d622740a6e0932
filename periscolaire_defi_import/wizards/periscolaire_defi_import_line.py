# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

KINDS = [
    ("family", "Famille"),
    ("guardian", "Responsable"),
    ("child", "Enfant"),
    ("document", "Document"),
    ("row", "Ligne du fichier"),
]
ACTIONS = [
    ("create", "À créer"),
    ("match", "Déjà présent"),
    ("refuse", "Refusé"),
    ("created", "Créé"),
]


class PeriscolaireDefiImportLine(models.TransientModel):
    _name = "periscolaire.defi.import.line"
    _description = "Ligne de l'aperçu d'un import DEFI"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "periscolaire.defi.import.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    row = fields.Integer(string="Ligne")
    kind = fields.Selection(KINDS, string="Type")
    action = fields.Selection(ACTIONS)
    name = fields.Char(string="Nom")
    detail = fields.Char(string="Détail")
