"""Places, staffing ratios, validation by arrival order, waiting list."""

import random
from datetime import date, datetime, time, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules.capacity import (
    CapacityMode,
    Decision,
    Occupancy,
    Occupant,
    PlaceRequest,
    SlotRules,
    age_on,
    arrival_key,
    decide,
    free_places,
    is_over_5h,
    is_under_six,
    jump_the_queue,
    max_children,
    promote,
    ratio_for,
    settlement_queue,
)
from periscolaire_rules.errors import RuleError

DAY = date(2025, 3, 11)
T0 = datetime(2025, 3, 1, 8, 0)
OLD = date(2017, 5, 1)  # 7 years old on DAY
YOUNG = date(2021, 5, 1)  # 3 years old on DAY


def request(n, minutes=None, birth=OLD, child=None, late=False):
    return PlaceRequest(
        n,
        child or f"c{n}",
        T0 + timedelta(minutes=n if minutes is None else minutes),
        birth,
        late=late,
    )


@pytest.mark.parametrize(
    ("pedt", "over_5h", "under_six", "six_and_over"),
    [
        # CASF R227-16
        (False, False, 10, 14),
        (False, True, 8, 12),
        (True, False, 14, 18),
        (True, True, 10, 14),
    ],
)
def test_legal_ratios(pedt, over_5h, under_six, six_and_over):
    ratio = ratio_for(pedt, over_5h)
    assert (ratio.under_six, ratio.six_and_over) == (under_six, six_and_over)
    assert max_children(2, ratio, under_six=True) == 2 * under_six


def test_age_on_the_day():
    birth = date(2019, 3, 11)
    assert age_on(birth, date(2025, 3, 10)) == 5
    assert age_on(birth, date(2025, 3, 11)) == 6
    assert is_under_six(birth, date(2025, 3, 10))
    assert not is_under_six(birth, date(2025, 3, 11))
    assert is_under_six(None, DAY)  # unknown: the stricter ratio
    assert age_on(date(2020, 2, 29), date(2025, 2, 28)) == 4
    assert age_on(date(2020, 2, 29), date(2025, 3, 1)) == 5


def test_session_over_five_hours():
    assert not is_over_5h(time(7, 0), time(12, 0))
    assert is_over_5h(time(7, 0), time(12, 1))
    assert not is_over_5h(None, time(12, 0))


def test_places_then_waiting_list_in_arrival_order():
    rules = SlotRules(CapacityMode.PLACES, places=2)
    requests = [request(4), request(1), request(3), request(2)]
    result = decide(rules, DAY, [], requests)
    assert [(d.request.id, d.decision, d.waiting_rank) for d in result.decisions] == [
        (1, Decision.VALIDATED, None),
        (2, Decision.VALIDATED, None),
        (3, Decision.WAITING, 1),
        (4, Decision.WAITING, 2),
    ]
    assert result.places_left == 0
    assert result.waiting[0].label == "Liste d'attente (rang 1)"


def test_same_submission_time_is_broken_by_id():
    rules = SlotRules(places=1)
    result = decide(rules, DAY, [], [request(9, minutes=0), request(5, minutes=0)])
    assert [d.request.id for d in result.validated] == [5]
    assert [d.request.id for d in result.waiting] == [9]


def test_occupants_take_places_first():
    rules = SlotRules(places=3)
    occupants = [Occupant("a"), Occupant("b")]
    result = decide(rules, DAY, occupants, [request(1), request(2)])
    assert [d.decision for d in result.decisions] == [
        Decision.VALIDATED,
        Decision.WAITING,
    ]


def test_without_waiting_list_what_does_not_fit_is_refused():
    rules = SlotRules(places=1, has_waiting_list=False)
    result = decide(rules, DAY, [], [request(1), request(2)])
    assert result.refused[0].request.id == 2
    assert result.refused[0].label == "Refusée : Complet"


def test_canteen_never_refuses_and_flags_over_capacity():
    canteen = SlotRules(places=2, has_waiting_list=False, accept_over_capacity=True)
    result = decide(canteen, DAY, [Occupant("x")], [request(1), request(2), request(3)])
    assert [d.decision for d in result.decisions] == [Decision.VALIDATED] * 3
    assert [d.over_capacity for d in result.decisions] == [False, True, True]


