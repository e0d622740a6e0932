"""Money: Decimal end to end, rounded once half up to the cent, French format."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules.errors import RuleError
from periscolaire_rules.money import (
    allocate,
    format_eur,
    percent_of,
    round_cents,
    round_fraction,
    to_decimal,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (11.5, Decimal("11.5")),
        (0.1, Decimal("0.1")),
        (6, Decimal(6)),
        ("11,50", Decimal("11.50")),
        (" 1 234,5 € ", Decimal("1234.5")),
        (Decimal("4.00"), Decimal("4.00")),
    ],
)
def test_to_decimal_is_exact(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "", None, True, float("nan"), "Infinity"])
def test_to_decimal_refuses_non_amounts(value):
    with pytest.raises(RuleError, match="Montant invalide"):
        to_decimal(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # half up, not half even (banker's rounding would give 0.12 and 2.66)
        (Decimal("0.125"), Decimal("0.13")),
        (Decimal("2.665"), Decimal("2.67")),
        (Decimal("0.124999"), Decimal("0.12")),
        # away from zero on a tie for negative amounts
        (Decimal("-0.125"), Decimal("-0.13")),
        # the float 2.675 is 2.67499999… in binary: converted through repr
        (2.675, Decimal("2.68")),
    ],
)
def test_round_cents_half_up(value, expected):
    result = round_cents(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 200), Decimal("0.01")),
        (Fraction(-1, 200), Decimal("-0.01")),
        (Fraction(1, 3), Decimal("0.33")),
        (Fraction(2, 3), Decimal("0.67")),
        (Fraction(1234567, 100), Decimal("12345.67")),
        (Fraction(4999999, 1000000000), Decimal("0.00")),
    ],
)
def test_round_fraction_exact(value, expected):
    assert round_fraction(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("11.5"), "11,50 €"),
        (Decimal(6), "6,00 €"),
        (Decimal(-6), "-6,00 €"),
        (Decimal(0), "0,00 €"),
        (Decimal("-0.001"), "0,00 €"),
        (Decimal("1234.5"), "1 234,50 €"),
        (Decimal(1000000), "1 000 000,00 €"),
        (Decimal("999.995"), "1 000,00 €"),
    ],
)
def test_format_eur(value, expected):
    assert format_eur(value) == expected


def test_percent_of_is_not_rounded():
    assert percent_of(Decimal("1.05"), 50) == Decimal("0.525")


def test_allocate_gives_the_leftover_cent_to_the_first_largest_remainder():
    assert allocate(Decimal(10), [1, 1, 1]) == [
        Decimal("3.34"),
        Decimal("3.33"),
        Decimal("3.33"),
    ]
    assert allocate(Decimal(100), [Decimal("11.50"), Decimal("6.00")]) == [
        Decimal("65.71"),  # 100 × 11.5 / 17.5 = 65.714…
        Decimal("34.29"),  # 34.285…: the cent left goes to the larger remainder
    ]
    assert allocate(Decimal(-10), [1, 2]) == [Decimal("-3.33"), Decimal("-6.67")]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_allocate_refuses_empty_or_negative_weights(weights):
    with pytest.raises(RuleError):
        allocate(Decimal(10), weights)


cents = st.integers(min_value=-(10**7), max_value=10**7).map(lambda c: Decimal(c) / 100)
weights = st.lists(
    st.integers(min_value=0, max_value=10**6).map(lambda c: Decimal(c) / 100),
    min_size=1,
    max_size=12,
).filter(lambda values: sum(values) > 0)


@given(cents, weights)
def test_allocate_sums_exactly_and_stays_within_a_cent(total, parts):
    shares = allocate(total, parts)
    assert sum(shares) == total
    weight_sum = sum(parts)
    for share, weight in zip(shares, parts, strict=True):
        assert isinstance(share, Decimal)
        assert share.as_tuple().exponent == -2
        ideal = Fraction(total) * Fraction(weight) / Fraction(weight_sum)
        assert abs(Fraction(share) - ideal) < Fraction(1, 100)
