# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import documents as rules


class PeriscolaireDocumentType(models.Model):
    _name = "periscolaire.document.type"
    _description = "Type de document"
    _order = "sequence, id"

    name = fields.Char(string="Nom", required=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(string="Séquence", default=10)
    active = fields.Boolean(string="Actif", default=True)
    target = fields.Selection(
        [(rules.MemberKind.REFERENT, "Référent"), (rules.MemberKind.CHILD, "Chaque enfant")],
        string="Demandé pour",
        required=True,
        default=rules.MemberKind.CHILD,
    )
    per_household = fields.Boolean(
        string="Propre à chaque foyer",
        help="Pour un enfant de parents séparés, chaque foyer fournit le sien (justificatif de "
        "domicile…). Sinon le document de l'enfant (vaccins, fiche sanitaire…), validé une "
        "fois, sert aux deux foyers. Les documents du référent sont toujours propres à son "
        "foyer.",
    )
    validity = fields.Selection(
        [
            (rules.Validity.SCHOOL_YEAR, "Année scolaire"),
            (rules.Validity.MONTHS, "Mois"),
            (rules.Validity.PERMANENT, "Permanent"),
        ],
        string="Validité",
        required=True,
        default=rules.Validity.SCHOOL_YEAR,
        help="Année scolaire : valable jusqu'au 31 août qui suit la validation. "
        "Mois : valable le nombre de mois indiqué à partir de la validation.",
    )
    validity_months = fields.Integer(string="Durée (mois)")
    blocking = fields.Boolean(
        string="Bloquant",
        help="Tant qu'un document de ce type manque, est refusé ou expiré, "
        "la famille ne peut pas faire de nouvelle réservation.",
    )
    description = fields.Text(
        string="Consignes pour les familles",
        help="Texte affiché aux parents sur le portail à côté du bouton d'envoi.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Ce code de type de document existe déjà."),
    ]

    @api.constrains("validity", "validity_months")
    def _check_validity_months(self):
        for doc_type in self:
            if doc_type.validity == rules.Validity.MONTHS and doc_type.validity_months < 1:
                raise ValidationError(
                    self.env._(
                        "Indiquez une durée de validité d'au moins un mois pour « %s ».",
                        doc_type.name,
                    )
                )

    def _compute_expiry_date(self, from_date):
        """Last valid day of a document of this type validated on ``from_date``."""
        self.ensure_one()
        return rules.compute_expiry_date(self.validity, from_date, self.validity_months)

    def _as_rule(self):
        self.ensure_one()
        return rules.DocumentType(self.id, self.name, self.target, self.blocking)
