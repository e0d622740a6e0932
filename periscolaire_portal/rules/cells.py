"""Calendar cells: the state of a child × activity × day, and the month grid.

Exactly one state per cell, decided in this order:

1. the activity is not offered that day (outside its period, not one of its
   weekdays, a school day for a holiday centre): ``NOT_OFFERED`` (blank cell);
2. the day is closed (public holiday, school holiday, site closure, unknown
   school holidays): ``CLOSED`` — "Fermé / Férié";
3. the child's booking state on that day (:class:`~.recurrence.BookingState`):
   in the cart (booking or cancellation) ``IN_CART``; submitted booking
   ``PENDING``; on the waiting list ``WAITING`` (with its rank); validated
   ``VALIDATED``; submitted cancellation ``CANCEL_REQUESTED``; exceptional
   request under review ``CHANGE_REQUESTED``;
4. a child in two households (:mod:`.custody`), nothing of this household
   on the day: booked by the other household ``OTHER_HOUSEHOLD`` — "Réservé
   par l'autre foyer" (nothing more of the other household shows); the other
   household's day by the custody pattern ``OTHER_PARENT`` — "Chez l'autre
   parent";
5. nothing booked: ``AVAILABLE`` while the deadline is open, else
   ``PAST_DEADLINE`` — "Hors délai".

A cell is clickable while its deadline is open and it is available, validated
or in the cart; ``click_action`` says what the click adds (through
:func:`~.recurrence.transition`: a click on a cart cell takes it out of the
cart).

The month grid follows the parents' guide: the days of the month as columns
labelled ``"sa 01"``, grouped under their ISO week (``"Sem. 9"``), one row per
child × activity. Labels of the legend are the guide's.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .calendar import (
    CLOSING_REASONS,
    ActivitySpec,
    ClosedReason,
    DayStatus,
    TownCalendar,
)
from .custody import Custody, is_own_day
from .dates import (
    WEEKDAY_ABBR_FR,
    day_label,
    days_between,
    iso_week,
    month_bounds,
    month_label,
    week_label,
)
from .deadlines import is_open_for_change
from .i18n import _lt
from .recurrence import Action, BookingState


class CellState(StrEnum):
    AVAILABLE = "available"
    CLOSED = "closed"
    PAST_DEADLINE = "past_deadline"
    PENDING = "pending"
    IN_CART = "in_cart"
    VALIDATED = "validated"
    CHANGE_REQUESTED = "change_requested"
    CANCEL_REQUESTED = "cancel_requested"
    WAITING = "waiting"
    OTHER_HOUSEHOLD = "other_household"
    OTHER_PARENT = "other_parent"
    NOT_OFFERED = "not_offered"


#: The guide's legend, in its order (``NOT_OFFERED`` cells stay blank).
LEGEND = (
    (CellState.AVAILABLE, _lt("Disponible")),
    (CellState.CLOSED, _lt("Fermé / Férié")),
    (CellState.PAST_DEADLINE, _lt("Hors délai")),
    (CellState.PENDING, _lt("En attente de validation")),
    (CellState.IN_CART, _lt("Dans le panier")),
    (CellState.VALIDATED, _lt("Validé")),
    (CellState.CHANGE_REQUESTED, _lt("Demande de modification")),
    (CellState.CANCEL_REQUESTED, _lt("Demande d'annulation")),
    (CellState.WAITING, _lt("Réservation sur liste d'attente")),
)
#: The legend's lines for a child in two households, shown after the guide's.
CUSTODY_LEGEND = (
    (CellState.OTHER_HOUSEHOLD, _lt("Réservé par l'autre foyer")),
    (CellState.OTHER_PARENT, _lt("Chez l'autre parent")),
)
CELL_LABELS = {**dict(LEGEND), **dict(CUSTODY_LEGEND), CellState.NOT_OFFERED: ""}

_BOOKING_CELLS = {
    BookingState.CART_BOOK: CellState.IN_CART,
    BookingState.CART_CANCEL: CellState.IN_CART,
    BookingState.PENDING_BOOK: CellState.PENDING,
    BookingState.WAITING: CellState.WAITING,
    BookingState.BOOKED: CellState.VALIDATED,
    BookingState.PENDING_CANCEL: CellState.CANCEL_REQUESTED,
    BookingState.PENDING_CHANGE: CellState.CHANGE_REQUESTED,
    BookingState.OTHER_HOUSEHOLD: CellState.OTHER_HOUSEHOLD,
}

_CLICKS = {
    BookingState.NONE: Action.BOOK,
    BookingState.BOOKED: Action.CANCEL,
    BookingState.CART_BOOK: Action.CANCEL,
    BookingState.CART_CANCEL: Action.BOOK,
}


@dataclass(frozen=True, slots=True)
class Cell:
    day: date
    state: CellState
    booking: BookingState = BookingState.NONE
    reason: ClosedReason | None = None
    detail: str = ""
    waiting_rank: int | None = None
    click_action: Action | None = None

    @property
    def label(self) -> str:
        """Legend label, with the rank on the waiting list or the closing
        reason: ``"Réservation sur liste d'attente (rang 2)"``, ``"Fermé /
        Férié : Vendredi saint"``."""
        text = CELL_LABELS[self.state]
        if self.state == CellState.WAITING and self.waiting_rank:
            return _lt("%(label)s (rang %(rank)s)", label=text, rank=self.waiting_rank)
        if self.state == CellState.CLOSED and self.detail:
            return _lt("%(label)s : %(detail)s", label=text, detail=self.detail)
        return text


