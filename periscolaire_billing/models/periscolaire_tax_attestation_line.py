# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireTaxAttestationLine(models.Model):
    _name = "periscolaire.tax.attestation.line"
    _description = "Enfant d'une attestation fiscale"
    _order = "attestation_id, birth_date, id"

    attestation_id = fields.Many2one(
        "periscolaire.tax.attestation",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="attestation_id.company_id", store=True)
    currency_id = fields.Many2one(related="attestation_id.currency_id")
    child_id = fields.Many2one(
        "periscolaire.child", string="Enfant", required=True, ondelete="restrict"
    )
    child_name = fields.Char(related="child_id.name", string="Nom de l'enfant")
    birth_date = fields.Date(related="child_id.birth_date", string="Date de naissance", store=True)
    alternating_residence = fields.Boolean(
        string="Résidence alternée",
        readonly=True,
        help="Enfant de parents séparés ayant deux foyers : chaque parent a sa propre "
        "attestation et le plafond des frais est réduit de moitié pour chacun.",
    )
    amount = fields.Monetary(
        string="Frais de garde payés",
        currency_field="currency_id",
        help="Sommes payées dans l'année pour la garde, hors repas et pénalités, aides déduites.",
    )
