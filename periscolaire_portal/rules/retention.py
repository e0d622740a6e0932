"""How long a family's personal data are kept after it left (RGPD).

- A family **left** when it has booked nothing for ``inactive_years`` years (a
  setting): its departure day is the day of its last booking (or of its creation
  when it never booked) plus that many years.
- Its **documents and health data** (documents sent, medical certificates,
  allergies, PAI, people allowed to pick the children up) are deleted at the end
  of the school year of its departure (31 August), or that many school years
  later (a setting, 0 by default).
- Its **accounting documents** (invoices, credit notes, payments) are kept ten
  years (a setting) after the end of the calendar year of the last one (Code de
  commerce L123-22, instruction on public accounting records). Once that time has
  passed, and not before its documents are deleted, the family is **anonymised**:
  names and contact data are replaced, the amounts and numbers of its invoices
  stay.
- Staff may **hold** a family (dispute, debt being recovered…): nothing is then
  deleted nor anonymised.

A step is due on the day after its date (the date is the last day of keeping).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .dates import school_year_bounds, school_year_of
from .errors import RuleError
from .i18n import _lt

DEFAULT_INACTIVE_YEARS = 2
DEFAULT_DOCUMENTS_SCHOOL_YEARS = 0
DEFAULT_ACCOUNTING_YEARS = 10


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    inactive_years: int = DEFAULT_INACTIVE_YEARS
    documents_school_years: int = DEFAULT_DOCUMENTS_SCHOOL_YEARS
    accounting_years: int = DEFAULT_ACCOUNTING_YEARS

    def __post_init__(self):
        if self.inactive_years < 1:
            raise RuleError(_lt("Une famille part après au moins un an sans réservation."))
        if self.documents_school_years < 0:
            raise RuleError(
                _lt("Le nombre d'années scolaires de conservation ne peut être négatif.")
            )
        if self.accounting_years < 1:
            raise RuleError(_lt("Les pièces comptables se gardent au moins un an."))


class Stage(StrEnum):
    ACTIVE = "active"
    LEFT = "left"
    DOCUMENTS_DUE = "documents_due"
    ANONYMISATION_DUE = "anonymisation_due"


@dataclass(frozen=True, slots=True)
class Schedule:
    last_activity: date
    departure: date
    documents_until: date
    accounting_until: date | None
    anonymise_after: date

    def stage(self, today: date) -> Stage:
        if today > self.anonymise_after:
            return Stage.ANONYMISATION_DUE
        if today > self.documents_until:
            return Stage.DOCUMENTS_DUE
        if today >= self.departure:
            return Stage.LEFT
        return Stage.ACTIVE

    def documents_due(self, today: date) -> bool:
        return today > self.documents_until

    def anonymisation_due(self, today: date) -> bool:
        return today > self.anonymise_after


def schedule(
    last_activity: date, last_accounting: date | None, policy: RetentionPolicy | None = None
) -> Schedule:
    """The retention dates of a family whose last booking (or creation) is
    ``last_activity`` and whose last accounting document is dated
    ``last_accounting`` (``None``: it has none)."""
    policy = policy or RetentionPolicy()
    departure = add_years(last_activity, policy.inactive_years)
    documents_until = school_year_bounds(school_year_of(departure) + policy.documents_school_years)[
        1
    ]
    accounting_until = (
        date(last_accounting.year + policy.accounting_years, 12, 31) if last_accounting else None
    )
    anonymise_after = max(documents_until, accounting_until or documents_until)
    return Schedule(last_activity, departure, documents_until, accounting_until, anonymise_after)