def test_child_already_placed_takes_no_second_place():
    rules = SlotRules(places=2)
    result = decide(rules, DAY, [Occupant("c1")], [request(1), request(2), request(3)])
    decisions = result.by_request_id()
    assert decisions[1].decision == Decision.VALIDATED and decisions[1].already_placed
    assert decisions[2].decision == Decision.VALIDATED
    assert decisions[3].decision == Decision.WAITING


def test_staffing_one_adult_without_pedt():
    rules = SlotRules(CapacityMode.STAFFING, staff=1)
    older = [request(n, birth=OLD) for n in range(1, 16)]
    result = decide(rules, DAY, [], older)
    assert len(result.validated) == 14  # 1 adult for 14 children of 6 and over
    young = [request(n, birth=YOUNG) for n in range(1, 12)]
    assert len(decide(rules, DAY, [], young).validated) == 10
    assert result.places_left is None


def test_staffing_mixed_ages_and_pedt():
    rules = SlotRules(CapacityMode.STAFFING, staff=1)
    # 5 under 6 (half an adult) + 7 over 6 (half an adult) = one adult
    occupants = [Occupant(f"y{n}", YOUNG) for n in range(5)] + [
        Occupant(f"o{n}", OLD) for n in range(7)
    ]
    result = decide(rules, DAY, occupants, [request(1, birth=OLD)])
    assert result.decisions[0].decision == Decision.WAITING
    with_pedt = SlotRules(CapacityMode.STAFFING, staff=1, pedt=True)
    assert decide(with_pedt, DAY, occupants, [request(1)]).decisions[0].decision == (
        Decision.VALIDATED
    )


def test_staffing_counts_age_on_the_day():
    rules = SlotRules(CapacityMode.STAFFING, staff=1)
    occupants = [Occupant(f"y{n}", YOUNG) for n in range(9)]  # 0.9 adult
    turning_six = date(2019, 3, 11)
    six_today = decide(rules, DAY, occupants, [request(1, birth=turning_six)])
    assert six_today.decisions[0].decision == Decision.VALIDATED  # 0.9 + 1/14 ≤ 1
    occupants += [Occupant("y9", YOUNG)]
    five_yesterday = decide(
        rules, DAY - timedelta(days=1), occupants, [request(1, birth=turning_six)]
    )
    assert five_yesterday.decisions[0].decision == Decision.WAITING


def test_a_later_smaller_request_may_fit_while_the_first_waits():
    rules = SlotRules(CapacityMode.STAFFING, staff=1)
    occupants = [Occupant(f"o{n}", OLD) for n in range(13)]  # 13/14 of an adult
    result = decide(rules, DAY, occupants, [request(1, birth=YOUNG), request(2, birth=OLD)])
    decisions = result.by_request_id()
    assert decisions[1].decision == Decision.WAITING and decisions[1].waiting_rank == 1
    assert decisions[2].decision == Decision.VALIDATED


def test_cancellation_promotes_the_first_on_the_waiting_list():
    rules = SlotRules(places=2)
    first = decide(rules, DAY, [], [request(n) for n in range(1, 6)])
    occupants = [Occupant(d.request.child_id) for d in first.validated]
    waiting = [d.request for d in first.waiting]
    # child of request 1 cancels
    after = promote(rules, DAY, occupants[1:], waiting)
    assert [d.request.id for d in after.validated] == [3]
    assert [(d.request.id, d.waiting_rank) for d in after.waiting] == [(4, 1), (5, 2)]


def test_running_twice_changes_nothing():
    rules = SlotRules(places=2)
    requests = [request(n) for n in range(1, 5)]
    first = decide(rules, DAY, [], requests)
    occupants = [Occupant(d.request.child_id) for d in first.validated]
    second = decide(rules, DAY, occupants, [d.request for d in first.waiting])
    assert second.validated == []
    assert [(d.request.id, d.waiting_rank) for d in second.waiting] == [
        (d.request.id, d.waiting_rank) for d in first.waiting
    ]


def test_invalid_settings():
    with pytest.raises(RuleError):
        SlotRules(mode="seats")
    with pytest.raises(RuleError):
        SlotRules(places=-1)


# Property tests ---------------------------------------------------------------

requests_strategy = st.lists(
    st.builds(
        PlaceRequest,
        id=st.integers(0, 10**6),
        child_id=st.integers(0, 10**6),
        submitted_at=st.integers(0, 50).map(lambda m: T0 + timedelta(minutes=m)),
        birth_date=st.one_of(st.none(), st.dates(date(2013, 1, 1), date(2022, 12, 31))),
    ),
    max_size=40,
    unique_by=(lambda r: r.id, lambda r: r.child_id),
)


