"""Places, validation order and waiting list.

Requests for an activity on a day ("slot") are validated by free places and
arrival order: submission time, then the request id as a stable tie-break
("traitées quotidiennement selon les places disponibles et par ordre
d'arrivée", parents' guide). The decision depends only on the set of
requests, never on the order they are given in.

A slot is settled as a whole, whoever settles it (the nightly run, staff
validating one request or a few lines): a request gets a place only once
every request that arrived before it on the slot is settled (validated,
waiting-listed or refused), so :func:`settlement_queue` puts all of them in
the decision. Late requests (sent after the booking deadline, "hors délai")
are exceptions that staff examine one by one with their justification:

- they come after every on-time request of the slot in the order (they were
  sent after the deadline, the on-time ones before it), on the waiting list
  too;
- they hold no on-time request back: the nightly run leaves them to staff,
  and settling a slot takes in only the late requests staff chose;
- among themselves they keep their arrival order: staff cannot validate a
  late request while an earlier late one of the slot is still undecided,
  unless they give it a place explicitly ("passer devant", see
  :func:`jump_the_queue`).

Capacity of a slot:

- ``PLACES``: a number of places;
- ``STAFFING``: from the adults present and the legal ratios of the accueil
  périscolaire (CASF art. R227-16): one adult for 10 children under 6 and for
  14 from 6 years, for sessions up to 5 hours; 8 and 12 over 5 hours; with a
  PEDT (projet éducatif territorial) 14 and 18, and 10 and 14 over 5 hours.
  Age is the age on the day; a child without a birth date counts as under 6
  (the stricter ratio). A mixed group fits when the adults needed, added up
  per age group as fractions (under-6 / ratio + over-6 / ratio), do not
  exceed the adults present.

What does not fit goes to the waiting list in arrival order (rank 1 first)
when the activity has one, else is refused ("Complet"). When a place is
released (cancellation, more staff), :func:`promote` runs the same decision on
the waiting list: the first in arrival order that fits is validated. In
staffing mode a later request may fit where an earlier one does not (an older
child needs less staff); it is then validated and the earlier stays first on
the list.

Canteen: a town may not refuse a primary-school pupil for lack of room (Code
de l'éducation, art. L131-13). An activity with ``accept_over_capacity`` (the
canteen; it has no waiting list) validates every request, and those beyond
capacity carry ``over_capacity=True`` so that staff add room or staff; they
are never put on a list nor refused.
"""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from fractions import Fraction

from .errors import RuleError
from .i18n import _lt

AGE_LIMIT = 6


@dataclass(frozen=True, slots=True)
class Ratio:
    """Children per adult."""

    under_six: int
    six_and_over: int


#: (PEDT, session over 5 hours) → ratio, CASF R227-16.
RATIOS = {
    (False, False): Ratio(10, 14),
    (False, True): Ratio(8, 12),
    (True, False): Ratio(14, 18),
    (True, True): Ratio(10, 14),
}


def ratio_for(pedt: bool, over_5h: bool) -> Ratio:
    return RATIOS[bool(pedt), bool(over_5h)]


def is_over_5h(hour_start: time | None, hour_end: time | None) -> bool:
    """Whether a session from ``hour_start`` to ``hour_end`` lasts over 5 hours."""
    if not (hour_start and hour_end):
        return False
    minutes = (hour_end.hour * 60 + hour_end.minute) - (hour_start.hour * 60 + hour_start.minute)
    return minutes > 5 * 60


