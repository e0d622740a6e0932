"""Periodic booking and cancelling: every concerned day with its outcome."""

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from periscolaire_rules.calendar import (
    ActivitySpec,
    ClosedReason,
    Closure,
    DayKind,
    TownCalendar,
)
from periscolaire_rules.custody import Custody
from periscolaire_rules.deadlines import is_open_for_change
from periscolaire_rules.errors import RuleError
from periscolaire_rules.recurrence import (
    Action,
    BookingState,
    ChildRef,
    Frequency,
    Outcome,
    apply_expansion,
    concerned_days,
    expand_periodic,
    transition,
)
from vacances_scolaires_france import SchoolHolidayDates

CALENDAR = TownCalendar()
MOSELLE = holidays.country_holidays("FR", subdiv="57", years=range(2023, 2029))
ZONE_B = {
    day
    for day, row in SchoolHolidayDates().data.items()
    if row["vacances_zone_b"] and date(2023, 9, 1) <= day <= date(2028, 8, 31)
}

MATIN = ActivitySpec(
    "matin",
    date(2024, 9, 2),
    date(2025, 7, 5),
    ["mon", "tue", "thu", "fri"],
    DayKind.SCHOOL,
    site_id="EUROPA",
    name="1) MATIN ELE EUROPA",
    hour_start=7.0,
    hour_end=8.5,
)


def every(start, end, weekdays):
    day, days = start, []
    while day <= end:
        if day.weekday() in weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_guide_example_every_week_from_20_february_to_5_july_2025():
    now = datetime(2025, 2, 19, 10, 0)
    result = expand_periodic(
        MATIN,
        date(2025, 2, 20),
        date(2025, 7, 5),
        ["lundi", "mardi", "jeudi", "vendredi"],
        "book",
        ["severine"],
        CALENDAR,
        now,
    )
    # zone B winter holidays end on 23 February 2025, spring ones run from
    # 5 to 21 April; Good Friday (18 April) and Easter Monday (21 April) are
    # public holidays, checked before school holidays.
    school_holidays = {date(2025, 2, 20), date(2025, 2, 21)} | {
        date(2025, 4, d) for d in (7, 8, 10, 11, 14, 15, 17)
    }
    public = {
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 1),
        date(2025, 5, 8),
        date(2025, 5, 29),
        date(2025, 6, 9),
    }
    expected_days = every(date(2025, 2, 20), date(2025, 7, 5), {0, 1, 3, 4})
    assert [r.day for r in result.days] == expected_days
    for r in result.days:
        if r.day in school_holidays:
            assert (r.outcome, r.reason) == (
                Outcome.CLOSED,
                ClosedReason.SCHOOL_HOLIDAY,
            ), r.day
        elif r.day in public:
            assert (r.outcome, r.reason) == (
                Outcome.CLOSED,
                ClosedReason.PUBLIC_HOLIDAY,
            ), r.day
        else:
            assert r.outcome == Outcome.ADDED, r.day
            assert (r.previous, r.new) == (BookingState.NONE, BookingState.CART_BOOK)
    assert result.counts()[Outcome.CLOSED] == len(school_holidays | public)
    assert result.added[-1].day == date(2025, 7, 4)


def test_even_and_odd_weeks_across_a_new_year_with_week_53():
    # 2026 has an ISO week 53 (28 December 2026 to 3 January 2027), followed
    # by week 1: two odd weeks in a row.
    centre = ActivitySpec("centre", date(2026, 9, 1), date(2027, 8, 31), range(5), "both")
    start, end = date(2026, 12, 21), date(2027, 1, 15)
    odd = concerned_days(start, end, range(5), Frequency.ODD)
    even = concerned_days(start, end, range(5), "even")
    assert odd == every(date(2026, 12, 28), date(2027, 1, 8), set(range(5)))
    assert even == every(start, date(2026, 12, 25), set(range(5))) + every(
        date(2027, 1, 11), end, set(range(5))
    )
    result = expand_periodic(
        centre,
        start,
        end,
        range(5),
        "book",
        [1],
        CALENDAR,
        datetime(2026, 12, 1),
        frequency="odd",
    )
    outcomes = {r.day: r.outcome for r in result.days}
    assert outcomes[date(2027, 1, 1)] == Outcome.CLOSED  # New Year's Day
    assert outcomes[date(2026, 12, 31)] == Outcome.ADDED


