"""Hours declared to the CAF (prestation de service ordinaire).

The CAF funds accueils périscolaires and extrascolaires per hour of attendance.
Towns declare, per accueil (a site and a kind of accueil), per month and per age
band, the hours actually attended (not the hours billed, declared beside them)
and the number of distinct children.

Kind of accueil of a day (décret 2018-647, the "plan mercredi"):

- ``MERCREDI``: a Wednesday outside the school holidays;
- ``EXTRASCOLAIRE``: a day of the school holidays, a Saturday or a Sunday;
- ``PERISCOLAIRE``: any other day (a school day).

Staff may force the kind of an activity (a Wednesday activity of a town with
school on Wednesday morning, a holiday centre…) or leave it out of the
declaration (``EXCLUDED``, e.g. a lunch break the local CAF does not fund).

Hours: a child counts for the hours of the slots attended (present, or present
without booking; absences never count), from the start to the end of each
slot. Slots of a child on one day in one accueil that overlap count once (the
union of their times). Billed hours are computed the same way from the billed
slots (confirmed bookings, late cancellations, presences without booking).

Caps on a Wednesday (as published by CAFs, settings with these defaults): at
most 9 hours a day when the day includes a meal, and at most 4 hours per half
day without a meal (the morning and the afternoon, split at noon, are capped
apart). Caps apply to attended and billed hours alike. Other days are not
capped.

Age band: under 6 or 6 and over, on the day of the slot (a child turning 6 on
the 15th counts under 6 until the 14th).

Hours are computed in whole minutes (Odoo stores hours as floats: 11.75 is
11:45) and given as exact ``Decimal`` hours rounded to the hundredth only when
shown.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .capacity import AGE_LIMIT, age_on
from .dates import WEEKDAY_CODES, time_from_hours
from .errors import RuleError
from .i18n import _lt

WEDNESDAY = WEEKDAY_CODES.index("wed")
SATURDAY = WEEKDAY_CODES.index("sat")
#: Where the morning ends and the afternoon starts, for the half-day cap.
MIDDAY_MINUTES = 12 * 60
HUNDREDTH = Decimal("0.01")
#: Caps published by CAFs (defaults of the settings).
DEFAULT_DAY_WITH_MEAL_HOURS = Decimal(9)
DEFAULT_HALF_DAY_HOURS = Decimal(4)


class AccueilKind(StrEnum):
    PERISCOLAIRE = "periscolaire"
    MERCREDI = "mercredi"
    EXTRASCOLAIRE = "extrascolaire"


#: An activity's setting: compute the kind from the day, force one, or leave out.
AUTO = "auto"
EXCLUDED = "excluded"

KIND_LABELS = {
    AccueilKind.PERISCOLAIRE: _lt("Périscolaire"),
    AccueilKind.MERCREDI: _lt("Mercredi"),
    AccueilKind.EXTRASCOLAIRE: _lt("Extrascolaire"),
}


class AgeBand(StrEnum):
    # values in the order of the declaration, as the pivot view sorts them
    UNDER_SIX = "less_than_6"
    SIX_AND_OVER = "six_or_more"


AGE_BAND_LABELS = {
    AgeBand.UNDER_SIX: _lt("Moins de 6 ans"),
    AgeBand.SIX_AND_OVER: _lt("6 ans et plus"),
}


@dataclass(frozen=True, slots=True)
class CafCaps:
    """Hours a child may count on a Wednesday (``Decimal`` hours)."""

    wednesday_day_with_meal: Decimal = DEFAULT_DAY_WITH_MEAL_HOURS
    wednesday_half_day: Decimal = DEFAULT_HALF_DAY_HOURS

    def __post_init__(self):
        for name in ("wednesday_day_with_meal", "wednesday_half_day"):
            value = Decimal(str(getattr(self, name)))
            if value <= 0:
                raise RuleError(_lt("Les plafonds horaires de la CAF doivent être positifs."))
            object.__setattr__(self, name, value)

    @property
    def day_with_meal_minutes(self) -> int:
        return int(self.wednesday_day_with_meal * 60)

    @property
    def half_day_minutes(self) -> int:
        return int(self.wednesday_half_day * 60)


def accueil_kind(day: date, in_school_holidays: bool, setting: str = AUTO) -> AccueilKind | None:
    """The kind of accueil of ``day`` for an activity whose CAF setting is
    ``setting`` (``AUTO``, ``EXCLUDED`` or a kind); ``None`` when excluded."""
    if setting == EXCLUDED:
        return None
    if setting != AUTO:
        try:
            return AccueilKind(setting)
        except ValueError:
            raise RuleError(_lt("Type d'accueil CAF inconnu : « %s ».", setting)) from None
    if in_school_holidays or day.weekday() >= SATURDAY:
        return AccueilKind.EXTRASCOLAIRE
    if day.weekday() == WEDNESDAY:
        return AccueilKind.MERCREDI
    return AccueilKind.PERISCOLAIRE


def age_band(birth_date: date, day: date) -> AgeBand:
    """Under 6 or 6 and over on ``day``."""
    if birth_date is None:
        raise RuleError(_lt("La date de naissance de l'enfant est nécessaire pour la CAF."))
    return AgeBand.UNDER_SIX if age_on(birth_date, day) < AGE_LIMIT else AgeBand.SIX_AND_OVER


def _minutes(value: float | time) -> int:
    moment = time_from_hours(value)
    return moment.hour * 60 + moment.minute


def minutes_to_hours(minutes: int) -> Decimal:
    """Exact hours of a number of minutes (``Decimal``, not rounded)."""
    return Decimal(minutes) / 60


def hours_label(hours: Decimal) -> str:
    """``"12,50"``: hours rounded to the hundredth, French decimal comma."""
    return f"{hours.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class Slot:
    """One booking of a child: an activity's slot on a day, and whether the
    child attended it and whether it is billed."""

    key: Hashable
    child_id: Hashable
    birth_date: date
    day: date
    site_id: Hashable
    kind: AccueilKind | None
    hour_start: float | time
    hour_end: float | time
    has_meal: bool = False
    attended: bool = False
    billed: bool = False

    def __post_init__(self):
        if _minutes(self.hour_end) <= _minutes(self.hour_start):
            raise RuleError(
                _lt("Créneau %s : l'heure de fin doit suivre l'heure de début.", self.key)
            )

    @property
    def interval(self) -> tuple[int, int]:
        return _minutes(self.hour_start), _minutes(self.hour_end)


def _union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(interval) for interval in merged]


def day_minutes(
    kind: AccueilKind, slots: Iterable[tuple[int, int, bool]], caps: CafCaps
) -> tuple[int, int]:
    """``(minutes counted, minutes before the caps)`` of one child's day in one
    accueil, from its slots ``(start minute, end minute, has meal)``."""
    slots = list(slots)
    intervals = _union((start, end) for start, end, _meal in slots)
    raw = sum(end - start for start, end in intervals)
    if kind != AccueilKind.MERCREDI or not intervals:
        return raw, raw
    if any(meal for _start, _end, meal in slots):
        return min(raw, caps.day_with_meal_minutes), raw
    morning = sum(max(min(end, MIDDAY_MINUTES) - start, 0) for start, end in intervals)
    afternoon = raw - morning
    cap = caps.half_day_minutes
    return min(morning, cap) + min(afternoon, cap), raw


@dataclass(frozen=True, slots=True)
class CafLine:
    """A child's day in one accueil, as declared."""

    child_id: Hashable
    day: date
    site_id: Hashable
    kind: AccueilKind
    age_band: AgeBand
    attended_minutes: int
    billed_minutes: int
    attended_raw_minutes: int
    billed_raw_minutes: int
    slot_keys: tuple = field(default=())

    @property
    def hours_attended(self) -> Decimal:
        return minutes_to_hours(self.attended_minutes)

    @property
    def hours_billed(self) -> Decimal:
        return minutes_to_hours(self.billed_minutes)


