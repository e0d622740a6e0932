"""Timings of the rules core on a school year's worth of data.

Run: python tests/benchmarks/bench_rules.py [repeats]

Prints the best of N runs (after one cold run, which also loads the school
holiday data and computes the public holidays) of:

1. expanding a whole school year of periodic bookings for 2 children × 4
   activities, with every day's outcome (calendar built from scratch each run);
2. the month grid of 3 children × 8 activities.

Figures only; the target is under 50 ms each.
"""

import importlib
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent


def load_rules(*names):
    """Rules modules loaded without Odoo, as ``tests/conftest.py`` does."""
    sys.path.insert(0, str(TESTS_DIR))
    importlib.import_module("conftest")
    return [importlib.import_module(f"periscolaire_rules.{name}") for name in names]


rules_calendar, rules_cells, rules_recurrence = load_rules("calendar", "cells", "recurrence")
ActivitySpec = rules_calendar.ActivitySpec
Closure = rules_calendar.Closure
HolidayRange = rules_calendar.HolidayRange
SchoolHolidays = rules_calendar.SchoolHolidays
TownCalendar = rules_calendar.TownCalendar
month_grid = rules_cells.month_grid
BookingState = rules_recurrence.BookingState
ChildRef = rules_recurrence.ChildRef
expand_periodic = rules_recurrence.expand_periodic

SCHOOL_YEAR = (date(2025, 9, 1), date(2026, 7, 3))
NOW = datetime(2025, 8, 25, 9, 0)
NAMES = (
    "MATIN",
    "MIDI",
    "GOUTER",
    "CREATIF",
    "LIBRE SOIR",
    "MERCREDI",
    "CENTRE",
    "SOIR",
)


def activities(count):
    return [
        ActivitySpec(
            f"a{n}",
            *SCHOOL_YEAR,
            ["wed"] if name == "MERCREDI" else ["mon", "tue", "thu", "fri"],
            "both" if name == "CENTRE" else "school",
            site_id="EUROPA",
            name=f"{n + 1}) {name} ELE EUROPA",
        )
        for n, name in enumerate(NAMES[:count])
    ]


def calendar():
    return TownCalendar(
        school_holidays=SchoolHolidays(
            ranges=[HolidayRange(date(2026, 5, 15), date(2026, 5, 16), "Pont de l'Ascension")]
        ),
        closures=[
            Closure(date(2025, 11, 20), date(2025, 11, 20), "strike", site_ids={"EUROPA"}),
            Closure(date(2026, 3, 2), date(2026, 3, 6), "works", activity_ids={"a1"}),
        ],
    )


def expand_school_year():
    town = calendar()
    children = [ChildRef(1, "DURAND SEVERINE"), ChildRef(2, "DURAND VICTOR")]
    booked = {
        (1, date(2025, 9, 1) + timedelta(days=n)): BookingState.BOOKED for n in range(0, 300, 3)
    }
    outcomes = 0
    for activity in activities(4):
        result = expand_periodic(
            activity,
            *SCHOOL_YEAR,
            ["lu", "ma", "je", "ve"],
            "book",
            children,
            town,
            NOW,
            states=booked,
        )
        outcomes += len(result.days)
    return outcomes


def month_grid_3x8():
    town = calendar()
    rows = [(child, activity) for child in (1, 2, 3) for activity in activities(8)]
    states = {(1, "a0", date(2026, 3, d)): BookingState.BOOKED for d in (2, 3, 5, 6)}
    grid = month_grid(2026, 3, rows, town, datetime(2026, 3, 4, 9, 0), states=states)
    return sum(len(row.cells) for row in grid.rows)


def best_of(function, repeats):
    start = time.perf_counter()
    size = function()
    cold = time.perf_counter() - start
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return size, cold, min(timings)


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for label, function, unit in (
        ("school year, 2 children x 4 activities", expand_school_year, "day outcomes"),
        ("month grid, 3 children x 8 activities", month_grid_3x8, "cells"),
    ):
        size, cold, best = best_of(function, repeats)
        print(
            f"{label}: {size} {unit}; best of {repeats}: {best * 1000:.1f} ms "
            f"(first run: {cold * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()