def test_odd_week_spanning_the_new_year_2026():
    # ISO week 1 of 2026 runs from Monday 29 December 2025 to 4 January 2026.
    odd = concerned_days(date(2025, 12, 22), date(2026, 1, 9), range(5), "odd")
    assert odd == every(date(2025, 12, 29), date(2026, 1, 2), set(range(5)))
    even = concerned_days(date(2025, 12, 22), date(2026, 1, 9), range(5), "even")
    assert even == every(date(2025, 12, 22), date(2025, 12, 26), set(range(5))) + every(
        date(2026, 1, 5), date(2026, 1, 9), set(range(5))
    )


def test_past_deadline_days_and_exceptional_requests():
    now = datetime(2025, 3, 5, 10, 0)  # Wednesday
    args = (MATIN, date(2025, 3, 3), date(2025, 3, 11), [0, 1, 3, 4], "book", [1])
    result = expand_periodic(*args, CALENDAR, now)
    outcomes = {r.day: r.outcome for r in result.days}
    assert outcomes == {
        date(2025, 3, 3): Outcome.PAST_DEADLINE,
        date(2025, 3, 4): Outcome.PAST_DEADLINE,
        date(2025, 3, 6): Outcome.PAST_DEADLINE,  # deadline Tuesday 4
        date(2025, 3, 7): Outcome.ADDED,  # deadline today
        date(2025, 3, 10): Outcome.ADDED,
        date(2025, 3, 11): Outcome.ADDED,
    }
    past = [r for r in result.days if r.outcome == Outcome.PAST_DEADLINE]
    assert all(r.new == r.previous == BookingState.NONE for r in past)

    late = expand_periodic(*args, CALENDAR, now, exceptional=True)
    flags = {r.day: (r.outcome, r.late) for r in late.days}
    assert flags[date(2025, 3, 3)] == (Outcome.ADDED, True)
    assert flags[date(2025, 3, 7)] == (Outcome.ADDED, False)
    assert "hors délai" in late.days[0].label


def test_cancel_and_existing_states():
    now = datetime(2025, 3, 1, 10, 0)
    states = {
        (1, date(2025, 3, 10)): BookingState.BOOKED,
        (1, date(2025, 3, 11)): BookingState.CART_BOOK,
        (1, date(2025, 3, 13)): BookingState.WAITING,
        (1, date(2025, 3, 14)): BookingState.PENDING_CANCEL,
    }
    result = expand_periodic(
        MATIN,
        date(2025, 3, 10),
        date(2025, 3, 17),
        [0, 1, 3, 4],
        Action.CANCEL,
        [1],
        CALENDAR,
        now,
        states=states,
    )
    got = {r.day: (r.outcome, r.new) for r in result.days}
    assert got == {
        date(2025, 3, 10): (Outcome.ADDED, BookingState.CART_CANCEL),
        date(2025, 3, 11): (Outcome.ADDED, BookingState.NONE),
        date(2025, 3, 13): (Outcome.PENDING_REQUEST, BookingState.WAITING),
        date(2025, 3, 14): (Outcome.ALREADY, BookingState.PENDING_CANCEL),
        date(2025, 3, 17): (Outcome.ALREADY, BookingState.NONE),
    }
    booked = expand_periodic(
        MATIN,
        date(2025, 3, 10),
        date(2025, 3, 14),
        [0, 1, 3, 4],
        "book",
        [1],
        CALENDAR,
        now,
        states=states,
    )
    got = {r.day: (r.outcome, r.new) for r in booked.days}
    assert got[date(2025, 3, 10)] == (Outcome.ALREADY, BookingState.BOOKED)
    assert got[date(2025, 3, 13)] == (Outcome.ALREADY, BookingState.WAITING)
    assert got[date(2025, 3, 14)] == (
        Outcome.PENDING_REQUEST,
        BookingState.PENDING_CANCEL,
    )