def cell_from_status(
    status: DayStatus,
    open_for_change: bool,
    booking: BookingState = BookingState.NONE,
    waiting_rank: int | None = None,
    own_day: bool = True,
) -> Cell:
    """The cell of a day whose :class:`DayStatus` and deadline are known;
    ``own_day``: whether the day is the household's by the custody pattern."""
    day = status.day
    if not status.runs:
        state = CellState.CLOSED if status.reason in CLOSING_REASONS else CellState.NOT_OFFERED
        return Cell(day, state, booking, status.reason, status.detail)
    booking = BookingState(booking)
    if booking == BookingState.NONE and not own_day:
        return Cell(day, CellState.OTHER_PARENT, booking)
    click = _CLICKS.get(booking) if open_for_change else None
    if booking == BookingState.NONE:
        state = CellState.AVAILABLE if open_for_change else CellState.PAST_DEADLINE
        return Cell(day, state, booking, click_action=click)
    state = _BOOKING_CELLS[booking]
    rank = waiting_rank if state == CellState.WAITING else None
    return Cell(day, state, booking, waiting_rank=rank, click_action=click)


def cell_for(
    activity: ActivitySpec,
    day: date,
    calendar: TownCalendar,
    now: datetime,
    booking: BookingState = BookingState.NONE,
    waiting_rank: int | None = None,
    own_day: bool = True,
) -> Cell:
    """The cell of a child × ``activity`` × ``day`` at ``now``."""
    status = calendar.day_status(activity, day)
    open_ = status.runs and is_open_for_change(day, now, activity.deadline_policy)
    return cell_from_status(status, open_, booking, waiting_rank, own_day)


@dataclass(frozen=True, slots=True)
class GridDay:
    day: date
    label: str  # "sa 01"
    weekday: str  # "sa"
    iso_week: int

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass(frozen=True, slots=True)
class GridWeek:
    iso_week: int
    label: str  # "Sem. 9"
    days: tuple[date, ...]  # the month's days of that week (column span)


@dataclass(frozen=True, slots=True)
class GridRow:
    child_id: Hashable
    activity: ActivitySpec
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class MonthGrid:
    year: int
    month: int
    title: str  # "mars 2025"
    days: tuple[GridDay, ...]
    weeks: tuple[GridWeek, ...]
    rows: tuple[GridRow, ...]

    def rows_by_child(self) -> dict[Hashable, list[GridRow]]:
        """Rows grouped per child, children and rows in the input order."""
        grouped: dict[Hashable, list[GridRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.child_id, []).append(row)
        return grouped

    @property
    def previous_month(self) -> tuple[int, int]:
        return (self.year, self.month - 1) if self.month > 1 else (self.year - 1, 12)

    @property
    def next_month(self) -> tuple[int, int]:
        return (self.year, self.month + 1) if self.month < 12 else (self.year + 1, 1)


def month_days(year: int, month: int) -> tuple[tuple[GridDay, ...], tuple[GridWeek, ...]]:
    """The month's columns and their ISO-week groups."""
    first, last = month_bounds(year, month)
    days = tuple(
        GridDay(day, day_label(day), WEEKDAY_ABBR_FR[day.weekday()], iso_week(day))
        for day in days_between(first, last)
    )
    weeks: list[GridWeek] = []
    for grid_day in days:
        if weeks and weeks[-1].iso_week == grid_day.iso_week:
            last_week = weeks[-1]
            weeks[-1] = GridWeek(
                last_week.iso_week, last_week.label, (*last_week.days, grid_day.day)
            )
        else:
            weeks.append(GridWeek(grid_day.iso_week, week_label(grid_day.day), (grid_day.day,)))
    return days, tuple(weeks)


def month_grid(
    year: int,
    month: int,
    rows: Iterable[tuple[Hashable, ActivitySpec]],
    calendar: TownCalendar,
    now: datetime,
    *,
    states: Mapping[tuple[Hashable, Hashable, date], BookingState] | None = None,
    waiting_ranks: Mapping[tuple[Hashable, Hashable, date], int] | None = None,
    custody: Mapping[Hashable, Custody] | None = None,
    household: Hashable = None,
) -> MonthGrid:
    """The month grid for ``rows`` of ``(child_id, activity)``.

    ``states`` and ``waiting_ranks`` are keyed by ``(child_id, activity.id,
    day)``; missing keys mean nothing booked. ``custody`` maps the children of
    two households to their :class:`~.custody.Custody`, ``household`` being
    the one looking (see the module's docstring).
    """
    days, weeks = month_days(year, month)
    states = states or {}
    waiting_ranks = waiting_ranks or {}
    custody = custody or {}
    statuses: dict[Hashable, list[tuple[DayStatus, bool]]] = {}
    grid_rows = []
    for child_id, activity in rows:
        per_day = statuses.get(activity.id)
        if per_day is None:
            per_day = []
            for grid_day in days:
                status = calendar.day_status(activity, grid_day.day)
                open_ = status.runs and is_open_for_change(
                    grid_day.day, now, activity.deadline_policy
                )
                per_day.append((status, open_))
            statuses[activity.id] = per_day
        cells = []
        for status, open_ in per_day:
            key = (child_id, activity.id, status.day)
            cells.append(
                cell_from_status(
                    status,
                    open_,
                    states.get(key, BookingState.NONE),
                    waiting_ranks.get(key),
                    is_own_day(custody.get(child_id), household, status.day),
                )
            )
        grid_rows.append(GridRow(child_id, activity, tuple(cells)))
    return MonthGrid(year, month, month_label(year, month), days, weeks, tuple(grid_rows))
