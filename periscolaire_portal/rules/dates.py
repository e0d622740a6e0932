"""Date vocabulary shared by the rules: weekdays, school years, ISO weeks,
French labels.

- Weekdays are integers as in :meth:`datetime.date.weekday` (0 = Monday …
  6 = Sunday). :func:`parse_weekdays` also accepts the activity's field codes
  (``"mon"`` … ``"sun"``), French names (``"lundi"``) and the calendar's
  abbreviations (``"lu"``).
- A school year is named by the year of its rentrée and runs from 1 September
  to 31 August (``school_year_of(date(2025, 3, 11)) == 2024``, "2024-2025").
- Weeks are ISO 8601 weeks (Monday first; week 1 holds the first Thursday of
  the year), which French calendars number: "Sem. 9". Even / odd weeks follow
  the ISO week number, so a year with a week 53 (2026) is followed by week 1:
  two odd weeks in a row.
- Labels follow the town's portal: ``"sa 01"``, ``"Sem. 9"``, ``"11/03/25"``,
  ``"mars 2025"``, ``"11:45"``.
"""

from collections.abc import Iterable, Iterator
from datetime import date, time, timedelta

from .errors import RuleError
from .i18n import _lt

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_ABBR_FR = ("lu", "ma", "me", "je", "ve", "sa", "di")
WEEKDAY_NAMES_FR = (
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
)
MONTH_NAMES_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_WEEKDAY_ALIASES = {
    **{code: index for index, code in enumerate(WEEKDAY_CODES)},
    **{abbr: index for index, abbr in enumerate(WEEKDAY_ABBR_FR)},
    **{name: index for index, name in enumerate(WEEKDAY_NAMES_FR)},
}

ONE_DAY = timedelta(days=1)


def parse_weekday(value: int | str) -> int:
    """Weekday number (0 = Monday) of an int, a code, a French name or
    abbreviation; :class:`RuleError` for anything else."""
    if isinstance(value, bool):
        raise _unknown_weekday(value)
    if isinstance(value, int):
        if 0 <= value <= 6:
            return value
        raise _unknown_weekday(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key.isdigit():
            return parse_weekday(int(key))
        if key in _WEEKDAY_ALIASES:
            return _WEEKDAY_ALIASES[key]
    raise _unknown_weekday(value)


def _unknown_weekday(value) -> RuleError:
    return RuleError(_lt("Jour de la semaine inconnu : « %s ».", value))


def parse_weekdays(values: Iterable[int | str]) -> frozenset[int]:
    """The set of weekday numbers of ``values`` (see :func:`parse_weekday`)."""
    if isinstance(values, (str, int)):
        values = [values]
    return frozenset(parse_weekday(value) for value in values)


def school_year_of(day: date) -> int:
    """Year of the rentrée of the school year holding ``day``."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_bounds(school_year: int) -> tuple[date, date]:
    """First and last day (1 September, 31 August) of a school year."""
    return date(school_year, 9, 1), date(school_year + 1, 8, 31)


def school_year_label(school_year: int) -> str:
    """``"2024-2025"``."""
    return f"{school_year}-{school_year + 1}"


def check_range(start: date, end: date, *, one_school_year: bool = False) -> None:
    """:class:`RuleError` unless ``start <= end`` and, with ``one_school_year``,
    both fall in the same school year."""
    if end < start:
        raise RuleError(
            _lt(
                "La date de fin (%(end)s) est antérieure à la date de début (%(start)s).",
                end=short_date(end),
                start=short_date(start),
            )
        )
    if one_school_year and school_year_of(start) != school_year_of(end):
        raise RuleError(
            _lt(
                "Les dates doivent rester dans une même année scolaire (du 1er septembre "
                "au 31 août) : du %(start)s au %(end)s, la période couvre %(first)s et "
                "%(last)s.",
                start=short_date(start),
                end=short_date(end),
                first=school_year_label(school_year_of(start)),
                last=school_year_label(school_year_of(end)),
            )
        )


def iso_week(day: date) -> int:
    """ISO 8601 week number (1 … 53)."""
    return day.isocalendar()[1]


def week_label(day: date) -> str:
    """``"Sem. 9"``: the ISO week of ``day``."""
    return _lt("Sem. %s", iso_week(day))


def day_label(day: date) -> str:
    """``"sa 01"``: French weekday abbreviation and day of the month."""
    return f"{WEEKDAY_ABBR_FR[day.weekday()]} {day.day:02d}"


def short_date(day: date) -> str:
    """``"11/03/25"``."""
    return day.strftime("%d/%m/%y")


def long_date(day: date) -> str:
    """``"mardi 11/03/2025"``."""
    return f"{WEEKDAY_NAMES_FR[day.weekday()]} {day.strftime('%d/%m/%Y')}"


def month_label(year: int, month: int, short_year: bool = False) -> str:
    """``"mars 2025"``, or ``"mars 25"`` with ``short_year``."""
    shown = f"{year % 100:02d}" if short_year else str(year)
    return f"{MONTH_NAMES_FR[month - 1]} {shown}"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - ONE_DAY


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from ``start`` to ``end``, both included."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def time_from_hours(value: float | time | None) -> time | None:
    """``time`` of an Odoo float hour (``11.75`` → 11:45); times and ``None``
    pass through. 24.0 is refused (no such time of day)."""
    if value is None or isinstance(value, time):
        return value
    minutes = round(float(value) * 60)
    if not 0 <= minutes < 24 * 60:
        raise RuleError(_lt("Heure invalide : %s.", value))
    return time(minutes // 60, minutes % 60)


def hour_label(value: time | None) -> str:
    """``"11:45"`` (empty for ``None``)."""
    return value.strftime("%H:%M") if value else ""
