# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv.expression import NEGATIVE_TERM_OPERATORS

from ..rules import custody as rules_custody
from ..rules.dates import WEEKDAY_CODES
from ..rules.errors import RuleError
from ..texts import rule_text

#: The weekdays of the first household under a "fixed weekdays" custody.
CUSTODY_WEEKDAY_FIELDS = tuple(f"custody_{code}" for code in WEEKDAY_CODES)
#: Fields whose change alters whose day it is.
CUSTODY_FIELDS = (
    "family_id",
    "second_family_id",
    "custody_pattern",
    "custody_first_parity",
    *CUSTODY_WEEKDAY_FIELDS,
)


class PeriscolaireChild(models.Model):
    """A child whose parents live apart belongs to two households: ``family_id`` (the first,
    where the child was registered) and ``second_family_id``. Each household has its own
    référent and portal login, address, quotient familial, bookings, invoices and
    attestation; staff set whose day it is from the court decision (rules core:
    ``rules/custody.py``)."""

    _inherit = "periscolaire.child"

    second_family_id = fields.Many2one(
        "periscolaire.family",
        string="Second foyer",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        domain="[('id', '!=', family_id), ('company_id', '=', company_id)]",
        help="Le foyer de l'autre parent quand les parents vivent séparément : il a son "
        "référent et son accès au portail, son adresse, son quotient familial, ses "
        "réservations, ses factures et son attestation fiscale.",
    )
    family_ids = fields.Many2many(
        "periscolaire.family",
        string="Foyers",
        compute="_compute_family_ids",
        search="_search_family_ids",
    )
    custody_pattern = fields.Selection(
        [
            (rules_custody.CustodyPattern.ALTERNATE_WEEKS.value, "Semaines alternées"),
            (rules_custody.CustodyPattern.WEEKDAYS.value, "Jours fixes"),
            (rules_custody.CustodyPattern.FREE.value, "Libre"),
        ],
        string="Mode de garde",
        required=True,
        default=rules_custody.CustodyPattern.FREE.value,
        tracking=True,
        help="Selon la décision de justice : semaines alternées (paires chez l'un, impaires "
        "chez l'autre), jours fixes, ou libre (chaque foyer réserve ce dont il a besoin ; un "
        "jour réservé par l'un est pris pour l'autre).",
    )
    custody_first_parity = fields.Selection(
        [
            (rules_custody.Parity.EVEN.value, "Semaines paires"),
            (rules_custody.Parity.ODD.value, "Semaines impaires"),
        ],
        string="Semaines du premier foyer",
        required=True,
        default=rules_custody.Parity.EVEN.value,
        tracking=True,
        help="Semaines ISO, numérotées comme dans le calendrier du portail.",
    )
    custody_mon = fields.Boolean(string="Lundi au premier foyer")
    custody_tue = fields.Boolean(string="Mardi au premier foyer")
    custody_wed = fields.Boolean(string="Mercredi au premier foyer")
    custody_thu = fields.Boolean(string="Jeudi au premier foyer")
    custody_fri = fields.Boolean(string="Vendredi au premier foyer")
    custody_sat = fields.Boolean(string="Samedi au premier foyer")
    custody_sun = fields.Boolean(string="Dimanche au premier foyer")

    @api.depends("family_id", "second_family_id")
    def _compute_family_ids(self):
        for child in self:
            child.family_ids = child.family_id | child.second_family_id

    def _search_family_ids(self, operator, value):
        # A child is in a household when either of its two families is that household.
        negative = operator in NEGATIVE_TERM_OPERATORS or operator == "not any"
        return [
            "&" if negative else "|",
            ("family_id", operator, value),
            ("second_family_id", operator, value),
        ]

    @api.constrains(*CUSTODY_FIELDS)
    def _check_households(self):
        for child in self:
            if not child.second_family_id:
                continue
            if child.second_family_id.company_id != child.family_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Les deux foyers de %s doivent dépendre de la même ville.", child.name
                    )
                )
            try:
                child._get_custody()
            except RuleError as error:
                raise ValidationError(
                    self.env._(
                        "%(child)s : %(error)s",
                        child=child.name,
                        error=rule_text(self.env, error.message),
                    )
                ) from None

    # ------------------------------------------------------------------
    # Whose day it is
    # ------------------------------------------------------------------
    def _get_custody(self):
        """The rules core's :class:`~.custody.Custody` of the child, keyed by family ids;
        ``None`` for a child of one household."""
        self.ensure_one()
        if not self.second_family_id:
            return None
        return rules_custody.Custody(
            first=self.family_id.id,
            second=self.second_family_id.id,
            pattern=self.custody_pattern,
            first_parity=self.custody_first_parity,
            first_weekdays=[
                index for index, name in enumerate(CUSTODY_WEEKDAY_FIELDS) if self[name]
            ],
        )

    def _custody_by_child(self):
        """``{child id: Custody}`` of the children of two households among ``self``."""
        return {child.id: child._get_custody() for child in self if child.second_family_id}

    def _keeper_family(self, day):
        """The household whose day ``day`` is; an empty recordset when either may book."""
        self.ensure_one()
        custody = self._get_custody()
        keeper = custody.keeper(day) if custody else None
        return self.env["periscolaire.family"].browse(keeper)

    def _is_own_day(self, family, day):
        """Whether ``family`` may book the child on ``day`` by the custody pattern."""
        self.ensure_one()
        return rules_custody.is_own_day(self._get_custody(), family.id, day)

    def _custody_description(self, family):
        """The custody pattern in French, as ``family`` reads it on the portal ("" for a child
        of one household)."""
        self.ensure_one()
        custody = self._get_custody()
        return rule_text(self.env, custody.describe(family.id)) if custody else ""
