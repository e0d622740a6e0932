"""Custody of a child in two households: whose day it is."""

from datetime import date, timedelta

import pytest
from periscolaire_rules.custody import (
    Custody,
    CustodyPattern,
    Parity,
    is_own_day,
    split_days,
    week_parity,
)
from periscolaire_rules.errors import RuleError

FATHER, MOTHER = "moreau", "leroy"
# Mondays of March 2025: ISO weeks 11 (odd) and 12 (even).
ODD_MONDAY = date(2025, 3, 10)
EVEN_MONDAY = date(2025, 3, 17)

ALTERNATE = Custody(FATHER, MOTHER, CustodyPattern.ALTERNATE_WEEKS, first_parity=Parity.EVEN)
WEDNESDAYS = Custody(FATHER, MOTHER, CustodyPattern.WEEKDAYS, first_weekdays={"wed"})
FREE = Custody(FATHER, MOTHER, CustodyPattern.FREE)


@pytest.mark.parametrize(
    ("day", "keeper"),
    [
        (EVEN_MONDAY, FATHER),  # week 12
        (EVEN_MONDAY + timedelta(days=6), FATHER),  # Sunday 23 March, still week 12
        (ODD_MONDAY, MOTHER),  # week 11
        (ODD_MONDAY + timedelta(days=4), MOTHER),  # Friday 14 March
        (date(2025, 3, 24), MOTHER),  # week 13
        # 2026 has a week 53: weeks 53 and 1 are both odd, the mother's.
        (date(2026, 12, 28), MOTHER),
        (date(2027, 1, 1), MOTHER),  # Friday of week 53 of 2026
        (date(2027, 1, 4), MOTHER),  # week 1 of 2027
        (date(2027, 1, 11), FATHER),  # week 2
        # 29 December 2025 is in week 1 of 2026: odd.
        (date(2025, 12, 29), MOTHER),
    ],
)
def test_alternate_weeks_follow_the_iso_week_parity(day, keeper):
    assert ALTERNATE.keeper(day) == keeper
    assert ALTERNATE.is_own_day(keeper, day)
    assert not ALTERNATE.is_own_day(ALTERNATE.other(keeper), day)


def test_the_parity_can_be_the_other_way_round():
    odd_for_father = Custody(FATHER, MOTHER, "alternate_weeks", first_parity="odd")
    assert odd_for_father.keeper(ODD_MONDAY) == FATHER
    assert odd_for_father.keeper(EVEN_MONDAY) == MOTHER
    assert week_parity(ODD_MONDAY) == Parity.ODD
    assert week_parity(EVEN_MONDAY) == Parity.EVEN


@pytest.mark.parametrize(
    ("day", "keeper"),
    [
        (date(2025, 3, 12), FATHER),  # Wednesday
        (date(2025, 3, 19), FATHER),  # Wednesday of an even week: the weekday decides
        (date(2025, 3, 10), MOTHER),  # Monday
        (date(2025, 3, 13), MOTHER),  # Thursday
        (date(2025, 3, 15), MOTHER),  # Saturday
    ],
)
def test_fixed_weekdays_give_the_other_days_to_the_second_household(day, keeper):
    assert WEDNESDAYS.keeper(day) == keeper
    assert WEDNESDAYS.first_weekdays == frozenset({2})


def test_free_custody_leaves_every_day_to_both():
    for offset in range(14):
        day = ODD_MONDAY + timedelta(days=offset)
        assert FREE.keeper(day) is None
        assert FREE.is_own_day(FATHER, day)
        assert FREE.is_own_day(MOTHER, day)


def test_a_child_of_one_household_has_every_day():
    assert is_own_day(None, FATHER, ODD_MONDAY)
    assert is_own_day(ALTERNATE, FATHER, EVEN_MONDAY)
    assert not is_own_day(ALTERNATE, FATHER, ODD_MONDAY)


def test_split_days_gives_each_household_its_days():
    days = [ODD_MONDAY + timedelta(days=offset) for offset in range(0, 14, 7)]
    days += [EVEN_MONDAY + timedelta(days=1)]
    assert split_days(ALTERNATE, FATHER, days) == {
        MOTHER: [ODD_MONDAY],
        FATHER: [EVEN_MONDAY, EVEN_MONDAY + timedelta(days=1)],
    }
    assert split_days(FREE, MOTHER, days) == {MOTHER: sorted(days)}
    assert split_days(None, FATHER, days) == {FATHER: sorted(days)}


def test_each_household_reads_the_pattern_from_its_side():
    assert ALTERNATE.describe(FATHER) == (
        "Garde alternée : les semaines paires chez vous, les semaines impaires chez l'autre parent."
    )
    assert ALTERNATE.describe(MOTHER) == (
        "Garde alternée : les semaines impaires chez vous, les semaines paires chez l'autre parent."
    )
    assert WEDNESDAYS.describe(FATHER) == (
        "Garde à jours fixes : mercredi chez vous ; lundi, mardi, jeudi, vendredi, samedi, "
        "dimanche chez l'autre parent."
    )
    assert WEDNESDAYS.describe(MOTHER).startswith(
        "Garde à jours fixes : lundi, mardi, jeudi, vendredi, samedi, dimanche chez vous"
    )
    assert FREE.describe(MOTHER).startswith("Garde libre")
    assert ALTERNATE.other_day_label == "Semaine de l'autre parent"
    assert WEDNESDAYS.other_day_label == "Jour de l'autre parent"
    assert FREE.other_day_label == ""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"first": FATHER, "second": FATHER}, "différents"),
        ({"pattern": "monthly"}, "mode de garde"),
        ({"pattern": "alternate_weeks", "first_parity": "third"}, "parité"),
        ({"pattern": "weekdays"}, "cochez les jours"),
        ({"pattern": "weekdays", "first_weekdays": range(7)}, "au moins un jour"),
        ({"pattern": "weekdays", "first_weekdays": ["funday"]}, "Jour de la semaine inconnu"),
    ],
)
def test_malformed_patterns_are_refused_in_french(values, message):
    arguments = {"first": FATHER, "second": MOTHER, **values}
    with pytest.raises(RuleError, match=message):
        Custody(**arguments)


def test_a_stranger_household_is_refused():
    with pytest.raises(RuleError, match="pas un foyer de l'enfant"):
        ALTERNATE.is_own_day("durand", ODD_MONDAY)
    with pytest.raises(RuleError, match="pas un foyer de l'enfant"):
        FREE.other("durand")