@given(
    st.integers(0, 20),
    st.integers(0, 20),
    st.booleans(),
    requests_strategy,
    st.randoms(use_true_random=False),
)
def test_places_never_exceeded_and_order_independent(places, taken, waiting_list, reqs, rnd):
    rules = SlotRules(places=places, has_waiting_list=waiting_list)
    occupants = [Occupant(f"occ{n}") for n in range(min(taken, places))]
    result = decide(rules, DAY, occupants, reqs)
    assert len(occupants) + len(result.validated) <= places
    assert len(result.decisions) == len(reqs)
    shuffled = list(reqs)
    rnd.shuffle(shuffled)
    assert decide(rules, DAY, occupants, shuffled) == result
    # the waiting list is the arrival order, ranks 1 … n
    arrival = sorted(reqs, key=lambda r: (r.submitted_at, r.id))
    waiting = [d.request for d in result.waiting]
    assert waiting == [r for r in arrival if r in waiting]
    assert [d.waiting_rank for d in result.waiting] == list(range(1, len(waiting) + 1))
    # places go to the first arrivals
    assert [d.request for d in result.validated] == arrival[: len(result.validated)]
    if not waiting_list:
        assert not result.waiting


# CASF R227-16, written out again here: (PEDT, over 5 h) → children per adult
LEGAL = {
    (False, False): (10, 14),
    (False, True): (8, 12),
    (True, False): (14, 18),
    (True, True): (10, 14),
}


def under_six_on(birth, day):
    """Independent of the code under test: born less than 6 years before."""
    if birth is None:
        return True
    try:
        sixth_birthday = birth.replace(year=birth.year + 6)
    except ValueError:  # 29 February
        sixth_birthday = date(birth.year + 6, 3, 1)
    return day < sixth_birthday


@given(st.integers(0, 3), st.booleans(), st.booleans(), requests_strategy)
def test_staffing_never_exceeds_the_legal_ratios(staff, pedt, over_5h, reqs):
    rules = SlotRules(CapacityMode.STAFFING, staff=staff, pedt=pedt, over_5h=over_5h)
    result = decide(rules, DAY, [], reqs)
    under, over = LEGAL[pedt, over_5h]
    births = [d.request.birth_date for d in result.validated]
    young = sum(1 for b in births if under_six_on(b, DAY))
    assert Fraction(young, under) + Fraction(len(births) - young, over) <= staff
    assert sorted(result.decisions, key=lambda d: (d.request.submitted_at, d.request.id)) == list(
        result.decisions
    )


def test_random_promotions_keep_arrival_order():
    rnd = random.Random(4)
    rules = SlotRules(places=3)
    reqs = [request(n, minutes=rnd.randint(0, 10)) for n in range(1, 12)]
    result = decide(rules, DAY, [], reqs)
    occupants = [Occupant(d.request.child_id) for d in result.validated]
    waiting = [d.request for d in result.waiting]
    while waiting:
        occupants.pop(rnd.randrange(len(occupants)))
        after = promote(rules, DAY, occupants, waiting)
        assert len(after.validated) == 1
        assert after.validated[0].request == waiting[0]
        occupants.append(Occupant(waiting[0].child_id))
        waiting = [d.request for d in after.waiting]


# Settling a slot as a whole; late requests -------------------------------------


def test_late_requests_come_after_every_on_time_one():
    rules = SlotRules(places=1)
    late_first = request(1, minutes=0, late=True)
    on_time = [request(2, minutes=30), request(3, minutes=40)]
    result = decide(rules, DAY, [], [late_first, *on_time])
    assert [d.request.id for d in result.validated] == [2]
    assert [(d.request.id, d.waiting_rank) for d in result.waiting] == [(3, 1), (1, 2)]
    assert sorted([late_first, *on_time], key=arrival_key)[-1] == late_first


def test_settling_takes_in_every_on_time_request_chosen_or_not():
    pending = [request(n) for n in range(1, 6)]
    queue = settlement_queue(pending, chosen={5})
    assert [r.id for r in queue.requests] == [1, 2, 3, 4, 5]
    assert queue.held_back == {}
    # Whatever staff choose, the decision is the same: the first four get the places.
    for chosen in ({5}, {1}, {2, 4}, {1, 2, 3, 4, 5}):
        result = decide(SlotRules(places=4), DAY, [], settlement_queue(pending, chosen).requests)
        assert [d.request.id for d in result.validated] == [1, 2, 3, 4]
        assert [(d.request.id, d.waiting_rank) for d in result.waiting] == [(5, 1)]


