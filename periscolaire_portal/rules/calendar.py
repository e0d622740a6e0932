"""Closed days and the days an activity runs.

An activity runs on a day when all of these hold, checked in this order (the
first that fails is the reason given):

1. the day is inside the activity's period (else ``OUTSIDE_PERIOD``);
2. the day is one of the activity's weekdays (else ``NOT_ACTIVITY_DAY``);
3. the day is not a public holiday of France and of the town's subdivision
   (Moselle: Good Friday and 26 December too; see :mod:`.public_holidays`);
   public holidays are always closed (``PUBLIC_HOLIDAY``);
4. the day has the activity's kind: a school-days activity does not run in the
   school holidays (``SCHOOL_HOLIDAY``), a holiday-centre activity runs only in
   them (``NOT_ACTIVITY_DAY`` on a school day), an activity of both kinds
   ignores them; when the school holidays of that school year are unknown the
   day is closed with ``CALENDAR_UNKNOWN``, never treated as "no holidays";
5. no site closure entered by staff covers the day for the activity
   (``SITE_CLOSURE``: strike, works, pedagogical day…).

School holidays of a zone (default zone B, académie Nancy-Metz, the town of
Hettange-Grande) are seeded from the ``vacances-scolaires-france`` package for
the school years it fully covers (autumn, Christmas, winter, spring and summer
holidays all present), merged with the ranges entered by staff (the package
misses days such as the Friday after Ascension in several years, and stops at
some year). A school year the package does not cover counts as known once
staff entered at least one school-holiday range in it, or when it is listed in
``known_school_years``; otherwise :class:`~.errors.MissingSchoolCalendar` is
raised (or ``CALENDAR_UNKNOWN`` given for an activity's day).
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from .dates import (
    ONE_DAY,
    check_range,
    days_between,
    hour_label,
    parse_weekdays,
    school_year_bounds,
    school_year_of,
    time_from_hours,
)
from .deadlines import DEFAULT_POLICY, DeadlinePolicy
from .errors import MissingSchoolCalendar, RuleError, parse_enum
from .i18n import _lt
from .public_holidays import DEFAULT_SUBDIV, public_holidays

DEFAULT_ZONE = "B"


class DayKind(StrEnum):
    """Kind of days an activity runs on (Odoo: ``day_kind``)."""

    SCHOOL = "school"
    HOLIDAY = "holiday"
    BOTH = "both"


class ClosedReason(StrEnum):
    """Why an activity does not run on a day."""

    PUBLIC_HOLIDAY = "public_holiday"
    SCHOOL_HOLIDAY = "school_holiday"
    SITE_CLOSURE = "site_closure"
    CALENDAR_UNKNOWN = "calendar_unknown"
    NOT_ACTIVITY_DAY = "not_activity_day"
    OUTSIDE_PERIOD = "outside_period"


CLOSED_REASON_LABELS = {
    ClosedReason.PUBLIC_HOLIDAY: _lt("Jour férié"),
    ClosedReason.SCHOOL_HOLIDAY: _lt("Vacances scolaires"),
    ClosedReason.SITE_CLOSURE: _lt("Fermeture"),
    ClosedReason.CALENDAR_UNKNOWN: _lt("Vacances scolaires non connues"),
    ClosedReason.NOT_ACTIVITY_DAY: _lt("Pas d'activité ce jour-là"),
    ClosedReason.OUTSIDE_PERIOD: _lt("En dehors de la période de l'activité"),
}

#: Reasons shown as "Fermé / Férié"; the others mean "not offered that day".
CLOSING_REASONS = frozenset(
    {
        ClosedReason.PUBLIC_HOLIDAY,
        ClosedReason.SCHOOL_HOLIDAY,
        ClosedReason.SITE_CLOSURE,
        ClosedReason.CALENDAR_UNKNOWN,
    }
)


class ClosureReason(StrEnum):
    """Reason of a site closure (Odoo: ``periscolaire.closure.reason``)."""

    STRIKE = "strike"
    WORKS = "works"
    PEDAGOGICAL = "pedagogical"
    OTHER = "other"


CLOSURE_REASON_LABELS = {
    ClosureReason.STRIKE: _lt("Grève"),
    ClosureReason.WORKS: _lt("Travaux"),
    ClosureReason.PEDAGOGICAL: _lt("Journée pédagogique"),
    ClosureReason.OTHER: _lt("Autre"),
}


@dataclass(frozen=True, slots=True)
class HolidayRange:
    """School-holiday days entered by staff, both ends included."""

    start: date
    end: date
    name: str = _lt("Vacances scolaires")

    def __post_init__(self):
        check_range(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Closure:
    """A closure entered by staff, both ends included.

    It concerns the listed activities; with no activity, every activity of the
    listed sites; with neither, every activity of the town.
    """

    start: date
    end: date
    reason: ClosureReason = ClosureReason.OTHER
    name: str = ""
    site_ids: frozenset = frozenset()
    activity_ids: frozenset = frozenset()

    def __post_init__(self):
        check_range(self.start, self.end)
        object.__setattr__(self, "reason", parse_enum(ClosureReason, self.reason, _lt("motif")))
        object.__setattr__(self, "site_ids", frozenset(self.site_ids))
        object.__setattr__(self, "activity_ids", frozenset(self.activity_ids))

    def applies_to(self, activity: "ActivitySpec") -> bool:
        if self.activity_ids:
            return activity.id in self.activity_ids
        if self.site_ids:
            return activity.site_id in self.site_ids
        return True

    @property
    def label(self) -> str:
        return self.name or CLOSURE_REASON_LABELS[self.reason]


@dataclass(frozen=True, slots=True)
class ActivitySpec:
    """What the rules need to know of an activity.

    ``weekdays`` accepts anything :func:`~.dates.parse_weekdays` does (Odoo:
    the codes of the checked ``mon`` … ``sun`` fields); hours accept Odoo float
    hours. ``deadline_policy`` comes from the activity's category.
    """

    id: Hashable
    period_start: date
    period_end: date
    weekdays: frozenset = frozenset(range(5))
    day_kind: DayKind = DayKind.SCHOOL
    site_id: Hashable | None = None
    name: str = ""
    hour_start: time | None = None
    hour_end: time | None = None
    deadline_policy: DeadlinePolicy = field(default=DEFAULT_POLICY)

    def __post_init__(self):
        check_range(self.period_start, self.period_end)
        set_ = object.__setattr__
        set_(self, "weekdays", parse_weekdays(self.weekdays))
        set_(self, "day_kind", parse_enum(DayKind, self.day_kind, _lt("type de jours")))
        set_(self, "hour_start", time_from_hours(self.hour_start))
        set_(self, "hour_end", time_from_hours(self.hour_end))

    @property
    def period_label(self) -> str:
        """``"02/09/2024 - 05/07/2025"``."""
        return f"{self.period_start.strftime('%d/%m/%Y')} - {self.period_end.strftime('%d/%m/%Y')}"

    @property
    def hours_label(self) -> str:
        """``"De 07h00 à 08h30"`` (empty without hours)."""
        if not (self.hour_start and self.hour_end):
            return ""
        start = hour_label(self.hour_start).replace(":", "h")
        end = hour_label(self.hour_end).replace(":", "h")
        return _lt("De %(start)s à %(end)s", start=start, end=end)


_FULL_YEAR_HOLIDAYS = frozenset(
    {
        "Vacances de la Toussaint",
        "Vacances de Noël",
        "Vacances d'hiver",
        "Vacances de printemps",
        "Vacances d'été",
    }
)


@cache
def package_school_holidays(zone: str) -> tuple[Mapping[date, str], frozenset[int]]:
    """School-holiday days of ``zone`` from ``vacances-scolaires-france``
    (day → name) and the school years it covers fully. Loaded once."""
    try:
        from vacances_scolaires_france import SchoolHolidayDates
    except ImportError:  # pragma: no cover - the package is a requirement
        return MappingProxyType({}), frozenset()
    if zone not in SchoolHolidayDates.SUPPORTED_ZONES:
        raise RuleError(_lt("Zone de vacances scolaires inconnue : « %s ».", zone))
    source = SchoolHolidayDates()
    key = source.zone_key(zone)
    days = {day: row["nom_vacances"] for day, row in source.data.items() if row[key]}
    names_by_year: dict[int, set[str]] = {}
    for day, name in days.items():
        names_by_year.setdefault(school_year_of(day), set()).add(name)
    covered = frozenset(
        year for year, names in names_by_year.items() if _FULL_YEAR_HOLIDAYS <= names
    )
    return MappingProxyType(days), covered


class SchoolHolidays:
    """School holidays of a zone: the package's data merged with staff ranges."""

    def __init__(
        self,
        zone: str = DEFAULT_ZONE,
        ranges: Iterable[HolidayRange] = (),
        *,
        use_package: bool = True,
        known_school_years: Iterable[int] = (),
    ):
        self.zone = zone
        days: dict[date, str] = {}
        known = set(known_school_years)
        if use_package:
            package_days, covered = package_school_holidays(zone)
            known |= covered
            days.update(
                (day, name) for day, name in package_days.items() if school_year_of(day) in covered
            )
        for holiday_range in ranges:
            for day in days_between(holiday_range.start, holiday_range.end):
                days.setdefault(day, holiday_range.name)
                known.add(school_year_of(day))
        self._days = days
        self.known_school_years = frozenset(known)

    def is_known(self, school_year: int) -> bool:
        """Whether the holidays of that school year are known."""
        return school_year in self.known_school_years

    def lookup(self, day: date) -> tuple[bool, str | None]:
        """``(known, name)``: whether the day's school year is known, and the
        holiday's name when the day is in the school holidays."""
        if school_year_of(day) not in self.known_school_years:
            return False, None
        return True, self._days.get(day)

    def holiday_name(self, day: date) -> str | None:
        """Name of the school holidays holding ``day``, ``None`` on a school
        period day; :class:`MissingSchoolCalendar` when the year is unknown."""
        known, name = self.lookup(day)
        if not known:
            raise MissingSchoolCalendar(school_year_of(day), self.zone)
        return name

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is in the school holidays (may raise, see above)."""
        return self.holiday_name(day) is not None


@dataclass(frozen=True, slots=True)
class DayStatus:
    """Whether an activity runs on a day, and else why."""

    day: date
    runs: bool
    reason: ClosedReason | None = None
    detail: str = ""

    @property
    def closed(self) -> bool:
        """Closed ("Fermé / Férié"): public holiday, school holiday, closure or
        unknown holidays; ``False`` when the activity runs or is not offered."""
        return self.reason in CLOSING_REASONS

    @property
    def label(self) -> str:
        """French explanation, e.g. ``"Jour férié : Vendredi saint"``."""
        if self.runs:
            return "Ouvert"
        text = CLOSED_REASON_LABELS[self.reason]
        return f"{text} : {self.detail}" if self.detail else text


class TownCalendar:
    """Everything that closes days for a town: public holidays of its
    subdivision, school holidays of its zone and staff closures."""

    def __init__(
        self,
        subdiv: str | None = DEFAULT_SUBDIV,
        school_holidays: SchoolHolidays | None = None,
        closures: Iterable[Closure] = (),
    ):
        self.subdiv = subdiv
        self.school_holidays = school_holidays if school_holidays is not None else SchoolHolidays()
        self.closures = tuple(closures)
        by_day: dict[date, list[Closure]] = {}
        for closure in self.closures:
            for day in days_between(closure.start, closure.end):
                by_day.setdefault(day, []).append(closure)
        self._closures_by_day = by_day

    def public_holiday(self, day: date) -> str | None:
        """Name of the public holiday on ``day``, if any."""
        return public_holidays(day.year, self.subdiv).get(day)

    def school_holiday(self, day: date) -> str | None:
        """Name of the school holidays on ``day`` (may raise
        :class:`MissingSchoolCalendar`)."""
        return self.school_holidays.holiday_name(day)

    def closure_for(self, activity: ActivitySpec, day: date) -> Closure | None:
        """The first staff closure of ``day`` concerning ``activity``."""
        for closure in self._closures_by_day.get(day, ()):
            if closure.applies_to(activity):
                return closure
        return None

    def day_status(self, activity: ActivitySpec, day: date) -> DayStatus:
        """Whether ``activity`` runs on ``day``, else the first reason why not
        (see the module's docstring for the order)."""
        if not activity.period_start <= day <= activity.period_end:
            return DayStatus(day, False, ClosedReason.OUTSIDE_PERIOD, activity.period_label)
        if day.weekday() not in activity.weekdays:
            return DayStatus(day, False, ClosedReason.NOT_ACTIVITY_DAY)
        holiday = public_holidays(day.year, self.subdiv).get(day)
        if holiday:
            return DayStatus(day, False, ClosedReason.PUBLIC_HOLIDAY, holiday)
        if activity.day_kind != DayKind.BOTH:
            known, vacation = self.school_holidays.lookup(day)
            if not known:
                year = school_year_of(day)
                return DayStatus(
                    day,
                    False,
                    ClosedReason.CALENDAR_UNKNOWN,
                    f"{year}-{year + 1}, zone {self.school_holidays.zone}",
                )
            if vacation and activity.day_kind == DayKind.SCHOOL:
                return DayStatus(day, False, ClosedReason.SCHOOL_HOLIDAY, vacation)
            if not vacation and activity.day_kind == DayKind.HOLIDAY:
                return DayStatus(
                    day,
                    False,
                    ClosedReason.NOT_ACTIVITY_DAY,
                    _lt("hors vacances scolaires"),
                )
        closure = self.closure_for(activity, day)
        if closure:
            return DayStatus(day, False, ClosedReason.SITE_CLOSURE, closure.label)
        return DayStatus(day, True)

    def runs(self, activity: ActivitySpec, day: date) -> bool:
        """Shortcut for ``day_status(activity, day).runs``."""
        return self.day_status(activity, day).runs

    def open_days(self, activity: ActivitySpec, start: date, end: date) -> list[date]:
        """Days from ``start`` to ``end`` on which ``activity`` runs."""
        return [day for day in days_between(start, end) if self.runs(activity, day)]


@dataclass(frozen=True, slots=True)
class ClosedPeriod:
    """A run of closed days to store (Odoo: ``periscolaire.closed.day``);
    ``kind`` is ``"public"`` (one public holiday) or ``"school"``."""

    kind: str
    start: date
    end: date
    name: str


def school_year_closed_periods(
    school_year: int,
    zone: str = DEFAULT_ZONE,
    subdivision: str | None = DEFAULT_SUBDIV,
) -> list[ClosedPeriod]:
    """Public holidays and package school holidays of a school year (1 September
    to 31 August), sorted by start; runs of consecutive holiday days with the
    same name form one period. :class:`MissingSchoolCalendar` when the package
    does not cover that school year (staff then enter the holidays)."""
    first, last = school_year_bounds(school_year)
    package_days, covered = package_school_holidays(zone)
    if school_year not in covered:
        raise MissingSchoolCalendar(school_year, zone)
    periods = [
        ClosedPeriod("public", day, day, name)
        for year in (first.year, last.year)
        for day, name in public_holidays(year, subdivision).items()
        if first <= day <= last
    ]
    run: list = []
    for day in days_between(first, last):
        name = package_days.get(day)
        if run and (name != run[2] or day != run[1] + ONE_DAY):
            periods.append(ClosedPeriod("school", run[0], run[1], run[2]))
            run = []
        if name:
            run = [run[0] if run else day, day, name]
    if run:
        periods.append(ClosedPeriod("school", run[0], run[1], run[2]))
    return sorted(periods, key=lambda period: (period.start, period.kind))
