"""Prices of sessions and the cart summary.

Tariff of an activity (a town's "tarification modulée", see french-rules):

- brackets of quotient familial (QF, from the CAF): ``qf_min`` and ``qf_max``
  both included, contiguous integers from 0, the last one open
  (``qf_max=None``); each has a price per session for residents of the town and
  one for families from outside, and the meal part included in those prices
  (canteen: the rest is the care part);
- a family with no QF valid on the day pays the top bracket (the last one);
- optional sibling discount by rank (percentages for the 2nd, 3rd… child, the
  last value applying beyond), on the care part only: meals are food costs;
- optional surcharge, in percent of the session price, on exceptional late
  bookings; it is a penalty (excluded from the tax attestation);
- optional fixed price for a child present without booking, instead of the
  session price (its meal part is the bracket's, capped to it).

Each part (meal, care, surcharge) is computed exactly and rounded once, half
up, to the cent; the total is their sum.

Cart summary (the guide's "Résumé"): lines per child, then per month
("mars 25"), each with the activity, the period ``"11/03/25 : 11:45 - 13:30"``,
the price (blank when the activity has no charge), the type ``"+ Inscription"``
or ``"− Désinscription"`` (a cancellation counts negative), and the total:
MATIN 6,00 € + MIDI 11,50 € + GOÛTER 4,00 € + CRÉATIF (no charge) = 21,50 €.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from itertools import pairwise

from .dates import hour_label, month_label, short_date
from .errors import RuleError
from .i18n import _lt
from .money import ZERO, format_eur, percent_of, round_cents, to_decimal
from .recurrence import ACTION_LABELS, Action


@dataclass(frozen=True, slots=True)
class Bracket:
    """A QF bracket: ``qf_min`` … ``qf_max`` included (``None``: no limit)."""

    qf_min: int
    qf_max: int | None
    resident: Decimal
    outside: Decimal
    meal: Decimal = ZERO

    def __post_init__(self):
        for name in ("resident", "outside", "meal"):
            value = to_decimal(getattr(self, name))
            if value < 0:
                raise RuleError(_lt("Un tarif ne peut pas être négatif."))
            object.__setattr__(self, name, value)
        if self.meal > min(self.resident, self.outside):
            raise RuleError(_lt("La part repas ne peut dépasser le prix de la séance."))
        if self.qf_max is not None and self.qf_max < self.qf_min:
            raise RuleError(
                _lt(
                    "Tranche de QF invalide : de %(min)s à %(max)s.",
                    min=self.qf_min,
                    max=self.qf_max,
                )
            )

    def contains(self, qf: int) -> bool:
        return self.qf_min <= qf and (self.qf_max is None or qf <= self.qf_max)


@dataclass(frozen=True, slots=True)
class Tariff:
    brackets: tuple[Bracket, ...]
    sibling_discounts: tuple[Decimal, ...] = ()
    late_surcharge_percent: Decimal = ZERO
    unbooked_price: Decimal | None = None

    def __post_init__(self):
        brackets = tuple(sorted(self.brackets, key=lambda bracket: bracket.qf_min))
        if not brackets:
            raise RuleError(_lt("Un tarif doit avoir au moins une tranche."))
        if brackets[0].qf_min != 0:
            raise RuleError(_lt("La première tranche de QF doit commencer à 0."))
        for lower, upper in pairwise(brackets):
            if lower.qf_max is None or upper.qf_min != lower.qf_max + 1:
                raise RuleError(
                    _lt(
                        "Les tranches de QF doivent se suivre sans trou ni chevauchement "
                        "(après %(max)s, la suivante commence à %(min)s).",
                        max=lower.qf_max,
                        min=upper.qf_min,
                    )
                )
        if brackets[-1].qf_max is not None:
            raise RuleError(_lt("La dernière tranche de QF doit être sans plafond."))
        object.__setattr__(self, "brackets", brackets)
        discounts = tuple(to_decimal(value) for value in self.sibling_discounts)
        if any(not 0 <= value <= 100 for value in discounts):
            raise RuleError(_lt("Une réduction doit être comprise entre 0 et 100 %."))
        object.__setattr__(self, "sibling_discounts", discounts)
        surcharge = to_decimal(self.late_surcharge_percent)
        if surcharge < 0:
            raise RuleError(_lt("La majoration ne peut pas être négative."))
        object.__setattr__(self, "late_surcharge_percent", surcharge)
        if self.unbooked_price is not None:
            object.__setattr__(self, "unbooked_price", to_decimal(self.unbooked_price))

    def bracket_for(self, qf: int | None) -> Bracket:
        """The bracket of ``qf``; the top one without QF."""
        if qf is None:
            return self.brackets[-1]
        for bracket in self.brackets:
            if bracket.contains(qf):
                return bracket
        raise RuleError(_lt("Quotient familial invalide : %s.", qf))

    def sibling_discount(self, rank: int) -> Decimal:
        """Discount in percent for the child of ``rank`` (1 = no discount)."""
        if rank <= 1 or not self.sibling_discounts:
            return ZERO
        return self.sibling_discounts[min(rank - 2, len(self.sibling_discounts) - 1)]


@dataclass(frozen=True, slots=True)
class FamilyPricing:
    """What the price depends on in a family: residence and QF with its
    validity (``None`` bounds: open)."""

    resident: bool = True
    qf: int | None = None
    qf_start: date | None = None
    qf_end: date | None = None

    def qf_on(self, day: date) -> int | None:
        """The QF valid on ``day``, ``None`` if none."""
        if self.qf is None or self.qf < 0:
            return None
        if self.qf_start and day < self.qf_start:
            return None
        if self.qf_end and day > self.qf_end:
            return None
        return self.qf


@dataclass(frozen=True, slots=True)
class SessionPrice:
    """A session's price in parts, each rounded to the cent."""

    meal: Decimal
    care: Decimal
    surcharge: Decimal = ZERO
    discount: Decimal = ZERO  # already deducted from ``care``, for display
    bracket: Bracket | None = None

    @property
    def total(self) -> Decimal:
        return self.meal + self.care + self.surcharge


