"""Calendar cells and the month grid."""

from datetime import date, datetime

import pytest
from periscolaire_rules.calendar import (
    ActivitySpec,
    ClosedReason,
    Closure,
    TownCalendar,
)
from periscolaire_rules.cells import (
    CUSTODY_LEGEND,
    LEGEND,
    CellState,
    cell_for,
    month_days,
    month_grid,
)
from periscolaire_rules.custody import Custody
from periscolaire_rules.recurrence import Action, BookingState

CALENDAR = TownCalendar()
MATIN = ActivitySpec(
    "matin", date(2024, 9, 2), date(2025, 7, 5), ["mon", "tue", "thu", "fri"], "school"
)
MIDI = ActivitySpec(
    "midi", date(2024, 9, 2), date(2025, 7, 5), ["mon", "tue", "thu", "fri"], "school"
)
NOW = datetime(2025, 3, 5, 10, 0)  # Wednesday 5 March 2025
OPEN_DAY = date(2025, 3, 14)  # deadline Wednesday 12
PAST_DAY = date(2025, 3, 6)  # deadline Tuesday 4


def test_march_2025_starts_on_a_saturday_in_week_9():
    days, weeks = month_days(2025, 3)
    assert len(days) == 31
    assert [d.label for d in days[:10]] == [
        "sa 01",
        "di 02",
        "lu 03",
        "ma 04",
        "me 05",
        "je 06",
        "ve 07",
        "sa 08",
        "di 09",
        "lu 10",
    ]
    assert days[-1].label == "lu 31"
    # the guide's header: Sem. 9 over two days, … Sem. 14 over the 31st
    assert [(w.label, len(w.days)) for w in weeks] == [
        ("Sem. 9", 2),
        ("Sem. 10", 7),
        ("Sem. 11", 7),
        ("Sem. 12", 7),
        ("Sem. 13", 7),
        ("Sem. 14", 1),
    ]
    assert weeks[0].days == (date(2025, 3, 1), date(2025, 3, 2))
    assert days[0].is_weekend and not days[2].is_weekend


def test_week_53_at_the_turn_of_2026_2027():
    _, december = month_days(2026, 12)
    _, january = month_days(2027, 1)
    assert [w.label for w in december] == [
        "Sem. 49",
        "Sem. 50",
        "Sem. 51",
        "Sem. 52",
        "Sem. 53",
    ]
    assert december[-1].days[0] == date(2026, 12, 28)
    assert [(w.label, len(w.days)) for w in january[:2]] == [
        ("Sem. 53", 3),
        ("Sem. 1", 7),
    ]


def test_legend_is_the_guides():
    assert [label for _, label in LEGEND] == [
        "Disponible",
        "Fermé / Férié",
        "Hors délai",
        "En attente de validation",
        "Dans le panier",
        "Validé",
        "Demande de modification",
        "Demande d'annulation",
        "Réservation sur liste d'attente",
    ]


@pytest.mark.parametrize(
    ("booking", "state", "click"),
    [
        (BookingState.NONE, CellState.AVAILABLE, Action.BOOK),
        (BookingState.CART_BOOK, CellState.IN_CART, Action.CANCEL),
        (BookingState.CART_CANCEL, CellState.IN_CART, Action.BOOK),
        (BookingState.PENDING_BOOK, CellState.PENDING, None),
        (BookingState.WAITING, CellState.WAITING, None),
        (BookingState.BOOKED, CellState.VALIDATED, Action.CANCEL),
        (BookingState.PENDING_CANCEL, CellState.CANCEL_REQUESTED, None),
        (BookingState.PENDING_CHANGE, CellState.CHANGE_REQUESTED, None),
    ],
)
def test_cell_state_of_an_open_day(booking, state, click):
    cell = cell_for(MATIN, OPEN_DAY, CALENDAR, NOW, booking)
    assert cell.state == state
    assert cell.click_action == click


@pytest.mark.parametrize(
    ("booking", "state"),
    [
        (BookingState.NONE, CellState.PAST_DEADLINE),
        (BookingState.BOOKED, CellState.VALIDATED),
        (BookingState.PENDING_BOOK, CellState.PENDING),
        (BookingState.CART_BOOK, CellState.IN_CART),
    ],
)
def test_cell_state_past_the_deadline_is_not_clickable(booking, state):
    cell = cell_for(MATIN, PAST_DAY, CALENDAR, NOW, booking)
    assert cell.state == state
    assert cell.click_action is None


def test_waiting_cell_shows_its_rank():
    cell = cell_for(MATIN, OPEN_DAY, CALENDAR, NOW, BookingState.WAITING, waiting_rank=2)
    assert cell.waiting_rank == 2
    assert cell.label == "Réservation sur liste d'attente (rang 2)"
    # a rank only makes sense on the waiting list
    validated = cell_for(MATIN, OPEN_DAY, CALENDAR, NOW, BookingState.BOOKED, 2)
    assert validated.waiting_rank is None


def test_closed_and_not_offered_cells():
    good_friday = cell_for(MATIN, date(2025, 4, 18), CALENDAR, datetime(2025, 3, 1))
    assert good_friday.state == CellState.CLOSED
    assert good_friday.reason == ClosedReason.PUBLIC_HOLIDAY
    assert good_friday.label == "Fermé / Férié : Vendredi saint"
    assert good_friday.click_action is None

    wednesday = cell_for(MATIN, date(2025, 3, 12), CALENDAR, NOW)
    assert wednesday.state == CellState.NOT_OFFERED
    assert wednesday.label == ""
    outside = cell_for(MATIN, date(2025, 7, 7), CALENDAR, NOW)
    assert outside.state == CellState.NOT_OFFERED


