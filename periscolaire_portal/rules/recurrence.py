"""Periodic booking and cancelling ("Réservations / Annulations
périodiquement" in the parents' guide).

Input: an activity, a start and an end date, a frequency (every week, even or
odd ISO weeks), weekdays, the action (book or cancel) and one or several
children. The days concerned are those from start to end whose weekday is
selected and whose ISO week has the chosen parity; every one of them comes out
with an outcome, for every child — nothing is dropped silently:

- ``OUTSIDE_PERIOD``: outside the activity's period;
- ``NOT_ACTIVITY_DAY``: the activity does not run on that weekday / kind of day;
- ``CLOSED`` (with the :class:`~.calendar.ClosedReason`): public holiday, school
  holiday, site closure, unknown school holidays;
- ``ALREADY``: the child is already in the asked state (booked, in the cart,
  pending, on the waiting list — or, to cancel, has nothing to cancel);
- ``PENDING_REQUEST``: a submitted request for that day awaits the town's
  decision and cannot be changed from the cart;
- ``OTHER_PARENT``: a child in two households (:mod:`.custody`): the day
  belongs to the other household ("Semaine de l'autre parent", "Jour de
  l'autre parent") and this one has nothing on it;
- ``TAKEN``: the other household has booked the child that day ("Réservé par
  l'autre foyer": one booking per child, activity and day);
- ``PAST_DEADLINE``: the deadline (:mod:`.deadlines`) is over; with
  ``exceptional=True`` (exceptional request) the day is added and flagged late;
- ``ADDED``: the cart changes (see :func:`transition`).

The cart works both ways: booking a day whose cancellation is in the cart
removes that cancellation, cancelling a day booked in the cart removes that
booking; so booking then cancelling the same days gives back the state before.

Several children are booked together only on an activity they all share (the
guide: "grouper vos inscriptions ou annulations uniquement sur des activités
communes"). Input errors raise :class:`~.errors.RuleError` in French: end
before start, a range over two school years, unknown weekday, frequency or
action, no weekday, no child, an activity not shared.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .calendar import (
    CLOSED_REASON_LABELS,
    CLOSING_REASONS,
    ActivitySpec,
    ClosedReason,
    TownCalendar,
)
from .custody import Custody
from .dates import (
    ONE_DAY,
    check_range,
    iso_week,
    parse_weekdays,
)
from .deadlines import is_open_for_change
from .errors import RuleError, parse_enum
from .i18n import _lt


class Action(StrEnum):
    BOOK = "book"
    CANCEL = "cancel"


ACTION_LABELS = {Action.BOOK: _lt("+ Inscription"), Action.CANCEL: _lt("− Désinscription")}


class Frequency(StrEnum):
    EVERY = "every"
    EVEN = "even"
    ODD = "odd"


FREQUENCY_LABELS = {
    Frequency.EVERY: _lt("Toutes les semaines"),
    Frequency.EVEN: _lt("Semaines paires"),
    Frequency.ODD: _lt("Semaines impaires"),
}


class BookingState(StrEnum):
    """Where a child stands for an activity on a day (projection of the
    reservation and of the request lines in the cart or submitted)."""

    NONE = "none"
    CART_BOOK = "cart_book"  # booking in the cart
    PENDING_BOOK = "pending_book"  # booking submitted, awaiting validation
    WAITING = "waiting"  # booking on the waiting list
    BOOKED = "booked"  # validated reservation
    CART_CANCEL = "cart_cancel"  # validated reservation, cancellation in the cart
    PENDING_CANCEL = "pending_cancel"  # cancellation submitted
    PENDING_CHANGE = "pending_change"  # exceptional (late) request under review
    OTHER_HOUSEHOLD = "other_household"  # booked by the child's other household


class Outcome(StrEnum):
    ADDED = "added"
    ALREADY = "already"
    PENDING_REQUEST = "pending_request"
    CLOSED = "closed"
    NOT_ACTIVITY_DAY = "not_activity_day"
    OUTSIDE_PERIOD = "outside_period"
    PAST_DEADLINE = "past_deadline"
    OTHER_PARENT = "other_parent"
    TAKEN = "taken"


OUTCOME_LABELS = {
    (Outcome.ADDED, Action.BOOK): _lt("Ajouté au panier"),
    (Outcome.ADDED, Action.CANCEL): _lt("Désinscription ajoutée au panier"),
    (Outcome.ALREADY, Action.BOOK): _lt("Déjà réservé ou demandé"),
    (Outcome.ALREADY, Action.CANCEL): _lt("Aucune réservation à annuler"),
    (Outcome.PENDING_REQUEST, Action.BOOK): _lt("Une demande est déjà en cours"),
    (Outcome.PENDING_REQUEST, Action.CANCEL): _lt("Une demande est déjà en cours"),
    (Outcome.CLOSED, Action.BOOK): _lt("Fermé"),
    (Outcome.CLOSED, Action.CANCEL): _lt("Fermé"),
    (Outcome.NOT_ACTIVITY_DAY, Action.BOOK): _lt("Pas d'activité ce jour-là"),
    (Outcome.NOT_ACTIVITY_DAY, Action.CANCEL): _lt("Pas d'activité ce jour-là"),
    (Outcome.OUTSIDE_PERIOD, Action.BOOK): _lt("En dehors de la période de l'activité"),
    (Outcome.OUTSIDE_PERIOD, Action.CANCEL): _lt("En dehors de la période de l'activité"),
    (Outcome.PAST_DEADLINE, Action.BOOK): _lt("Hors délai"),
    (Outcome.PAST_DEADLINE, Action.CANCEL): _lt("Hors délai"),
    (Outcome.OTHER_PARENT, Action.BOOK): _lt("Semaine de l'autre parent"),
    (Outcome.OTHER_PARENT, Action.CANCEL): _lt("Semaine de l'autre parent"),
    (Outcome.TAKEN, Action.BOOK): _lt("Réservé par l'autre foyer"),
    (Outcome.TAKEN, Action.CANCEL): _lt("Réservé par l'autre foyer"),
}

_TRANSITIONS = {
    Action.BOOK: {
        BookingState.NONE: (Outcome.ADDED, BookingState.CART_BOOK),
        BookingState.CART_CANCEL: (Outcome.ADDED, BookingState.BOOKED),
        BookingState.CART_BOOK: (Outcome.ALREADY, BookingState.CART_BOOK),
        BookingState.PENDING_BOOK: (Outcome.ALREADY, BookingState.PENDING_BOOK),
        BookingState.WAITING: (Outcome.ALREADY, BookingState.WAITING),
        BookingState.BOOKED: (Outcome.ALREADY, BookingState.BOOKED),
        BookingState.PENDING_CANCEL: (
            Outcome.PENDING_REQUEST,
            BookingState.PENDING_CANCEL,
        ),
        BookingState.PENDING_CHANGE: (
            Outcome.PENDING_REQUEST,
            BookingState.PENDING_CHANGE,
        ),
        BookingState.OTHER_HOUSEHOLD: (Outcome.TAKEN, BookingState.OTHER_HOUSEHOLD),
    },
    Action.CANCEL: {
        BookingState.BOOKED: (Outcome.ADDED, BookingState.CART_CANCEL),
        BookingState.CART_BOOK: (Outcome.ADDED, BookingState.NONE),
        BookingState.NONE: (Outcome.ALREADY, BookingState.NONE),
        BookingState.CART_CANCEL: (Outcome.ALREADY, BookingState.CART_CANCEL),
        BookingState.PENDING_CANCEL: (Outcome.ALREADY, BookingState.PENDING_CANCEL),
        BookingState.PENDING_BOOK: (Outcome.PENDING_REQUEST, BookingState.PENDING_BOOK),
        BookingState.WAITING: (Outcome.PENDING_REQUEST, BookingState.WAITING),
        BookingState.PENDING_CHANGE: (
            Outcome.PENDING_REQUEST,
            BookingState.PENDING_CHANGE,
        ),
        BookingState.OTHER_HOUSEHOLD: (Outcome.TAKEN, BookingState.OTHER_HOUSEHOLD),
    },
}


def transition(state: BookingState, action: Action) -> tuple[Outcome, BookingState]:
    """Outcome (``ADDED``, ``ALREADY`` or ``PENDING_REQUEST``) and new state of
    ``action`` on an open day in ``state``.

    ``NONE → CART_BOOK`` adds a booking line to the cart, ``BOOKED →
    CART_CANCEL`` a cancellation line; ``CART_CANCEL → BOOKED`` and
    ``CART_BOOK → NONE`` remove the cart line.
    """
    return _TRANSITIONS[Action(action)][BookingState(state)]


def week_matches(day: date, frequency: Frequency) -> bool:
    """Whether ``day``'s ISO week has the frequency's parity."""
    if frequency == Frequency.EVERY:
        return True
    even = iso_week(day) % 2 == 0
    return even if frequency == Frequency.EVEN else not even


@dataclass(frozen=True, slots=True)
class ChildRef:
    """A child taking part; ``activity_ids``: the activities the child may
    have (``None``: not checked)."""

    id: Hashable
    name: str = ""
    activity_ids: frozenset | None = None


@dataclass(frozen=True, slots=True)
class DayResult:
    """Outcome of a periodic action for one child on one day."""

    child_id: Hashable
    day: date
    action: Action
    outcome: Outcome
    previous: BookingState
    new: BookingState
    reason: ClosedReason | None = None
    detail: str = ""
    late: bool = False

    @property
    def changed(self) -> bool:
        return self.outcome == Outcome.ADDED

    @property
    def label(self) -> str:
        """French outcome, e.g. ``"Fermé : Vacances scolaires (Vacances de
        printemps)"``."""
        text = OUTCOME_LABELS[self.outcome, self.action]
        if self.outcome == Outcome.OTHER_PARENT and self.detail:
            text = self.detail
        elif self.outcome == Outcome.CLOSED:
            text = _lt(
                "%(outcome)s : %(reason)s", outcome=text, reason=CLOSED_REASON_LABELS[self.reason]
            )
            if self.detail:
                text = _lt("%(label)s (%(detail)s)", label=text, detail=self.detail)
        elif self.late:
            text = _lt("%s (demande exceptionnelle hors délai)", text)
        return text


