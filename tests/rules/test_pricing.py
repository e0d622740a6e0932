"""Session prices from a tariff, and the cart summary."""

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules.errors import RuleError
from periscolaire_rules.pricing import (
    Bracket,
    CartItem,
    FamilyPricing,
    Tariff,
    cart_summary,
    session_price,
    sibling_ranks,
)

D = Decimal
DAY = date(2025, 3, 11)

CANTEEN = Tariff(
    brackets=(
        Bracket(0, 600, D("3.00"), D("4.50"), meal=D("2.00")),
        Bracket(601, 1200, D("5.00"), D("6.50"), meal=D("2.00")),
        Bracket(1201, None, D("7.00"), D("8.50"), meal=D("2.00")),
    ),
    sibling_discounts=(D("10"), D("20")),
    late_surcharge_percent=D("50"),
    unbooked_price=D("9.00"),
)


def resident(qf, **kwargs):
    return FamilyPricing(resident=True, qf=qf, **kwargs)


@pytest.mark.parametrize(
    ("qf", "total"),
    [
        (0, D("3.00")),
        (600, D("3.00")),
        (601, D("5.00")),
        (1200, D("5.00")),
        (1201, D("7.00")),
        (5000, D("7.00")),
        (None, D("7.00")),  # no QF: top bracket
    ],
)
def test_qf_bracket(qf, total):
    assert session_price(CANTEEN, resident(qf), DAY).total == total


def test_outside_the_town():
    outside = FamilyPricing(resident=False, qf=500)
    assert session_price(CANTEEN, outside, DAY).total == D("4.50")


def test_qf_outside_its_validity_dates_pays_the_top_bracket():
    family = resident(500, qf_start=date(2025, 1, 1), qf_end=date(2025, 3, 10))
    assert session_price(CANTEEN, family, date(2025, 3, 10)).total == D("3.00")
    assert session_price(CANTEEN, family, DAY).total == D("7.00")
    assert session_price(CANTEEN, family, date(2024, 12, 31)).total == D("7.00")


def test_meal_and_care_parts():
    price = session_price(CANTEEN, resident(700), DAY)
    assert (price.meal, price.care, price.surcharge) == (D("2.00"), D("3.00"), D(0))


def test_sibling_discount_applies_to_the_care_part():
    second = session_price(CANTEEN, resident(700), DAY, sibling_rank=2)
    # care 3.00 − 10 % = 2.70, meal unchanged
    assert (second.meal, second.care, second.discount) == (
        D("2.00"),
        D("2.70"),
        D("0.30"),
    )
    assert second.total == D("4.70")
    fourth = session_price(CANTEEN, resident(700), DAY, sibling_rank=4)
    assert fourth.care == D("2.40")  # the last rate (20 %) applies beyond
    assert session_price(CANTEEN, resident(700), DAY, sibling_rank=1).care == D("3.00")


def test_rounding_once_half_up():
    tariff = Tariff((Bracket(0, None, D("1.05"), D("1.05")),), sibling_discounts=(D(50),))
    # 1.05 × 50 % = 0.525 → 0.53 (half up; half even would give 0.52)
    assert session_price(tariff, resident(None), DAY, sibling_rank=2).care == D("0.53")


def test_late_surcharge_is_separate():
    price = session_price(CANTEEN, resident(700), DAY, late=True)
    assert price.surcharge == D("2.50")
    assert price.total == D("7.50")
    assert session_price(CANTEEN, resident(700), DAY).surcharge == D(0)


def test_presence_without_booking_has_a_fixed_price():
    price = session_price(CANTEEN, resident(100), DAY, unbooked=True)
    assert (price.meal, price.care, price.total) == (D("2.00"), D("7.00"), D("9.00"))
    no_fixed = Tariff((Bracket(0, None, D(5), D(5)),))
    with pytest.raises(RuleError, match="sans réservation"):
        session_price(no_fixed, resident(100), DAY, unbooked=True)


@pytest.mark.parametrize(
    "brackets",
    [
        (),
        (Bracket(1, None, D(1), D(1)),),  # does not start at 0
        (Bracket(0, 500, D(1), D(1)),),  # top bracket bounded
        (Bracket(0, 500, D(1), D(1)), Bracket(502, None, D(1), D(1))),  # gap
        (Bracket(0, 500, D(1), D(1)), Bracket(500, None, D(1), D(1))),  # overlap
    ],
)
def test_invalid_brackets(brackets):
    with pytest.raises(RuleError):
        Tariff(brackets)


def test_invalid_prices():
    with pytest.raises(RuleError):
        Bracket(0, None, D("-1"), D(1))
    with pytest.raises(RuleError, match="repas"):
        Bracket(0, None, D(3), D(4), meal=D(3.5))
    with pytest.raises(RuleError):
        Tariff((Bracket(0, None, D(1), D(1)),), sibling_discounts=(D(120),))


def test_sibling_ranks_eldest_first():
    ranks = sibling_ranks(
        [("victor", date(2021, 4, 2)), ("severine", date(2019, 1, 5)), ("x", None)]
    )
    assert ranks == {"severine": 1, "victor": 2, "x": 3}


# Cart summary ---------------------------------------------------------------