def session_price(
    tariff: Tariff,
    family: FamilyPricing,
    day: date,
    *,
    sibling_rank: int = 1,
    late: bool = False,
    unbooked: bool = False,
) -> SessionPrice:
    """Price of one session of a child on ``day`` (see the module's
    docstring). ``unbooked``: present without booking (fixed price);
    ``late``: exceptional late booking (surcharge)."""
    bracket = tariff.bracket_for(family.qf_on(day))
    base = bracket.resident if family.resident else bracket.outside
    if unbooked:
        if tariff.unbooked_price is None:
            raise RuleError(_lt("Aucun tarif n'est prévu pour une présence sans réservation."))
        meal = min(bracket.meal, tariff.unbooked_price)
        return SessionPrice(
            round_cents(meal),
            round_cents(tariff.unbooked_price - meal),
            bracket=bracket,
        )
    care_base = base - bracket.meal
    care = care_base - percent_of(care_base, tariff.sibling_discount(sibling_rank))
    surcharge = percent_of(bracket.meal + care, tariff.late_surcharge_percent) if late else ZERO
    care_rounded = round_cents(care)
    return SessionPrice(
        meal=round_cents(bracket.meal),
        care=care_rounded,
        surcharge=round_cents(surcharge),
        discount=round_cents(care_base) - care_rounded,
        bracket=bracket,
    )


def sibling_ranks(children: Iterable[tuple[Hashable, date | None]]) -> dict:
    """Rank of each ``(child_id, birth_date)``: the eldest is 1; unknown birth
    dates come last; ties by id order of the input."""
    ordered = sorted(
        enumerate(children),
        key=lambda item: (item[1][1] is None, item[1][1] or date.max, item[0]),
    )
    return {child_id: rank for rank, (_, (child_id, _)) in enumerate(ordered, 1)}


# Cart summary ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CartItem:
    """A cart line: ``price`` is the session price (positive) or ``None`` when
    the activity has no charge; ``ref`` is the caller's reference (a request
    line id)."""

    child_id: Hashable
    child_name: str
    activity_name: str
    day: date
    action: Action
    price: Decimal | None = None
    hour_start: time | None = None
    hour_end: time | None = None
    late: bool = False
    ref: Hashable = None

    def __post_init__(self):
        object.__setattr__(self, "action", Action(self.action))
        if self.price is not None:
            object.__setattr__(self, "price", round_cents(self.price))


@dataclass(frozen=True, slots=True)
class SummaryLine:
    item: CartItem
    name: str
    period: str  # "11/03/25 : 11:45 - 13:30"
    amount: Decimal  # signed, 0 when no charge
    price_label: str  # "6,00 €", "-6,00 €" or "" (no charge)
    type_label: str  # "+ Inscription" / "− Désinscription"


@dataclass(frozen=True, slots=True)
class MonthGroup:
    year: int
    month: int
    label: str  # "mars 25"
    lines: tuple[SummaryLine, ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class ChildGroup:
    child_id: Hashable
    child_name: str
    months: tuple[MonthGroup, ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class CartSummary:
    children: tuple[ChildGroup, ...] = field(default=())
    total: Decimal = ZERO

    @property
    def total_label(self) -> str:
        """``"Total : 21,50 €"``."""
        return _lt("Total : %s", format_eur(self.total))

    @property
    def is_empty(self) -> bool:
        return not self.children


def period_label(day: date, hour_start: time | None, hour_end: time | None) -> str:
    """``"11/03/25 : 11:45 - 13:30"`` (just the date without hours)."""
    if hour_start and hour_end:
        return f"{short_date(day)} : {hour_label(hour_start)} - {hour_label(hour_end)}"
    return short_date(day)


def summary_line(item: CartItem) -> SummaryLine:
    price = item.price or ZERO
    amount = -price if item.action == Action.CANCEL else price
    return SummaryLine(
        item=item,
        name=item.activity_name,
        period=period_label(item.day, item.hour_start, item.hour_end),
        amount=amount,
        price_label=format_eur(amount) if price else "",
        type_label=ACTION_LABELS[item.action],
    )


def cart_summary(items: Sequence[CartItem]) -> CartSummary:
    """The cart grouped per child (in order of first appearance), then per
    month (chronological); lines by day, start hour, then activity name."""
    by_child: dict[Hashable, list[CartItem]] = {}
    for item in items:
        by_child.setdefault(item.child_id, []).append(item)
    groups = []
    for child_id, child_items in by_child.items():
        by_month: dict[tuple[int, int], list[CartItem]] = {}
        for item in sorted(
            child_items,
            key=lambda i: (i.day, i.hour_start or time.min, i.activity_name),
        ):
            by_month.setdefault((item.day.year, item.day.month), []).append(item)
        months = []
        for (year, month), month_items in sorted(by_month.items()):
            lines = tuple(summary_line(item) for item in month_items)
            months.append(
                MonthGroup(
                    year,
                    month,
                    month_label(year, month, short_year=True),
                    lines,
                    sum((line.amount for line in lines), ZERO),
                )
            )
        groups.append(
            ChildGroup(
                child_id,
                child_items[0].child_name,
                tuple(months),
                sum((month.total for month in months), ZERO),
            )
        )
    return CartSummary(tuple(groups), sum((group.total for group in groups), ZERO))