@dataclass(frozen=True, slots=True)
class Expansion:
    """All the days concerned by a periodic action, in day then child order."""

    activity: ActivitySpec
    action: Action
    frequency: Frequency
    start: date
    end: date
    days: tuple[DayResult, ...]

    @property
    def added(self) -> list[DayResult]:
        """The days that change the cart."""
        return [result for result in self.days if result.outcome == Outcome.ADDED]

    def counts(self) -> Counter:
        """Number of days per outcome."""
        return Counter(result.outcome for result in self.days)


def concerned_days(
    start: date, end: date, weekdays: Iterable, frequency: Frequency | str
) -> list[date]:
    """Days from ``start`` to ``end`` on a selected weekday of a matching week."""
    check_range(start, end, one_school_year=True)
    selected = parse_weekdays(weekdays)
    if not selected:
        raise RuleError(_lt("Choisissez au moins un jour de la semaine."))
    frequency = parse_enum(Frequency, frequency, _lt("fréquence"))
    days = []
    for weekday in selected:
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        while day <= end:
            if week_matches(day, frequency):
                days.append(day)
            day += 7 * ONE_DAY
    return sorted(days)


def _children(children: Sequence, activity: ActivitySpec) -> list[ChildRef]:
    refs: list[ChildRef] = []
    seen = set()
    for child in children:
        ref = child if isinstance(child, ChildRef) else ChildRef(child)
        if ref.id not in seen:
            seen.add(ref.id)
            refs.append(ref)
    if not refs:
        raise RuleError(_lt("Choisissez au moins un enfant."))
    excluded = [
        ref for ref in refs if ref.activity_ids is not None and activity.id not in ref.activity_ids
    ]
    if excluded:
        names = ", ".join(str(ref.name or ref.id) for ref in excluded)
        what = activity.name or str(activity.id)
        if len(refs) == 1:
            raise RuleError(
                _lt(
                    "L'activité « %(what)s » n'est pas proposée à %(names)s.",
                    what=what,
                    names=names,
                )
            )
        raise RuleError(
            _lt(
                "L'activité « %(what)s » n'est pas commune à tous les enfants choisis "
                "(%(names)s) : inscrivez-les séparément.",
                what=what,
                names=names,
            )
        )
    return refs


