"""Childcare tax-credit amounts (CGI art. 200 quater B)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules.attestation import (
    ChildInfo,
    InvoiceLine,
    Payment,
    allocate_payment,
    attestation_amounts,
    ceiling_per_child,
    is_eligible_child,
)
from periscolaire_rules.errors import RuleError
from periscolaire_rules.money import format_eur

D = Decimal
VICTOR = ChildInfo("victor", "DURAND VICTOR", date(2021, 4, 2))  # 3 on 1/1/2025
SEVERINE = ChildInfo("severine", "DURAND SEVERINE", date(2015, 1, 5))  # too old
LUCIE = ChildInfo("lucie", "DURAND LUCIE", date(2020, 9, 1))

LINES = [
    InvoiceLine("garderie-v", "victor", D("50.00")),
    InvoiceLine("cantine-v", "victor", D("60.00"), meal=D("40.00")),  # care 20
    InvoiceLine("penalite-v", "victor", D("10.00"), penalty=D("10.00")),
    InvoiceLine("garderie-s", "severine", D("30.00")),
]
ALL_LINE_IDS = tuple(line.id for line in LINES)  # 150.00 in all


@pytest.mark.parametrize(
    ("birth", "eligible"),
    [
        (date(2019, 1, 1), True),  # for 2025: born on or after 1 January 2019
        (date(2018, 12, 31), False),
        (date(2025, 6, 1), True),
        (None, False),
    ],
)
def test_age_limit_on_1_january(birth, eligible):
    assert is_eligible_child(birth, 2025) is eligible


def test_full_payment_counts_care_only_for_young_children():
    payment = Payment(date(2025, 3, 15), D("150.00"), ALL_LINE_IDS)
    result = attestation_amounts(2025, [VICTOR, SEVERINE], LINES, [payment])
    # Victor: garderie 50 + care part of the canteen 20; no meal, no penalty
    assert [(c.child.id, c.amount) for c in result.children] == [("victor", D("70.00"))]
    assert result.total == D("70.00")


def test_partial_payment_is_allocated_in_proportion():
    payment = Payment(date(2025, 3, 15), D("75.00"), ALL_LINE_IDS)
    result = attestation_amounts(2025, [VICTOR, SEVERINE], LINES, [payment])
    assert result.total == D("35.00")  # 75 × 70 / 150


def test_only_payments_made_during_the_year_count():
    payments = [
        Payment(date(2024, 12, 31), D("150.00"), ALL_LINE_IDS),
        Payment(date(2026, 1, 2), D("150.00"), ALL_LINE_IDS),
        Payment(date(2025, 12, 31), D("30.00"), ALL_LINE_IDS),
    ]
    result = attestation_amounts(2025, [VICTOR], LINES, payments)
    assert result.total == D("14.00")  # 30 × 70 / 150


def test_aids_are_not_counted():
    payments = [
        Payment(date(2025, 2, 1), D("30.00"), ALL_LINE_IDS, is_aid=True),
        Payment(date(2025, 2, 1), D("120.00"), ALL_LINE_IDS),
    ]
    result = attestation_amounts(2025, [VICTOR], LINES, payments)
    assert result.total == D("56.00")  # 120 × 70 / 150


def test_one_payment_for_two_children_and_two_invoices():
    lines = [
        InvoiceLine("jan-v", "victor", D("40.00")),
        InvoiceLine("feb-l", "lucie", D("60.00")),
    ]
    payment = Payment(date(2025, 3, 1), D("50.00"), ("jan-v", "feb-l"))
    result = attestation_amounts(2025, [VICTOR, LUCIE], lines, [payment])
    assert {c.child.id: c.amount for c in result.children} == {
        "victor": D("20.00"),
        "lucie": D("30.00"),
    }
    assert allocate_payment(payment, lines) == {
        "jan-v": D("20.00"),
        "feb-l": D("30.00"),
    }


def test_each_child_amount_is_rounded_once():
    lines = [
        InvoiceLine("v", "victor", D("10.00")),
        InvoiceLine("l", "lucie", D("10.00")),
        InvoiceLine("s", "severine", D("10.00")),
    ]
    # each payment gives Victor 10/3 = 3.333…: three of them make 10.00 exactly
    # (rounding per payment would give 3 × 3.33 = 9.99)
    payments = [Payment(date(2025, m, 1), D("10.00"), ("v", "l", "s")) for m in (3, 4, 5)]
    result = attestation_amounts(2025, [VICTOR, LUCIE], lines, payments)
    assert {c.child.id: c.amount for c in result.children} == {
        "victor": D("10.00"),
        "lucie": D("10.00"),
    }
    one = attestation_amounts(2025, [VICTOR], lines, payments[:1])
    assert one.total == D("3.33")
    two = attestation_amounts(2025, [VICTOR], lines, payments[:2])
    assert two.total == D("6.67")  # 6.666… rounded half up once


def test_family_without_amount_gets_no_attestation():
    result = attestation_amounts(2025, [SEVERINE], LINES, [])
    assert result.is_empty
    assert result.total == D("0.00")


def test_credit_note_reduces_the_amount():
    lines = [
        InvoiceLine("inv", "victor", D("100.00"), meal=D("40.00")),
        InvoiceLine("refund", "victor", D("-20.00"), meal=D("-8.00")),
    ]
    payments = [
        Payment(date(2025, 3, 1), D("100.00"), ("inv",)),
        Payment(date(2025, 4, 1), D("-20.00"), ("refund",)),
    ]
    result = attestation_amounts(2025, [VICTOR], lines, payments)
    assert result.total == D("48.00")  # care 60 − 12


def test_input_errors():
    with pytest.raises(RuleError):
        InvoiceLine("x", "victor", D("10.00"), meal=D("11.00"))
    with pytest.raises(RuleError):
        InvoiceLine("x", "victor", D("10.00"), penalty=D("-1.00"))
    with pytest.raises(RuleError, match="ligne inconnue"):
        attestation_amounts(2025, [VICTOR], LINES, [Payment(date(2025, 1, 2), D(1), ("nope",))])


# Properties -------------------------------------------------------------------

cents = st.integers(1, 100000).map(lambda c: Decimal(c) / 100)


@st.composite
def invoice_lines(draw):
    lines = []
    for n in range(draw(st.integers(1, 8))):
        amount = draw(cents)
        meal = draw(st.integers(0, int(amount * 100)).map(lambda c: Decimal(c) / 100))
        penalty = draw(st.integers(0, int((amount - meal) * 100)).map(lambda c: Decimal(c) / 100))
        child = draw(st.sampled_from(["victor", "lucie", "severine", None]))
        lines.append(InvoiceLine(n, child, amount, meal, penalty))
    return lines


@given(invoice_lines(), st.lists(st.integers(1, 100), min_size=1, max_size=4))
def test_paying_everything_in_pieces_gives_the_care_parts(lines, weights):
    total = sum(line.amount for line in lines)
    # split the payment into pieces that add up exactly to the total
    pieces = []
    left = total
    for weight in weights[:-1]:
        piece = (total * weight / sum(weights)).quantize(D("0.01"))
        piece = min(piece, left)
        pieces.append(piece)
        left -= piece
    pieces.append(left)
    ids = tuple(line.id for line in lines)
    payments = [Payment(date(2025, 6, 1), piece, ids) for piece in pieces if piece]
    children = [VICTOR, LUCIE, SEVERINE]
    result = attestation_amounts(2025, children, lines, payments)
    amounts = {c.child.id: c.amount for c in result.children}
    assert "severine" not in amounts
    for child in ("victor", "lucie"):
        care = sum((x.amount - x.meal - x.penalty for x in lines if x.child_id == child), D(0))
        exact = Fraction(care)
        got = amounts.get(child, D("0.00"))
        assert isinstance(got, Decimal)
        assert got.as_tuple().exponent == -2
        assert abs(Fraction(got) - exact) <= Fraction(1, 200)
        if len(payments) == 1:
            assert got == care  # one full payment: exactly the care parts
    assert result.total == sum(amounts.values(), D("0.00"))


@given(invoice_lines(), cents)
def test_allocation_of_a_payment_adds_up_exactly(lines, amount):
    payment = Payment(date(2025, 6, 1), amount, tuple(line.id for line in lines))
    shares = allocate_payment(payment, lines)
    assert sum(shares.values()) == amount
    assert all(share.as_tuple().exponent == -2 for share in shares.values())


def test_the_ceiling_is_halved_for_a_child_in_alternating_residence():
    assert ceiling_per_child() == Decimal("3500.00")
    assert ceiling_per_child(alternating_residence=True) == Decimal("1750.00")
    assert format_eur(ceiling_per_child(True)) == "1 750,00 €"