def age_on(birth_date: date, day: date) -> int:
    """Age in completed years on ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def is_under_six(birth_date: date | None, day: date) -> bool:
    """Under 6 on ``day`` (unknown birth date: yes, the stricter ratio)."""
    return birth_date is None or age_on(birth_date, day) < AGE_LIMIT


def adults_needed(under_six: int, six_and_over: int, ratio: Ratio) -> Fraction:
    """Adults needed for a group, as an exact fraction."""
    return Fraction(under_six, ratio.under_six) + Fraction(six_and_over, ratio.six_and_over)


def max_children(staff: int, ratio: Ratio, under_six: bool) -> int:
    """How many children of one age group ``staff`` adults may take."""
    return staff * (ratio.under_six if under_six else ratio.six_and_over)


class CapacityMode(StrEnum):
    PLACES = "places"
    STAFFING = "staffing"


class Decision(StrEnum):
    VALIDATED = "validated"
    WAITING = "waiting"
    REFUSED = "refused"


DECISION_LABELS = {
    Decision.VALIDATED: _lt("Validée"),
    Decision.WAITING: _lt("Liste d'attente"),
    Decision.REFUSED: _lt("Refusée"),
}

FULL_REASON = _lt("Complet")


@dataclass(frozen=True, slots=True)
class SlotRules:
    """Capacity settings of an activity on a day."""

    mode: CapacityMode = CapacityMode.PLACES
    places: int = 0
    staff: int = 0
    pedt: bool = False
    over_5h: bool = False
    has_waiting_list: bool = True
    accept_over_capacity: bool = False

    def __post_init__(self):
        try:
            object.__setattr__(self, "mode", CapacityMode(self.mode))
        except ValueError:
            raise RuleError(_lt("Mode de capacité inconnu : « %s ».", self.mode)) from None
        if self.places < 0 or self.staff < 0:
            raise RuleError(_lt("Le nombre de places et d'encadrants ne peut être négatif."))

    @property
    def ratio(self) -> Ratio:
        return ratio_for(self.pedt, self.over_5h)


@dataclass(frozen=True, slots=True)
class Occupant:
    """A child holding a validated place on the slot."""

    child_id: Hashable
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class Occupancy:
    """Places already taken on a slot, by age group on the day (in places
    mode only the total counts, so the split may be left out)."""

    under_six: int = 0
    six_and_over: int = 0

    @classmethod
    def of_children(cls, day: date, counts: Mapping[date | None, int]) -> "Occupancy":
        """The places taken by children, given as {birth date: how many}
        (``None``: unknown birth date, counted under 6)."""
        young = old = 0
        for birth_date, count in counts.items():
            if is_under_six(birth_date, day):
                young += count
            else:
                old += count
        return cls(young, old)

    @property
    def total(self) -> int:
        return self.under_six + self.six_and_over


@dataclass(frozen=True, slots=True)
class PlaceRequest:
    """A booking request for the slot (a pending or waiting request line).

    ``id`` breaks ties between equal ``submitted_at`` (ids must be mutually
    comparable: all ints, or all strings); ``submitted_at`` all naive or all
    aware. ``late``: sent after the booking deadline (see the module's
    docstring).
    """

    id: Hashable
    child_id: Hashable
    submitted_at: datetime
    birth_date: date | None = None
    late: bool = False


def arrival_key(request: PlaceRequest) -> tuple:
    """Sort key of the arrival order: on-time requests first, each group by
    submission time then id."""
    return request.late, request.submitted_at, request.id


@dataclass(frozen=True, slots=True)
class RequestDecision:
    request: PlaceRequest
    decision: Decision
    waiting_rank: int | None = None
    over_capacity: bool = False
    already_placed: bool = False
    reason: str = ""

    @property
    def label(self) -> str:
        text = DECISION_LABELS[self.decision]
        if self.waiting_rank:
            return f"{text} (rang {self.waiting_rank})"
        if self.reason:
            return f"{text} : {self.reason}"
        return text


@dataclass(frozen=True, slots=True)
class SlotResult:
    """Decisions in arrival order, and the places left (places mode)."""

    decisions: tuple[RequestDecision, ...]
    places_left: int | None

    def by_request_id(self) -> dict[Hashable, RequestDecision]:
        return {decision.request.id: decision for decision in self.decisions}

    @property
    def validated(self) -> list[RequestDecision]:
        return [d for d in self.decisions if d.decision == Decision.VALIDATED]

    @property
    def waiting(self) -> list[RequestDecision]:
        """The waiting list, rank 1 first."""
        return [d for d in self.decisions if d.decision == Decision.WAITING]

    @property
    def refused(self) -> list[RequestDecision]:
        return [d for d in self.decisions if d.decision == Decision.REFUSED]


class _Load:
    """Places taken on the slot, by age group on the day."""

    def __init__(self, rules: SlotRules, day: date, occupancy: Occupancy | None = None):
        self.rules = rules
        self.day = day
        self.under_six = occupancy.under_six if occupancy else 0
        self.six_and_over = occupancy.six_and_over if occupancy else 0

    def add(self, birth_date: date | None) -> None:
        if is_under_six(birth_date, self.day):
            self.under_six += 1
        else:
            self.six_and_over += 1

    def fits(self, birth_date: date | None) -> bool:
        rules = self.rules
        if rules.mode == CapacityMode.PLACES:
            return self.under_six + self.six_and_over + 1 <= rules.places
        young = is_under_six(birth_date, self.day)
        needed = adults_needed(self.under_six + young, self.six_and_over + (not young), rules.ratio)
        return needed <= rules.staff

    def places_left(self) -> int | None:
        if self.rules.mode != CapacityMode.PLACES:
            return None
        return max(self.rules.places - self.under_six - self.six_and_over, 0)


def free_places(rules: SlotRules, occupancy: Occupancy) -> int:
    """Places left on a slot; with staffing ratios, the places left for
    children under 6 (the stricter ratio)."""
    if rules.mode == CapacityMode.PLACES:
        return max(rules.places - occupancy.total, 0)
    ratio = rules.ratio
    used = adults_needed(occupancy.under_six, occupancy.six_and_over, ratio)
    return max(int((rules.staff - used) * ratio.under_six), 0)


def decide(
    rules: SlotRules,
    day: date,
    occupants: Sequence[Occupant] | Occupancy,
    requests: Iterable[PlaceRequest],
) -> SlotResult:
    """Validate ``requests`` (pending and waiting ones together) on a slot
    already holding ``occupants`` (the children, or only how many places they
    take when none of them is among the requests), by arrival order (see the
    module's docstring). The same set of requests gives the same result in
    any order; running it again with the validated ones moved to
    ``occupants`` changes nothing."""
    placed = set()
    if isinstance(occupants, Occupancy):
        load = _Load(rules, day, occupants)
    else:
        load = _Load(rules, day)
        for occupant in occupants:
            load.add(occupant.birth_date)
            placed.add(occupant.child_id)
    decisions = []
    rank = 0
    for request in sorted(requests, key=arrival_key):
        if request.child_id in placed:
            decisions.append(RequestDecision(request, Decision.VALIDATED, already_placed=True))
            continue
        if load.fits(request.birth_date) or rules.accept_over_capacity:
            over = not load.fits(request.birth_date)
            load.add(request.birth_date)
            placed.add(request.child_id)
            decisions.append(RequestDecision(request, Decision.VALIDATED, over_capacity=over))
        elif rules.has_waiting_list:
            rank += 1
            decisions.append(RequestDecision(request, Decision.WAITING, rank))
        else:
            decisions.append(RequestDecision(request, Decision.REFUSED, reason=FULL_REASON))
    return SlotResult(tuple(decisions), load.places_left())


def promote(
    rules: SlotRules,
    day: date,
    occupants: Sequence[Occupant],
    waiting: Iterable[PlaceRequest],
) -> SlotResult:
    """After a cancellation (``occupants`` no longer holding the released
    place): the waiting list decided again; the first that fits is validated,
    the others keep their order with new ranks."""
    return decide(rules, day, occupants, waiting)


@dataclass(frozen=True, slots=True)
class SlotQueue:
    """What settling a slot decides: ``requests`` in arrival order, and the
    late requests chosen by staff that must wait for earlier undecided late
    ones (``held_back``: {request id: ids of the earlier late requests})."""

    requests: tuple[PlaceRequest, ...]
    held_back: dict[Hashable, tuple[Hashable, ...]]


def settlement_queue(pending: Iterable[PlaceRequest], chosen: Collection[Hashable]) -> SlotQueue:
    """The requests of a slot to settle together when staff (or the nightly
    run) choose the requests ``chosen`` among the slot's ``pending`` ones:
    every on-time request, chosen or not, and the chosen late ones (see the
    module's docstring)."""
    ordered = sorted(pending, key=arrival_key)
    queue = tuple(r for r in ordered if not r.late or r.id in chosen)
    held_back = {}
    undecided_late = []
    for request in ordered:
        if not request.late:
            continue
        if request.id in chosen and undecided_late:
            held_back[request.id] = tuple(undecided_late)
        elif request.id not in chosen:
            undecided_late.append(request.id)
    return SlotQueue(queue, held_back)


def jump_the_queue(
    rules: SlotRules, day: date, occupancy: Occupancy, request: PlaceRequest
) -> RequestDecision:
    """A place for ``request`` whatever the requests that arrived before it
    ("passer devant", decided by a manager): validated only when a place is
    free for it now, never beyond the capacity (except where the activity
    accepts every child); otherwise refused, and nothing changes."""
    if rules.accept_over_capacity or _Load(rules, day, occupancy).fits(request.birth_date):
        return RequestDecision(request, Decision.VALIDATED)
    return RequestDecision(request, Decision.REFUSED, reason=FULL_REASON)
