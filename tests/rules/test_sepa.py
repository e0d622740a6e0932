"""SEPA direct debit: IBAN checks, TARGET2 collection days, the 14 days of notice."""

from datetime import date

import pytest
from periscolaire_rules.errors import RuleError
from periscolaire_rules.sepa import (
    check_collection_date,
    check_iban,
    collection_date,
    earliest_collection,
    format_iban,
    full_date,
    is_target_day,
    masked_iban,
)

# Published example IBANs (valid check digits).
FR = "FR7630006000011234567890189"
DE = "DE89370400440532013000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FR, FR),
        ("fr76 3000 6000 0112 3456 7890 189", FR),
        ("FR76-3000-6000-0112-3456-7890-189", FR),
        (DE, DE),
        ("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819"),
    ],
)
def test_iban_accepted(text, expected):
    assert check_iban(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Saisissez l'IBAN"),
        ("   ", "Saisissez l'IBAN"),
        ("1234 5678", "n'a pas la forme d'un IBAN"),
        ("FR76 3000 6000 0112 3456 7890 18é", "n'a pas la forme d'un IBAN"),
        ("US64SVBKUS6S3300958879", "zone SEPA"),
        ("FR76300060000112345678901", "compte 27 caractères"),
        ("FR7630006000011234567890188", "clé de contrôle"),
        ("DE89370400440532013001", "clé de contrôle"),
    ],
)
def test_iban_refused_in_french(text, message):
    with pytest.raises(RuleError, match=message):
        check_iban(text)


def test_iban_display():
    assert format_iban(FR) == "FR76 3000 6000 0112 3456 7890 189"
    assert masked_iban(FR) == "FR76 **** … 0189"
    assert full_date(date(2026, 3, 5)) == "05/03/2026"


def test_target_days():
    assert is_target_day(date(2026, 3, 10))  # a Tuesday
    assert not is_target_day(date(2026, 3, 14))  # a Saturday
    assert not is_target_day(date(2026, 4, 6))  # Easter Monday
    assert not is_target_day(date(2026, 5, 1))
    assert not is_target_day(date(2026, 12, 26))
    assert is_target_day(date(2026, 5, 8))  # French holiday, but the banks settle


def test_collection_date_leaves_the_notice():
    # Invoices of March made on 3 April; the town collects on the 10th.
    assert collection_date(date(2026, 4, 3), 10) == date(2026, 5, 11)  # 10 May is a Sunday
    # Made on 20 March: 10 April is more than 14 days ahead.
    assert collection_date(date(2026, 3, 20), 10) == date(2026, 4, 10)
    # A 5-day notice agreed in the mandate.
    assert collection_date(date(2026, 4, 3), 10, notice_days=5) == date(2026, 4, 10)
    assert collection_date(date(2026, 12, 20), 5) == date(2027, 1, 5)
    with pytest.raises(RuleError):
        collection_date(date(2026, 4, 3), 31)


def test_check_collection_date():
    today = date(2026, 4, 3)
    assert earliest_collection(today) == date(2026, 4, 17)
    check_collection_date(today, date(2026, 4, 17))
    with pytest.raises(RuleError, match="prévenues 14 jours avant .* le 17/04/2026"):
        check_collection_date(today, date(2026, 4, 16))
    with pytest.raises(RuleError, match="ne prélèvent pas le 18/04/2026"):
        check_collection_date(today, date(2026, 4, 18))