def expand_periodic(
    activity: ActivitySpec,
    start: date,
    end: date,
    weekdays: Iterable,
    action: Action | str,
    children: Sequence[ChildRef | Hashable],
    calendar: TownCalendar,
    now: datetime,
    *,
    frequency: Frequency | str = Frequency.EVERY,
    states: Mapping[tuple[Hashable, date], BookingState] | None = None,
    exceptional: bool = False,
    custody: Mapping[Hashable, Custody] | None = None,
    household: Hashable = None,
) -> Expansion:
    """Every concerned day of a periodic booking or cancelling, with its
    outcome per child (see the module's docstring).

    ``states`` maps ``(child_id, day)`` to the child's current
    :class:`BookingState` for this activity (missing: ``NONE``); ``now`` is
    the moment of the request (naive local or aware); the deadline policy is
    the activity's. ``custody`` maps the children of two households to their
    :class:`~.custody.Custody`, ``household`` being the one asking.
    """
    action = parse_enum(Action, action, _lt("action"))
    frequency = parse_enum(Frequency, frequency, _lt("fréquence"))
    days = concerned_days(start, end, weekdays, frequency)
    refs = _children(children, activity)
    states = states or {}
    custody = custody or {}
    policy = activity.deadline_policy
    results = []
    for day in days:
        status = calendar.day_status(activity, day)
        open_ = status.runs and is_open_for_change(day, now, policy)
        for ref in refs:
            previous = BookingState(states.get((ref.id, day), BookingState.NONE))
            other_day = _other_parent_day(custody.get(ref.id), household, day)
            results.append(
                _day_result(ref.id, day, action, previous, status, open_, exceptional, other_day)
            )
    return Expansion(activity, action, frequency, start, end, tuple(results))