def item(activity, day, start, end, price, action="book", child="severine"):
    names = {"severine": "DURAND SEVERINE", "victor": "DURAND VICTOR"}
    return CartItem(
        child,
        names[child],
        activity,
        day,
        action,
        None if price is None else D(price),
        time(*start),
        time(*end),
    )


def test_the_towns_example_totals_21_50():
    items = [
        item("4) CREATIF ELE EUROPA 18H", date(2025, 3, 11), (17, 0), (18, 0), None),
        item("2) MIDI ELE EUROPA", date(2025, 3, 11), (11, 45), (13, 30), "11.50"),
        item("3) GOUTER ELE EUROPA 17H", date(2025, 3, 11), (16, 0), (17, 0), "4.00"),
        item("1) MATIN ELE EUROPA", date(2025, 3, 3), (7, 0), (8, 30), "6.00"),
    ]
    summary = cart_summary(items)
    assert summary.total == D("21.50")
    assert summary.total_label == "Total : 21,50 €"
    (child,) = summary.children
    assert child.child_name == "DURAND SEVERINE"
    (month,) = child.months
    assert month.label == "mars 25"
    assert [(x.name, x.period, x.price_label, x.type_label) for x in month.lines] == [
        ("1) MATIN ELE EUROPA", "03/03/25 : 07:00 - 08:30", "6,00 €", "+ Inscription"),
        ("2) MIDI ELE EUROPA", "11/03/25 : 11:45 - 13:30", "11,50 €", "+ Inscription"),
        (
            "3) GOUTER ELE EUROPA 17H",
            "11/03/25 : 16:00 - 17:00",
            "4,00 €",
            "+ Inscription",
        ),
        ("4) CREATIF ELE EUROPA 18H", "11/03/25 : 17:00 - 18:00", "", "+ Inscription"),
    ]


def test_cancellation_counts_negative():
    items = [
        item("2) MIDI ELE EUROPA", date(2025, 3, 11), (11, 45), (13, 30), "11.50"),
        item("1) MATIN ELE EUROPA", date(2025, 3, 3), (7, 0), (8, 30), "6.00", "cancel"),
    ]
    summary = cart_summary(items)
    line = summary.children[0].months[0].lines[0]
    assert (line.price_label, line.type_label, line.amount) == (
        "-6,00 €",
        "− Désinscription",
        D("-6.00"),
    )
    assert summary.total == D("5.50")


def test_grouped_per_child_then_month():
    items = [
        item("MIDI", date(2025, 4, 1), (11, 45), (13, 30), "11.50", child="victor"),
        item("MIDI", date(2025, 3, 31), (11, 45), (13, 30), "11.50", child="severine"),
        item("MIDI", date(2025, 3, 3), (11, 45), (13, 30), "3.00", child="victor"),
        item("MIDI", date(2025, 4, 1), (11, 45), (13, 30), "11.50", child="severine"),
    ]
    summary = cart_summary(items)
    assert [c.child_name for c in summary.children] == [
        "DURAND VICTOR",
        "DURAND SEVERINE",
    ]
    assert [[m.label for m in c.months] for c in summary.children] == [
        ["mars 25", "avril 25"],
        ["mars 25", "avril 25"],
    ]
    assert [c.total for c in summary.children] == [D("14.50"), D("23.00")]
    assert summary.total == D("37.50")


def test_empty_cart():
    summary = cart_summary([])
    assert summary.is_empty
    assert summary.total_label == "Total : 0,00 €"


# Property: amounts are exact decimals ---------------------------------------

prices = st.integers(0, 5000).map(lambda cents: Decimal(cents) / 100)


@given(
    prices,
    prices,
    st.integers(0, 100),
    st.integers(1, 5),
    st.integers(0, 100),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 3000)),
)
def test_prices_are_exact_cents(price, meal_cap, discount, rank, surcharge, late, qf):
    meal = min(meal_cap, price)
    tariff = Tariff(
        (Bracket(0, 999, price, price, meal), Bracket(1000, None, price, price, meal)),
        sibling_discounts=(D(discount),),
        late_surcharge_percent=D(surcharge),
    )
    result = session_price(tariff, resident(qf), DAY, sibling_rank=rank, late=late)
    for part in (result.meal, result.care, result.surcharge, result.total):
        assert isinstance(part, Decimal)
        assert part.as_tuple().exponent == -2
    assert result.total == result.meal + result.care + result.surcharge
    assert result.meal == meal
    # care is within half a cent of the exact discounted care part
    exact_care = (price - meal) * (1 - D(discount if rank > 1 else 0) / 100)
    assert abs(result.care - exact_care) <= D("0.005")
    assert result.discount + result.care == (price - meal).quantize(D("0.01"))


@given(st.lists(st.tuples(prices, st.booleans()), max_size=30))
def test_cart_total_is_the_exact_signed_sum(lines):
    items = [
        item(
            "MIDI",
            date(2025, 3, 1 + n % 28),
            (11, 45),
            (13, 30),
            price,
            "cancel" if cancel else "book",
        )
        for n, (price, cancel) in enumerate(lines)
    ]
    summary = cart_summary(items)
    expected = sum((-p if c else p for p, c in lines), D(0))
    assert summary.total == expected
    assert isinstance(summary.total, Decimal)