def test_already_booked_past_day_is_reported_as_already():
    states = {(1, date(2025, 3, 3)): BookingState.BOOKED}
    result = expand_periodic(
        MATIN,
        date(2025, 3, 3),
        date(2025, 3, 4),
        [0, 1],
        "book",
        [1],
        CALENDAR,
        datetime(2025, 3, 5),
        states=states,
    )
    assert [r.outcome for r in result.days] == [Outcome.ALREADY, Outcome.PAST_DEADLINE]


def test_not_activity_days_and_outside_period_are_reported():
    result = expand_periodic(
        MATIN,
        date(2025, 6, 30),
        date(2025, 7, 9),
        ["mon", "wed"],
        "book",
        [1],
        CALENDAR,
        datetime(2025, 6, 1),
    )
    got = {r.day: (r.outcome, r.reason) for r in result.days}
    assert got == {
        date(2025, 6, 30): (Outcome.ADDED, None),
        date(2025, 7, 2): (Outcome.NOT_ACTIVITY_DAY, ClosedReason.NOT_ACTIVITY_DAY),
        date(2025, 7, 7): (Outcome.OUTSIDE_PERIOD, ClosedReason.OUTSIDE_PERIOD),
        date(2025, 7, 9): (Outcome.OUTSIDE_PERIOD, ClosedReason.OUTSIDE_PERIOD),
    }


def test_site_closure_is_reported_with_its_reason():
    strike = Closure(date(2025, 3, 11), date(2025, 3, 11), "strike", site_ids={"EUROPA"})
    calendar = TownCalendar(closures=[strike])
    result = expand_periodic(
        MATIN,
        date(2025, 3, 10),
        date(2025, 3, 11),
        [0, 1],
        "book",
        [1],
        calendar,
        datetime(2025, 3, 1),
    )
    closed = result.days[1]
    assert (closed.outcome, closed.reason) == (
        Outcome.CLOSED,
        ClosedReason.SITE_CLOSURE,
    )
    assert closed.label == "Fermé : Fermeture (Grève)"


def test_several_children_on_a_shared_activity():
    children = [
        ChildRef("severine", "DURAND SEVERINE", frozenset({"matin", "midi"})),
        ChildRef("victor", "DURAND VICTOR", frozenset({"matin"})),
    ]
    result = expand_periodic(
        MATIN,
        date(2025, 3, 10),
        date(2025, 3, 14),
        ["lu", "ma"],
        "book",
        children,
        CALENDAR,
        datetime(2025, 3, 1),
        states={("victor", date(2025, 3, 10)): BookingState.BOOKED},
    )
    assert [(r.day, r.child_id, r.outcome) for r in result.days] == [
        (date(2025, 3, 10), "severine", Outcome.ADDED),
        (date(2025, 3, 10), "victor", Outcome.ALREADY),
        (date(2025, 3, 11), "severine", Outcome.ADDED),
        (date(2025, 3, 11), "victor", Outcome.ADDED),
    ]


def test_several_children_only_on_shared_activities():
    midi = ActivitySpec("midi", date(2024, 9, 2), date(2025, 7, 5), [0, 1, 3, 4], name="MIDI")
    children = [
        ChildRef("severine", "DURAND SEVERINE", frozenset({"matin", "midi"})),
        ChildRef("victor", "DURAND VICTOR", frozenset({"matin"})),
    ]
    with pytest.raises(RuleError, match="pas commune à tous les enfants"):
        expand_periodic(
            midi,
            date(2025, 3, 10),
            date(2025, 3, 14),
            [0],
            "book",
            children,
            CALENDAR,
            datetime(2025, 3, 1),
        )
    with pytest.raises(RuleError, match="n'est pas proposée à DURAND VICTOR"):
        expand_periodic(
            midi,
            date(2025, 3, 10),
            date(2025, 3, 14),
            [0],
            "book",
            children[1:],
            CALENDAR,
            datetime(2025, 3, 1),
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": date(2025, 3, 14), "end": date(2025, 3, 10)}, "antérieure"),
        ({"start": date(2025, 6, 2), "end": date(2025, 9, 5)}, "même année scolaire"),
        ({"start": date(2024, 9, 2), "end": date(2026, 7, 3)}, "même année scolaire"),
        ({"weekdays": ["lundi", "funday"]}, "Jour de la semaine inconnu"),
        ({"weekdays": []}, "au moins un jour"),
        ({"children": []}, "au moins un enfant"),
        ({"frequency": "monthly"}, "fréquence"),
        ({"action": "delete"}, "action"),
    ],
)
def test_input_errors_are_french_rule_errors(kwargs, message):
    args = {
        "activity": MATIN,
        "start": date(2025, 3, 10),
        "end": date(2025, 3, 14),
        "weekdays": ["lundi"],
        "action": "book",
        "children": [1],
        "calendar": CALENDAR,
        "now": datetime(2025, 3, 1),
    }
    args.update(kwargs)
    with pytest.raises(RuleError, match=message):
        expand_periodic(**args)


