from datetime import date

from periscolaire_rules import absences


def test_absences_are_declared_from_three_days_back_to_thirty_ahead():
    assert absences.declarable_days(date(2026, 3, 10)) == (date(2026, 3, 7), date(2026, 4, 9))


def test_declarable_days_cross_a_month_and_a_year():
    assert absences.declarable_days(date(2026, 1, 2)) == (date(2025, 12, 30), date(2026, 2, 1))