def test_closure_wins_over_a_booking():
    strike = Closure(OPEN_DAY, OPEN_DAY, "strike")
    calendar = TownCalendar(closures=[strike])
    cell = cell_for(MATIN, OPEN_DAY, calendar, NOW, BookingState.BOOKED)
    assert cell.state == CellState.CLOSED
    assert cell.reason == ClosedReason.SITE_CLOSURE
    assert cell.booking == BookingState.BOOKED


def test_month_grid_of_two_children():
    states = {
        ("severine", "matin", date(2025, 3, 10)): BookingState.BOOKED,
        ("severine", "midi", date(2025, 3, 11)): BookingState.CART_BOOK,
        ("victor", "matin", date(2025, 3, 13)): BookingState.WAITING,
    }
    ranks = {("victor", "matin", date(2025, 3, 13)): 3}
    rows = [("severine", MATIN), ("severine", MIDI), ("victor", MATIN)]
    grid = month_grid(2025, 3, rows, CALENDAR, NOW, states=states, waiting_ranks=ranks)
    assert grid.title == "mars 2025"
    assert [(r.child_id, r.activity.id) for r in grid.rows] == [
        ("severine", "matin"),
        ("severine", "midi"),
        ("victor", "matin"),
    ]
    assert list(grid.rows_by_child()) == ["severine", "victor"]
    assert all(len(r.cells) == 31 for r in grid.rows)

    def cell(row, day):
        return grid.rows[row].cells[day - 1]

    assert cell(0, 1).state == CellState.NOT_OFFERED  # Saturday
    assert cell(0, 3).state == CellState.PAST_DEADLINE
    assert cell(0, 7).state == CellState.AVAILABLE
    assert cell(0, 10).state == CellState.VALIDATED
    assert cell(1, 10).state == CellState.AVAILABLE  # another activity
    assert cell(1, 11).state == CellState.IN_CART
    assert cell(2, 10).state == CellState.AVAILABLE  # another child
    assert cell(2, 13).state == CellState.WAITING
    assert cell(2, 13).waiting_rank == 3
    assert (grid.previous_month, grid.next_month) == ((2025, 2), (2025, 4))


def test_previous_and_next_month_across_years():
    january = month_grid(2026, 1, [], CALENDAR, NOW)
    december = month_grid(2025, 12, [], CALENDAR, NOW)
    assert january.previous_month == (2025, 12)
    assert december.next_month == (2026, 1)


def test_a_day_booked_by_the_other_household_shows_as_taken():
    cell = cell_for(MATIN, OPEN_DAY, CALENDAR, NOW, BookingState.OTHER_HOUSEHOLD)
    assert cell.state == CellState.OTHER_HOUSEHOLD
    assert cell.label == "Réservé par l'autre foyer"
    assert cell.click_action is None
    # Closed days stay closed whoever booked.
    closed = cell_for(MATIN, date(2025, 4, 18), CALENDAR, NOW, BookingState.OTHER_HOUSEHOLD)
    assert closed.state == CellState.CLOSED
    assert [label for _, label in CUSTODY_LEGEND] == [
        "Réservé par l'autre foyer",
        "Chez l'autre parent",
    ]


def test_month_grid_of_a_child_in_two_households():
    # The father has the even weeks; week 11 (10 to 14 March 2025) is the mother's.
    custody = {"jade": Custody("father", "mother", "alternate_weeks", first_parity="even")}
    states = {
        ("jade", "matin", date(2025, 3, 11)): BookingState.OTHER_HOUSEHOLD,
        ("jade", "matin", date(2025, 3, 13)): BookingState.BOOKED,  # a swap made by staff
        ("jade", "matin", date(2025, 3, 18)): BookingState.OTHER_HOUSEHOLD,
    }
    rows = [("jade", MATIN), ("tom", MATIN)]
    grid = month_grid(
        2025, 3, rows, CALENDAR, NOW, states=states, custody=custody, household="father"
    )

    def cell(row, day):
        return grid.rows[row].cells[day - 1]

    assert cell(0, 10).state == CellState.OTHER_PARENT
    assert cell(0, 10).label == "Chez l'autre parent"
    assert cell(0, 10).click_action is None
    assert cell(0, 11).state == CellState.OTHER_HOUSEHOLD
    assert cell(0, 13).state == CellState.VALIDATED
    assert cell(0, 13).click_action == Action.CANCEL
    assert cell(0, 17).state == CellState.AVAILABLE  # week 12, the father's
    assert cell(0, 17).click_action == Action.BOOK
    assert cell(0, 18).state == CellState.OTHER_HOUSEHOLD  # booked by the mother (free swap)
    assert cell(1, 10).state == CellState.AVAILABLE  # Tom lives with his father only
    mother = month_grid(
        2025, 3, rows[:1], CALENDAR, NOW, states={}, custody=custody, household="mother"
    )
    assert mother.rows[0].cells[9].state == CellState.AVAILABLE
    assert mother.rows[0].cells[16].state == CellState.OTHER_PARENT