def test_transitions_of_the_cart():
    assert transition(BookingState.NONE, Action.BOOK) == (
        Outcome.ADDED,
        BookingState.CART_BOOK,
    )
    assert transition(BookingState.CART_CANCEL, "book") == (
        Outcome.ADDED,
        BookingState.BOOKED,
    )
    assert transition(BookingState.BOOKED, "cancel") == (
        Outcome.ADDED,
        BookingState.CART_CANCEL,
    )
    assert transition("cart_book", "cancel") == (Outcome.ADDED, BookingState.NONE)


# A child in two households ------------------------------------------------------

FATHER, MOTHER = "moreau", "leroy"
#: The father has the even ISO weeks: March 2025 weeks 11 and 13 are the mother's.
ALTERNATE = Custody(FATHER, MOTHER, "alternate_weeks", first_parity="even")


def test_periodic_booking_skips_the_other_parents_weeks():
    now = datetime(2025, 3, 1, 10, 0)
    args = (MATIN, date(2025, 3, 10), date(2025, 3, 28), [0, 1, 3, 4], "book", ["jade"])
    by_household = {}
    for household in (FATHER, MOTHER):
        result = expand_periodic(
            *args, CALENDAR, now, custody={"jade": ALTERNATE}, household=household
        )
        by_household[household] = {r.day: r.outcome for r in result.days}
        other = [r for r in result.days if r.outcome == Outcome.OTHER_PARENT]
        assert {r.label for r in other} == {"Semaine de l'autre parent"}
        assert all(r.new == r.previous == BookingState.NONE for r in other)
    week_12 = every(date(2025, 3, 17), date(2025, 3, 21), {0, 1, 3, 4})
    odd_weeks = every(date(2025, 3, 10), date(2025, 3, 14), {0, 1, 3, 4}) + every(
        date(2025, 3, 24), date(2025, 3, 28), {0, 1, 3, 4}
    )
    assert by_household[FATHER] == {
        **dict.fromkeys(week_12, Outcome.ADDED),
        **dict.fromkeys(odd_weeks, Outcome.OTHER_PARENT),
    }
    assert by_household[MOTHER] == {
        **dict.fromkeys(week_12, Outcome.OTHER_PARENT),
        **dict.fromkeys(odd_weeks, Outcome.ADDED),
    }


def test_other_parents_days_come_after_closed_days_and_before_deadlines():
    now = datetime(2025, 3, 12, 10, 0)  # Wednesday of week 11, odd: the mother's
    outcomes = {}
    for household in (FATHER, MOTHER):
        result = expand_periodic(
            MATIN,
            date(2025, 3, 13),
            date(2025, 4, 18),
            [3, 4],
            "book",
            ["jade"],
            CALENDAR,
            now,
            custody={"jade": ALTERNATE},
            household=household,
        )
        outcomes[household] = {r.day: r.outcome for r in result.days}
    thursday = date(2025, 3, 13)  # deadline Tuesday 11
    assert outcomes[MOTHER][thursday] == Outcome.PAST_DEADLINE
    assert outcomes[FATHER][thursday] == Outcome.OTHER_PARENT
    good_friday = date(2025, 4, 18)  # week 16, the father's, and closed for both
    assert outcomes[FATHER][good_friday] == outcomes[MOTHER][good_friday] == Outcome.CLOSED
    assert outcomes[FATHER][date(2025, 3, 20)] == Outcome.ADDED
    assert outcomes[MOTHER][date(2025, 3, 20)] == Outcome.OTHER_PARENT


