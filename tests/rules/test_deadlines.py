"""Booking deadlines: the town's table, public holidays, cut-off, time zones."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules.deadlines import (
    DEFAULT_POLICY,
    EXCEPTION_REASON_GROUPS,
    EXCEPTION_REASONS,
    MAX_WORKING_DAYS,
    DeadlinePolicy,
    ExceptionReason,
    check_exceptional_request,
    deadline_day,
    deadline_moment,
    deadline_table,
    first_open_day,
    is_open_for_change,
    is_working_day,
)
from periscolaire_rules.errors import RuleError

# The town's table (parents' guide): day of attendance → deadline day.
# 10 March 2025 is a Monday; no public holiday around it.
TOWN_TABLE = {
    date(2025, 3, 10): date(2025, 3, 6),  # Monday ← Thursday of the week before
    date(2025, 3, 11): date(2025, 3, 7),  # Tuesday ← Friday of the week before
    date(2025, 3, 12): date(2025, 3, 10),  # Wednesday ← Monday of the same week
    date(2025, 3, 13): date(2025, 3, 11),  # Thursday ← Tuesday
    date(2025, 3, 14): date(2025, 3, 12),  # Friday ← Wednesday
}

# weekday of the day → (weekday of the deadline, days back), from the table
TABLE_BY_WEEKDAY = {0: (3, 4), 1: (4, 4), 2: (0, 2), 3: (1, 2), 4: (2, 2)}

MOSELLE = holidays.country_holidays("FR", subdiv="57", years=range(2019, 2032))


@pytest.mark.parametrize(("day", "expected"), TOWN_TABLE.items())
def test_town_deadline_table(day, expected):
    assert deadline_day(day) == expected


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_table_holds_every_week_without_public_holidays(day):
    if day.weekday() > 4:
        return
    if any(day - timedelta(days=n) in MOSELLE for n in range(1, 8)):
        return
    weekday, back = TABLE_BY_WEEKDAY[day.weekday()]
    result = deadline_day(day)
    assert result.weekday() == weekday
    assert (day - result).days == back


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_deadline_is_exactly_two_working_days_before(day):
    result = deadline_day(day)
    between = [result + timedelta(days=n) for n in range(1, (day - result).days)]
    working = [d for d in between if d.weekday() < 5 and d not in MOSELLE]
    assert result.weekday() < 5 and result not in MOSELLE
    assert len(working) == 1


def test_moselle_good_friday_moves_the_deadline_back():
    # Wednesday 8 April 2026: Tuesday 7 (1st working day), Monday 6 is Easter
    # Monday, Friday 3 is Good Friday in Moselle, Thursday 2 is the 2nd.
    wednesday = date(2026, 4, 8)
    assert deadline_day(wednesday) == date(2026, 4, 2)
    # elsewhere in France Good Friday is a working day
    assert deadline_day(wednesday, DeadlinePolicy(subdiv=None)) == date(2026, 4, 3)
    # a category where public holidays count as working days
    counting = DeadlinePolicy(public_holidays_are_working_days=True)
    assert deadline_day(wednesday, counting) == date(2026, 4, 6)


def test_26_december_in_moselle():
    # Monday 29 December 2025: Friday 26 and Thursday 25 are public holidays
    # in Moselle; Wednesday 24 is the 1st working day, Tuesday 23 the 2nd.
    assert deadline_day(date(2025, 12, 29)) == date(2025, 12, 23)
    assert deadline_day(date(2025, 12, 29), DeadlinePolicy(subdiv=None)) == date(2025, 12, 24)


def test_ascension_week():
    # Ascension: Thursday 14 May 2026.
    assert deadline_day(date(2026, 5, 15)) == date(2026, 5, 12)  # Fri ← Tue
    assert deadline_day(date(2026, 5, 18)) == date(2026, 5, 13)  # Mon ← Wed
    assert deadline_day(date(2026, 5, 19)) == date(2026, 5, 15)  # Tue ← Fri
    assert is_working_day(date(2026, 5, 15))
    assert not is_working_day(date(2026, 5, 14))
    assert not is_working_day(date(2026, 5, 16))


def test_number_of_working_days_is_a_setting():
    three = DeadlinePolicy(working_days=3)
    assert deadline_day(date(2025, 3, 14), three) == date(2025, 3, 11)
    same_day = DeadlinePolicy(working_days=0)
    assert deadline_day(date(2025, 3, 14), same_day) == date(2025, 3, 14)


def test_open_until_the_end_of_the_deadline_day():
    monday = date(2025, 3, 10)
    assert deadline_moment(monday) == datetime(2025, 3, 7, 0, 0)
    assert is_open_for_change(monday, datetime(2025, 3, 6, 23, 59, 59))
    assert not is_open_for_change(monday, datetime(2025, 3, 7, 0, 0))
    assert not is_open_for_change(monday, datetime(2025, 3, 10, 8, 0))
    assert is_open_for_change(monday, datetime(2025, 2, 1, 8, 0))


def test_cut_off_hour():
    noon = DeadlinePolicy(cutoff_hour=12.0)
    monday = date(2025, 3, 10)
    assert deadline_moment(monday, noon) == datetime(2025, 3, 6, 12, 0)
    assert is_open_for_change(monday, datetime(2025, 3, 6, 11, 59), noon)
    assert not is_open_for_change(monday, datetime(2025, 3, 6, 12, 0), noon)


def test_aware_moments_are_read_in_the_towns_time_zone():
    monday = date(2025, 3, 10)  # closes at midnight, Paris time (UTC+1 in March)
    assert is_open_for_change(monday, datetime(2025, 3, 6, 22, 30, tzinfo=UTC))
    assert not is_open_for_change(monday, datetime(2025, 3, 6, 23, 30, tzinfo=UTC))
    summer = date(2025, 6, 16)  # Monday; deadline Thursday 12 June, UTC+2
    assert is_open_for_change(summer, datetime(2025, 6, 12, 21, 59, tzinfo=UTC))
    assert not is_open_for_change(summer, datetime(2025, 6, 12, 22, 0, tzinfo=UTC))


def test_first_open_day():
    # Wednesday 5 March 2025, 10:00: Thursday 6 closed on Tuesday 4; Friday 7
    # closes at the end of Wednesday 5.
    assert first_open_day(datetime(2025, 3, 5, 10, 0)) == date(2025, 3, 7)
    # on Thursday 6 Friday 7 is past; Saturday 8 closes at the end of Thursday 6
    # (deadlines only: whether an activity runs on Saturday is another rule)
    assert first_open_day(datetime(2025, 3, 6, 10, 0)) == date(2025, 3, 8)
    assert first_open_day(datetime(2025, 3, 7, 10, 0)) == date(2025, 3, 11)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"working_days": -1},
        {"working_days": "2"},
        {"working_days": True},
        {"cutoff_hour": 25},
        {"cutoff_hour": -1},
    ],
)
def test_invalid_policy(kwargs):
    with pytest.raises(RuleError):
        DeadlinePolicy(**kwargs)


def test_default_policy_is_the_towns():
    assert DEFAULT_POLICY == DeadlinePolicy(2, 24.0, False, "57")


def test_exceptional_requests_need_a_reason_and_a_justification():
    assert check_exceptional_request("death", 1) == ExceptionReason.DEATH
    assert check_exceptional_request("schedule", 2) == ExceptionReason.SCHEDULE
    with pytest.raises(RuleError, match="motif"):
        check_exceptional_request("", 1)
    with pytest.raises(RuleError, match="inconnu"):
        check_exceptional_request("holidays", 1)
    with pytest.raises(RuleError, match="justificatif"):
        check_exceptional_request("job_loss", 0)


def test_longest_policy_is_the_maximum():
    assert DeadlinePolicy(working_days=MAX_WORKING_DAYS).working_days == 60
    with pytest.raises(RuleError, match="entre 0 et 60"):
        DeadlinePolicy(working_days=MAX_WORKING_DAYS + 1)


# --- the table shown to parents ----------------------------------------------------------------


def test_default_table_is_the_guides():
    rows = [(row.day_label, row.deadline_label) for row in deadline_table()]
    assert rows == [
        ("Lundi", "Jeudi de la semaine précédente"),
        ("Mardi", "Vendredi de la semaine précédente"),
        ("Mercredi", "Lundi de la semaine en cours"),
        ("Jeudi", "Mardi de la semaine en cours"),
        ("Vendredi", "Mercredi de la semaine en cours"),
    ]


def test_table_follows_the_policy():
    noon_seven_days = DeadlinePolicy(working_days=7, cutoff_hour=12.0)
    labels = [row.deadline_label for row in deadline_table(noon_seven_days, [0, 2])]
    assert labels == ["Jeudi, 2 semaines avant, à 12:00", "Lundi de la semaine précédente à 12:00"]
    same_day = deadline_table(DeadlinePolicy(working_days=0, cutoff_hour=9.5), [5])
    assert [(row.day_label, row.deadline_label) for row in same_day] == [
        ("Samedi", "Le jour même à 09:30")
    ]


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=MAX_WORKING_DAYS),
)
def test_table_row_is_the_deadline_of_any_week_without_public_holidays(day, working_days):
    """The row of a weekday gives the weekday and the week of the real deadline,
    public holidays aside (they move it back, as the page says)."""
    policy = DeadlinePolicy(working_days=working_days, public_holidays_are_working_days=True)
    (row,) = deadline_table(policy, [day.weekday()])
    deadline = deadline_day(day, policy)
    monday = day - timedelta(days=day.weekday())
    deadline_monday = deadline - timedelta(days=deadline.weekday())
    assert row.deadline_weekday == deadline.weekday()
    assert row.weeks_before == (monday - deadline_monday).days // 7
    assert deadline_table(replace(policy, public_holidays_are_working_days=False)) == (
        deadline_table(policy)
    )


def test_reason_groups_hold_every_reason_once_in_order():
    assert list(EXCEPTION_REASON_GROUPS) == ["Familiale", "Professionnelle"]
    grouped = [reason for items in EXCEPTION_REASON_GROUPS.values() for reason, _info in items]
    assert grouped == list(EXCEPTION_REASONS) == list(ExceptionReason)
    assert EXCEPTION_REASON_GROUPS["Familiale"][1][1].label == "Changement des droits de garde"
