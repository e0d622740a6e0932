"""Custody of a child whose parents live apart: whose day it is.

Such a child belongs to two households (each a family with its own référent,
address, quotient familial, bookings and invoices). Staff set the custody
pattern from the court decision:

- ``ALTERNATE_WEEKS`` (résidence alternée): one household has the even ISO
  weeks, the other the odd ones — the wording of judgments ("les semaines
  paires chez le père"). Weeks are ISO weeks as the town's calendar numbers
  them, so a year with a week 53 (2026) is followed by week 1: two odd weeks
  in a row, as the judgment's wording says;
- ``WEEKDAYS``: fixed weekdays for the first household, every other day for
  the second ("le mercredi chez la mère");
- ``FREE``: no rule, each household books what it needs; a day booked by one
  is then taken for the other (one booking per child, activity and day).

:meth:`Custody.keeper` says whose day it is (``None``: either household's);
a household books only its own days (:meth:`Custody.is_own_day`). A child of
one household has no :class:`Custody` (``None``): every day is its own.
Malformed patterns raise :class:`~.errors.RuleError` in French.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .dates import WEEKDAY_NAMES_FR, iso_week, parse_weekdays
from .errors import RuleError, parse_enum
from .i18n import _lt


class CustodyPattern(StrEnum):
    ALTERNATE_WEEKS = "alternate_weeks"
    WEEKDAYS = "weekdays"
    FREE = "free"


class Parity(StrEnum):
    EVEN = "even"
    ODD = "odd"


PATTERN_LABELS = {
    CustodyPattern.ALTERNATE_WEEKS: _lt("Semaines alternées"),
    CustodyPattern.WEEKDAYS: _lt("Jours fixes"),
    CustodyPattern.FREE: _lt("Libre"),
}
PARITY_LABELS = {Parity.EVEN: _lt("semaines paires"), Parity.ODD: _lt("semaines impaires")}
#: What the other household's day is called, in the portal's outcomes and cells.
OTHER_DAY_LABELS = {
    CustodyPattern.ALTERNATE_WEEKS: _lt("Semaine de l'autre parent"),
    CustodyPattern.WEEKDAYS: _lt("Jour de l'autre parent"),
}


def week_parity(day: date) -> Parity:
    """Parity of ``day``'s ISO week."""
    return Parity.EVEN if iso_week(day) % 2 == 0 else Parity.ODD


@dataclass(frozen=True, slots=True)
class Custody:
    """The custody of a child between households ``first`` and ``second``
    (any hashable keys: the families' ids).

    ``first_parity``: the parity of the first household's weeks
    (``ALTERNATE_WEEKS``); ``first_weekdays``: the first household's weekdays
    (``WEEKDAYS``, 0 = Monday; anything :func:`~.dates.parse_weekdays` reads).
    """

    first: Hashable
    second: Hashable
    pattern: CustodyPattern = CustodyPattern.FREE
    first_parity: Parity = Parity.EVEN
    first_weekdays: frozenset = field(default_factory=frozenset)

    def __post_init__(self):
        if self.first == self.second:
            raise RuleError(_lt("Les deux foyers de l'enfant doivent être différents."))
        object.__setattr__(
            self, "pattern", parse_enum(CustodyPattern, self.pattern, _lt("mode de garde"))
        )
        object.__setattr__(
            self, "first_parity", parse_enum(Parity, self.first_parity, _lt("parité"))
        )
        weekdays = parse_weekdays(self.first_weekdays or ())
        object.__setattr__(self, "first_weekdays", weekdays)
        if self.pattern == CustodyPattern.WEEKDAYS and not weekdays:
            raise RuleError(_lt("Garde à jours fixes : cochez les jours du premier foyer."))
        if self.pattern == CustodyPattern.WEEKDAYS and len(weekdays) == 7:
            raise RuleError(
                _lt("Garde à jours fixes : laissez au moins un jour de la semaine au second foyer.")
            )

    @property
    def households(self) -> tuple[Hashable, Hashable]:
        return self.first, self.second

    def other(self, household: Hashable) -> Hashable:
        """The other household of the child."""
        self._check_household(household)
        return self.second if household == self.first else self.first

    def keeper(self, day: date) -> Hashable | None:
        """The household whose day ``day`` is; ``None`` when either may book."""
        if self.pattern == CustodyPattern.ALTERNATE_WEEKS:
            return self.first if week_parity(day) == self.first_parity else self.second
        if self.pattern == CustodyPattern.WEEKDAYS:
            return self.first if day.weekday() in self.first_weekdays else self.second
        return None

    def is_own_day(self, household: Hashable, day: date) -> bool:
        """Whether ``household`` may book the child on ``day``."""
        self._check_household(household)
        keeper = self.keeper(day)
        return keeper is None or keeper == household

    @property
    def other_day_label(self) -> str:
        """``"Semaine de l'autre parent"`` or ``"Jour de l'autre parent"``."""
        return OTHER_DAY_LABELS.get(self.pattern, "")

    def describe(self, household: Hashable) -> str:
        """The pattern in French, as ``household`` reads it on the portal."""
        self._check_household(household)
        if self.pattern == CustodyPattern.ALTERNATE_WEEKS:
            own = self.first_parity if household == self.first else _other_parity(self.first_parity)
            return _lt(
                "Garde alternée : les %(own)s chez vous, les %(other)s chez l'autre parent.",
                own=PARITY_LABELS[own],
                other=PARITY_LABELS[_other_parity(own)],
            )
        if self.pattern == CustodyPattern.WEEKDAYS:
            first_days = sorted(self.first_weekdays)
            second_days = [day for day in range(7) if day not in self.first_weekdays]
            own, other = (
                (first_days, second_days) if household == self.first else (second_days, first_days)
            )
            return _lt(
                "Garde à jours fixes : %(own)s chez vous ; %(other)s chez l'autre parent.",
                own=_weekday_names(own),
                other=_weekday_names(other),
            )
        return _lt(
            "Garde libre : chaque parent réserve les jours dont il a besoin ; un jour réservé "
            "par l'un est pris pour l'autre."
        )

    def _check_household(self, household: Hashable) -> None:
        if household not in (self.first, self.second):
            raise RuleError(_lt("Ce foyer n'est pas un foyer de l'enfant."))


def is_own_day(custody: Custody | None, household: Hashable, day: date) -> bool:
    """Whether ``household`` may book on ``day`` a child under ``custody``
    (``None``: a child of one household, every day is its own)."""
    return custody is None or custody.is_own_day(household, day)


def split_days(custody: Custody | None, default: Hashable, days: Iterable[date]) -> dict:
    """``{household: [days]}``: the days of each household, in order; the days
    either may book (free pattern, or no custody) go to ``default``."""
    result: dict = {}
    for day in sorted(set(days)):
        keeper = custody.keeper(day) if custody else None
        result.setdefault(default if keeper is None else keeper, []).append(day)
    return result


def _other_parity(parity: Parity) -> Parity:
    return Parity.ODD if parity == Parity.EVEN else Parity.EVEN


def _weekday_names(days: Iterable[int]) -> str:
    return ", ".join(WEEKDAY_NAMES_FR[day] for day in days)