def test_fixed_weekdays_name_the_other_parents_day():
    wednesdays = Custody(FATHER, MOTHER, "weekdays", first_weekdays=["wed"])
    centre = ActivitySpec("centre", date(2024, 9, 2), date(2025, 7, 5), range(5), "both")
    result = expand_periodic(
        centre,
        date(2025, 3, 10),
        date(2025, 3, 14),
        range(5),
        "book",
        ["jade"],
        CALENDAR,
        datetime(2025, 3, 1),
        custody={"jade": wednesdays},
        household=FATHER,
    )
    assert [(r.day.weekday(), r.outcome) for r in result.days] == [
        (0, Outcome.OTHER_PARENT),
        (1, Outcome.OTHER_PARENT),
        (2, Outcome.ADDED),
        (3, Outcome.OTHER_PARENT),
        (4, Outcome.OTHER_PARENT),
    ]
    assert result.days[0].label == "Jour de l'autre parent"


def test_a_day_the_other_household_booked_is_taken():
    now = datetime(2025, 3, 1, 10, 0)
    free = Custody(FATHER, MOTHER, "free")
    taken = {("jade", date(2025, 3, 11)): BookingState.OTHER_HOUSEHOLD}
    for action in Action:
        result = expand_periodic(
            MATIN,
            date(2025, 3, 10),
            date(2025, 3, 11),
            [0, 1],
            action,
            ["jade", "tom"],
            CALENDAR,
            now,
            states=taken,
            custody={"jade": free},
            household=MOTHER,
        )
        got = {(r.child_id, r.day): r.outcome for r in result.days}
        assert got[("jade", date(2025, 3, 11))] == Outcome.TAKEN
        assert got[("jade", date(2025, 3, 10))] == (
            Outcome.ADDED if action == Action.BOOK else Outcome.ALREADY
        )
        # Tom, a child of the mother's household only, is not concerned.
        assert got[("tom", date(2025, 3, 11))] == (
            Outcome.ADDED if action == Action.BOOK else Outcome.ALREADY
        )
    assert transition(BookingState.OTHER_HOUSEHOLD, "book") == (
        Outcome.TAKEN,
        BookingState.OTHER_HOUSEHOLD,
    )


def test_a_household_still_cancels_what_it_has_on_the_other_parents_week():
    # Staff booked the father on a week of the mother's (a swap agreed by both).
    states = {("jade", date(2025, 3, 10)): BookingState.BOOKED}
    result = expand_periodic(
        MATIN,
        date(2025, 3, 10),
        date(2025, 3, 11),
        [0, 1],
        "cancel",
        ["jade"],
        CALENDAR,
        datetime(2025, 3, 1),
        states=states,
        custody={"jade": ALTERNATE},
        household=FATHER,
    )
    assert [(r.day, r.outcome) for r in result.days] == [
        (date(2025, 3, 10), Outcome.ADDED),
        (date(2025, 3, 11), Outcome.OTHER_PARENT),
    ]


# Property tests ---------------------------------------------------------------

SCHOOL_YEARS = (2023, 2024, 2025, 2026, 2027)


