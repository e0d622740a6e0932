"""Menus: the week of a day and the French titles the parents read."""

from datetime import date

import pytest
from periscolaire_rules.menus import day_title, week_days, week_start, week_title


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2025, 3, 10), date(2025, 3, 10)),
        (date(2025, 3, 14), date(2025, 3, 10)),
        (date(2025, 3, 16), date(2025, 3, 10)),
        (date(2026, 1, 1), date(2025, 12, 29)),
    ],
)
def test_week_start_is_the_monday_of_the_iso_week(day, monday):
    assert week_start(day) == monday


def test_week_days_are_the_school_days():
    assert week_days(date(2025, 3, 10)) == [date(2025, 3, day) for day in range(10, 15)]
    assert week_days(date(2025, 3, 10), 7)[-1] == date(2025, 3, 16)


def test_day_title():
    assert day_title(date(2025, 3, 10)) == "Lundi 10 mars"
    assert day_title(date(2025, 9, 1)) == "Lundi 1er septembre"
    assert day_title(date(2025, 8, 15)) == "Vendredi 15 août"


@pytest.mark.parametrize(
    ("monday", "title"),
    [
        (date(2025, 3, 10), "Semaine du 10 au 14 mars 2025"),
        (date(2025, 3, 31), "Semaine du 31 mars au 4 avril 2025"),
        (date(2025, 12, 29), "Semaine du 29 décembre 2025 au 2 janvier 2026"),
        (date(2025, 7, 28), "Semaine du 28 juillet au 1er août 2025"),
    ],
)
def test_week_title(monday, title):
    assert week_title(monday) == title