def caf_lines(slots: Iterable[Slot], caps: CafCaps | None = None) -> list[CafLine]:
    """One line per child, day and accueil with attended or billed hours;
    excluded activities (``kind`` ``None``) and slots neither attended nor
    billed are left out. Lines are ordered by day, site, kind and child (ids
    of one type, comparable)."""
    caps = caps or CafCaps()
    groups: dict[tuple, list[Slot]] = defaultdict(list)
    for slot in slots:
        if slot.kind is None or not (slot.attended or slot.billed):
            continue
        groups[slot.child_id, slot.day, slot.site_id, AccueilKind(slot.kind)].append(slot)
    lines = []
    for (child_id, day, site_id, kind), group in groups.items():
        attended, attended_raw = day_minutes(
            kind, [(*s.interval, s.has_meal) for s in group if s.attended], caps
        )
        billed, billed_raw = day_minutes(
            kind, [(*s.interval, s.has_meal) for s in group if s.billed], caps
        )
        lines.append(
            CafLine(
                child_id=child_id,
                day=day,
                site_id=site_id,
                kind=kind,
                age_band=age_band(group[0].birth_date, day),
                attended_minutes=attended,
                billed_minutes=billed,
                attended_raw_minutes=attended_raw,
                billed_raw_minutes=billed_raw,
                slot_keys=tuple(slot.key for slot in group),
            )
        )
    kinds = list(AccueilKind)
    return sorted(
        lines, key=lambda line: (line.day, line.site_id, kinds.index(line.kind), line.child_id)
    )


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """The declaration's figures for one accueil, month and age band."""

    site_id: Hashable
    kind: AccueilKind
    month: date
    age_band: AgeBand
    hours_attended: Decimal
    hours_billed: Decimal
    children: int


def summarise(lines: Iterable[CafLine]) -> list[SummaryRow]:
    """Hours attended, hours billed and distinct children attending per site,
    kind, month and age band. A child counts in a row when attending at least
    once (billed-only days add hours billed, not children). Rows are ordered by
    site, kind, month and age band (under 6 first)."""
    attended: dict[tuple, int] = defaultdict(int)
    billed: dict[tuple, int] = defaultdict(int)
    children: dict[tuple, set] = {}
    for line in lines:
        key = (line.site_id, line.kind, line.day.replace(day=1), line.age_band)
        attended[key] += line.attended_minutes
        billed[key] += line.billed_minutes
        attending = children.setdefault(key, set())
        if line.attended_minutes:
            attending.add(line.child_id)
    kinds, bands = list(AccueilKind), list(AgeBand)

    def order(key):
        site_id, kind, month, band = key
        return site_id, kinds.index(kind), month, bands.index(band)

    return [
        SummaryRow(
            site_id=key[0],
            kind=key[1],
            month=key[2],
            age_band=key[3],
            hours_attended=minutes_to_hours(attended[key]),
            hours_billed=minutes_to_hours(billed[key]),
            children=len(children[key]),
        )
        for key in sorted(children, key=order)
    ]