@st.composite
def scenarios(draw):
    school_year = draw(st.sampled_from(SCHOOL_YEARS))
    first, last = date(school_year, 9, 1), date(school_year + 1, 8, 31)
    period_start = draw(st.dates(first, last))
    period_end = draw(st.dates(period_start, last))
    activity = ActivitySpec(
        "act",
        period_start,
        period_end,
        draw(st.frozensets(st.integers(0, 6), min_size=1)),
        draw(st.sampled_from(list(DayKind))),
        site_id="S",
    )
    start = draw(st.dates(first, last))
    end = draw(st.dates(start, min(last, start + timedelta(days=120))))
    closures = draw(
        st.lists(
            st.tuples(st.dates(first, last), st.integers(0, 5)).map(
                lambda t: Closure(t[0], t[0] + timedelta(days=t[1]), "strike")
            ),
            max_size=3,
        )
    )
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    frequency = draw(st.sampled_from(list(Frequency)))
    children = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True))
    states = draw(
        st.dictionaries(
            st.tuples(st.sampled_from(children), st.dates(start, end)),
            st.sampled_from(list(BookingState)),
            max_size=20,
        )
    )
    now = datetime.combine(draw(st.dates(first - timedelta(days=60), last)), datetime.min.time())
    exceptional = draw(st.booleans())
    return (
        activity,
        start,
        end,
        weekdays,
        frequency,
        children,
        closures,
        states,
        now,
        exceptional,
    )


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.sampled_from(list(Action)))
def test_no_closed_day_is_ever_booked_and_nothing_is_dropped(scenario, action):
    activity, start, end, weekdays, frequency, children, closures, states, now, exc = scenario
    calendar = TownCalendar(closures=closures)
    result = expand_periodic(
        activity,
        start,
        end,
        weekdays,
        action,
        children,
        calendar,
        now,
        frequency=frequency,
        states=states,
        exceptional=exc,
    )
    days = concerned_days(start, end, weekdays, frequency)
    assert [(r.day, r.child_id) for r in result.days] == [
        (day, child) for day in days for child in children
    ]
    closed_by_staff = {
        c.start + timedelta(days=n) for c in closures for n in range((c.end - c.start).days + 1)
    }
    for r in result.days:
        if r.outcome != Outcome.ADDED:
            assert r.new == r.previous
            continue
        day = r.day
        assert activity.period_start <= day <= activity.period_end
        assert day.weekday() in activity.weekdays
        assert day not in MOSELLE
        assert day not in closed_by_staff
        if activity.day_kind == DayKind.SCHOOL:
            assert day not in ZONE_B
        if activity.day_kind == DayKind.HOLIDAY:
            assert day in ZONE_B
        # a day past its deadline only comes in through an exceptional request
        assert r.late == (not is_open_for_change(day, now))
        assert exc or not r.late


@given(
    st.dates(date(2015, 1, 1), date(2035, 6, 1)),
    st.integers(0, 300),
    st.frozensets(st.integers(0, 6), min_size=1),
)
def test_even_and_odd_weeks_partition_every_week(start, length, weekdays):
    end = start + timedelta(days=length)
    if start.month < 9 and end >= date(start.year, 9, 1):
        end = date(start.year, 8, 31)
    if start.month >= 9 and end >= date(start.year + 1, 9, 1):
        end = date(start.year + 1, 8, 31)
    all_days = concerned_days(start, end, weekdays, "every")
    even = concerned_days(start, end, weekdays, "even")
    odd = concerned_days(start, end, weekdays, "odd")
    assert set(even) | set(odd) == set(all_days)
    assert not set(even) & set(odd)
    assert all(day.isocalendar()[1] % 2 == 0 for day in even)
    assert all(day.isocalendar()[1] % 2 == 1 for day in odd)
    assert all_days == sorted(
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if (start + timedelta(days=n)).weekday() in weekdays
    )


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_booking_then_cancelling_restores_the_state(scenario):
    activity, start, end, weekdays, frequency, children, closures, states, now, exc = scenario
    calendar = TownCalendar(closures=closures)
    common = {"frequency": frequency, "exceptional": exc}

    def run(action, current):
        expansion = expand_periodic(
            activity,
            start,
            end,
            weekdays,
            action,
            children,
            calendar,
            now,
            states=current,
            **common,
        )
        return apply_expansion(current, expansion)

    def normal(mapping):
        return {k: v for k, v in mapping.items() if v != BookingState.NONE}

    holding = {BookingState.BOOKED, BookingState.CART_BOOK}
    cart_cancel = BookingState.CART_CANCEL
    not_holding = {k: v for k, v in states.items() if v not in holding | {cart_cancel}}
    assert normal(run("cancel", run("book", not_holding))) == normal(not_holding)
    # the other way round for the days holding a place
    holding_only = {k: v for k, v in states.items() if v in holding}
    after = run("book", run("cancel", holding_only))
    assert {key: after.get(key) for key in holding_only} == holding_only
