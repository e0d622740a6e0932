"""The canteen's menus: the week a menu covers and its French titles.

A menu covers one ISO week (Monday to Sunday); the parents see its school
days, Monday to Friday, unless a menu has a dish on the weekend.
"""

from datetime import date, timedelta

from .dates import MONTH_NAMES_FR, WEEKDAY_NAMES_FR
from .i18n import _lt

SCHOOL_WEEK_DAYS = 5


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def week_days(monday: date, count: int = SCHOOL_WEEK_DAYS) -> list[date]:
    """The first ``count`` days of the week starting on ``monday``."""
    return [monday + timedelta(days=offset) for offset in range(count)]


def _day_of_month(day: date) -> str:
    return "1er" if day.day == 1 else str(day.day)


def day_title(day: date) -> str:
    """``"Lundi 10 mars"``, ``"Lundi 1er septembre"``."""
    weekday = WEEKDAY_NAMES_FR[day.weekday()].capitalize()
    return f"{weekday} {_day_of_month(day)} {MONTH_NAMES_FR[day.month - 1]}"


def week_title(monday: date, count: int = SCHOOL_WEEK_DAYS) -> str:
    """``"Semaine du 10 au 14 mars 2025"``; the month or the year of the first
    day is written when it differs from the last day's."""
    last = monday + timedelta(days=count - 1)
    first = _day_of_month(monday)
    if monday.year != last.year:
        first = f"{first} {MONTH_NAMES_FR[monday.month - 1]} {monday.year}"
    elif monday.month != last.month:
        first = f"{first} {MONTH_NAMES_FR[monday.month - 1]}"
    last_day = f"{_day_of_month(last)} {MONTH_NAMES_FR[last.month - 1]} {last.year}"
    return _lt("Semaine du %(first)s au %(last)s", first=first, last=last_day)