def _other_parent_day(custody: Custody | None, household: Hashable, day: date) -> str:
    """The label of ``day`` when it is the other household's, else ``""``."""
    if custody is None or custody.is_own_day(household, day):
        return ""
    return custody.other_day_label


def _day_result(child_id, day, action, previous, status, open_, exceptional, other_day=""):
    if not status.runs:
        if status.reason == ClosedReason.OUTSIDE_PERIOD:
            outcome = Outcome.OUTSIDE_PERIOD
        elif status.reason in CLOSING_REASONS:
            outcome = Outcome.CLOSED
        else:
            outcome = Outcome.NOT_ACTIVITY_DAY
        return DayResult(
            child_id,
            day,
            action,
            outcome,
            previous,
            previous,
            status.reason,
            status.detail,
        )
    if other_day and previous in (BookingState.NONE, BookingState.OTHER_HOUSEHOLD):
        # What the household has there (a booking staff made) it may still cancel.
        return DayResult(
            child_id, day, action, Outcome.OTHER_PARENT, previous, previous, detail=other_day
        )
    outcome, new = transition(previous, action)
    if outcome != Outcome.ADDED:
        return DayResult(child_id, day, action, outcome, previous, new)
    if not open_:
        if not exceptional:
            return DayResult(child_id, day, action, Outcome.PAST_DEADLINE, previous, previous)
        return DayResult(child_id, day, action, outcome, previous, new, late=True)
    return DayResult(child_id, day, action, outcome, previous, new)


def apply_expansion(
    states: Mapping[tuple[Hashable, date], BookingState], expansion: Expansion
) -> dict[tuple[Hashable, date], BookingState]:
    """The states after ``expansion`` (a new dict; ``NONE`` entries omitted)."""
    result = {key: BookingState(value) for key, value in states.items()}
    for day_result in expansion.days:
        key = (day_result.child_id, day_result.day)
        if day_result.new == BookingState.NONE:
            result.pop(key, None)
        else:
            result[key] = day_result.new
    return {key: value for key, value in result.items() if value != BookingState.NONE}
