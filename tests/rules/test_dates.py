"""Dates: weekdays, school years, ISO weeks and French labels."""

from datetime import date, time

import pytest
from periscolaire_rules.dates import (
    check_range,
    day_label,
    iso_week,
    month_bounds,
    month_label,
    parse_weekday,
    parse_weekdays,
    school_year_bounds,
    school_year_label,
    school_year_of,
    short_date,
    time_from_hours,
    week_label,
)
from periscolaire_rules.errors import RuleError, parse_enum
from periscolaire_rules.recurrence import Frequency


def test_parse_weekdays_accepts_codes_french_names_abbreviations_and_numbers():
    assert parse_weekdays(["lundi", "ma", "wed", 3, "4"]) == {0, 1, 2, 3, 4}
    assert parse_weekdays(["Samedi", "DI"]) == {5, 6}
    assert parse_weekday("thu") == 3


@pytest.mark.parametrize("value", ["funday", "", 7, -1, True, 2.0, None, "lun"])
def test_unknown_weekday_is_a_french_rule_error(value):
    with pytest.raises(RuleError, match="Jour de la semaine inconnu"):
        parse_weekdays([value])


@pytest.mark.parametrize(
    ("day", "school_year"),
    [
        (date(2025, 8, 31), 2024),
        (date(2025, 9, 1), 2025),
        (date(2026, 1, 1), 2025),
        (date(2026, 7, 4), 2025),
    ],
)
def test_school_year_runs_from_september_to_august(day, school_year):
    assert school_year_of(day) == school_year


def test_school_year_bounds_and_label():
    assert school_year_bounds(2025) == (date(2025, 9, 1), date(2026, 8, 31))
    assert school_year_label(2024) == "2024-2025"


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2025, 3, 1), 9),  # the guide's March 2025 starts in week 9
        (date(2025, 3, 31), 14),
        (date(2025, 12, 29), 1),  # week 1 of 2026 starts in 2025
        (date(2026, 12, 28), 53),  # 2026 has a week 53 …
        (date(2027, 1, 3), 53),  # … ending in 2027
        (date(2027, 1, 4), 1),
    ],
)
def test_iso_weeks(day, week):
    assert iso_week(day) == week
    assert week_label(day) == f"Sem. {week}"


def test_french_labels():
    assert day_label(date(2025, 3, 1)) == "sa 01"
    assert day_label(date(2025, 3, 31)) == "lu 31"
    assert short_date(date(2025, 3, 11)) == "11/03/25"
    assert month_label(2025, 3) == "mars 2025"
    assert month_label(2025, 3, short_year=True) == "mars 25"
    assert month_label(2026, 2) == "février 2026"
    assert month_label(2025, 8) == "août 2025"


def test_month_bounds():
    assert month_bounds(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_bounds(2025, 12) == (date(2025, 12, 1), date(2025, 12, 31))


def test_time_from_odoo_float_hours():
    assert time_from_hours(11.75) == time(11, 45)
    assert time_from_hours(7) == time(7, 0)
    assert time_from_hours(None) is None
    assert time_from_hours(time(8, 30)) == time(8, 30)
    with pytest.raises(RuleError):
        time_from_hours(24.0)


def test_check_range_refuses_an_end_before_the_start():
    check_range(date(2025, 3, 10), date(2025, 3, 10))
    with pytest.raises(RuleError, match=r"fin \(09/03/25\) est antérieure .* \(10/03/25\)"):
        check_range(date(2025, 3, 10), date(2025, 3, 9))


def test_check_range_keeps_one_school_year_only_when_asked():
    start, end = date(2025, 6, 2), date(2025, 9, 5)
    check_range(start, end)
    with pytest.raises(RuleError, match="2024-2025 et 2025-2026"):
        check_range(start, end, one_school_year=True)
    with pytest.raises(RuleError, match="antérieure"):
        check_range(end, start, one_school_year=True)


def test_parse_enum_reads_values_and_members_and_names_what_is_unknown():
    assert parse_enum(Frequency, "even", "fréquence") is Frequency.EVEN
    assert parse_enum(Frequency, Frequency.ODD, "fréquence") is Frequency.ODD
    with pytest.raises(RuleError, match="« fréquence » : « monthly »"):
        parse_enum(Frequency, "monthly", "fréquence")