def test_late_requests_are_settled_only_when_chosen_and_hold_no_one_back():
    on_time = [request(1), request(3)]
    late = [request(2, late=True), request(4, late=True)]
    nightly = settlement_queue(on_time + late, chosen={1, 3})
    assert [r.id for r in nightly.requests] == [1, 3]
    assert nightly.held_back == {}
    chosen_late = settlement_queue(on_time + late, chosen={2})
    assert [r.id for r in chosen_late.requests] == [1, 3, 2]
    assert chosen_late.held_back == {}


def test_a_late_request_waits_for_the_earlier_undecided_late_ones():
    late = [request(1, late=True), request(2, late=True), request(3, late=True)]
    queue = settlement_queue(late, chosen={3})
    assert queue.held_back == {3: (1, 2)}
    assert settlement_queue(late, chosen={1, 2, 3}).held_back == {}
    assert settlement_queue(late, chosen={1}).held_back == {}


def test_occupancy_counts_like_the_occupants():
    rules = SlotRules(CapacityMode.STAFFING, staff=1)
    occupants = [Occupant(f"y{n}", YOUNG) for n in range(5)] + [
        Occupant(f"o{n}", OLD) for n in range(6)
    ]
    occupancy = Occupancy.of_children(DAY, {YOUNG: 5, OLD: 6})
    assert (occupancy.under_six, occupancy.six_and_over, occupancy.total) == (5, 6, 11)
    assert Occupancy.of_children(DAY, {None: 2}).under_six == 2  # unknown: under 6
    requests = [request(1, birth=OLD), request(2, birth=YOUNG), request(3, birth=OLD)]
    assert decide(rules, DAY, occupancy, requests) == decide(rules, DAY, occupants, requests)


def test_free_places_in_both_modes():
    assert free_places(SlotRules(places=3), Occupancy(1, 1)) == 1
    assert free_places(SlotRules(places=1), Occupancy(0, 4)) == 0
    staffing = SlotRules(CapacityMode.STAFFING, staff=1)
    # one adult: 10 under 6, or 14 older; 7 older children use half of the adult
    assert free_places(staffing, Occupancy(0, 7)) == 5
    assert free_places(staffing, Occupancy(10, 0)) == 0


def test_jumping_the_queue_takes_a_free_place_never_more():
    rules = SlotRules(places=2)
    assert jump_the_queue(rules, DAY, Occupancy(0, 1), request(9)).decision == (Decision.VALIDATED)
    full = jump_the_queue(rules, DAY, Occupancy(0, 2), request(9))
    assert full.decision == Decision.REFUSED and full.reason == "Complet"
    canteen = SlotRules(places=2, has_waiting_list=False, accept_over_capacity=True)
    assert jump_the_queue(canteen, DAY, Occupancy(0, 2), request(9)).decision == (
        Decision.VALIDATED
    )
    staffing = SlotRules(CapacityMode.STAFFING, staff=1)
    almost = Occupancy(0, 13)  # 13/14 of the adult
    assert jump_the_queue(staffing, DAY, almost, request(9, birth=OLD)).decision == (
        Decision.VALIDATED
    )
    assert jump_the_queue(staffing, DAY, almost, request(9, birth=YOUNG)).decision == (
        Decision.REFUSED
    )


@given(
    st.integers(0, 6),
    requests_strategy,
    st.sets(st.integers(0, 10**6)),
    st.randoms(use_true_random=False),
)
def test_settling_from_any_choice_gives_the_arrival_order(places, reqs, chosen_ids, rnd):
    """Whoever settles the slot and whichever requests they start from, the
    on-time requests get the places in arrival order, ranks 1..n."""
    on_time = [r for r in reqs if not r.late]
    chosen = {r.id for r in on_time if r.id in chosen_ids or rnd.random() < 0.3}
    queue = settlement_queue(on_time, chosen)
    result = decide(SlotRules(places=places), DAY, [], queue.requests)
    arrival = sorted(on_time, key=arrival_key)
    assert [d.request for d in result.validated] == arrival[: min(places, len(arrival))]
    assert [d.waiting_rank for d in result.waiting] == list(range(1, len(result.waiting) + 1))
