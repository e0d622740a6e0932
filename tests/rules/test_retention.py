"""Retention of a family's data after it left (RGPD)."""

from datetime import date

import pytest
from periscolaire_rules.errors import RuleError
from periscolaire_rules.retention import RetentionPolicy, Stage, add_years, schedule


def test_family_leaves_after_two_years_without_booking():
    plan = schedule(date(2024, 3, 15), None)
    assert plan.departure == date(2026, 3, 15)
    assert plan.stage(date(2026, 3, 14)) == Stage.ACTIVE
    assert plan.stage(date(2026, 3, 15)) == Stage.LEFT


def test_documents_go_at_the_end_of_the_school_year_of_departure():
    assert schedule(date(2024, 3, 15), None).documents_until == date(2026, 8, 31)
    # left in September: the school year ends the next summer
    assert schedule(date(2024, 9, 20), None).documents_until == date(2027, 8, 31)
    policy = RetentionPolicy(documents_school_years=1)
    assert schedule(date(2024, 3, 15), None, policy).documents_until == date(2027, 8, 31)
    plan = schedule(date(2024, 3, 15), date(2024, 4, 3))
    assert not plan.documents_due(date(2026, 8, 31))
    assert plan.documents_due(date(2026, 9, 1))
    assert plan.stage(date(2026, 9, 1)) == Stage.DOCUMENTS_DUE


def test_anonymised_ten_years_after_the_year_of_the_last_invoice():
    plan = schedule(date(2024, 3, 15), date(2024, 4, 3))
    assert plan.accounting_until == date(2034, 12, 31)
    assert plan.anonymise_after == date(2034, 12, 31)
    assert plan.stage(date(2034, 12, 31)) == Stage.DOCUMENTS_DUE
    assert plan.stage(date(2035, 1, 1)) == Stage.ANONYMISATION_DUE
    assert plan.anonymisation_due(date(2035, 1, 1))


def test_without_invoice_anonymised_with_its_documents():
    plan = schedule(date(2024, 3, 15), None)
    assert plan.anonymise_after == plan.documents_until == date(2026, 8, 31)
    assert plan.stage(date(2026, 9, 1)) == Stage.ANONYMISATION_DUE


def test_never_anonymised_before_its_documents_are_due():
    # a last payment long before its last booking
    plan = schedule(date(2030, 3, 15), date(2015, 6, 1))
    assert plan.accounting_until == date(2025, 12, 31)
    assert plan.anonymise_after == date(2032, 8, 31)


def test_settings_are_checked():
    assert schedule(date(2024, 3, 15), None, RetentionPolicy(inactive_years=3)).departure == date(
        2027, 3, 15
    )
    with pytest.raises(RuleError):
        RetentionPolicy(inactive_years=0)
    with pytest.raises(RuleError):
        RetentionPolicy(accounting_years=0)
    with pytest.raises(RuleError):
        RetentionPolicy(documents_school_years=-1)


def test_leap_day():
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
