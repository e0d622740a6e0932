"""Amounts of the childcare tax-credit attestation (CGI art. 200 quater B,
BOFiP BOI-IR-RICI-300).

For a family and a calendar year Y, per child under 6 on 1 January of Y (born
on or after 1 January of Y−6: for costs paid in 2025, children born from
1 January 2019): the amounts **paid** during Y for care, meals ("frais de
nourriture") and penalties excluded, net of aids.

- What counts is the payment date, not the invoice's or the session's.
- A payment settling several invoice lines (several children, several
  services, several invoices) is allocated to them in proportion to the lines'
  amounts; a partial payment likewise. The care part of a line's share is in
  the proportion of the line's care part (its amount minus meal and penalty).
- Aids are payments recorded as such (``is_aid``: CAF, employer's CESU…): they
  settle lines but are not paid by the family, so they are not counted.
- Children over the age limit, family-level lines, meals and penalties appear
  nowhere in the amounts. The 3,500 € ceiling per child is applied by the tax
  return, not here; for a child in alternating residence (two households) it
  is halved for each parent, which the attestation says
  (:func:`ceiling_per_child`).
- A child of two households is on the attestation of each: each household's
  shows what that household paid (its own invoices and payments).

Computation is exact (fractions) and each child's amount is rounded once, half
up, to the cent. Children whose amount is zero are left out (no attestation
line).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .errors import RuleError
from .i18n import _lt
from .money import ZERO, allocate, round_fraction, to_decimal

AGE_LIMIT = 6
#: Ceiling of eligible costs per child and year (information; not applied).
CEILING_PER_CHILD = Decimal("3500.00")


def ceiling_per_child(alternating_residence: bool = False) -> Decimal:
    """The ceiling of eligible costs per child, year and parent: halved for a
    child in alternating residence (each parent declares what they paid, CGI
    art. 200 quater B; BOI-IR-RICI-300)."""
    return CEILING_PER_CHILD / 2 if alternating_residence else CEILING_PER_CHILD


def is_eligible_child(birth_date: date | None, year: int) -> bool:
    """Under 6 on 1 January of ``year``: born on or after 1 January of
    ``year - 6``."""
    return birth_date is not None and birth_date >= date(year - AGE_LIMIT, 1, 1)


@dataclass(frozen=True, slots=True)
class ChildInfo:
    id: Hashable
    name: str
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """An invoice line: ``amount`` includes its ``meal`` and ``penalty``
    parts (a credit-note line has negative amounts). ``child_id`` is ``None``
    for a family-level line."""

    id: Hashable
    child_id: Hashable | None
    amount: Decimal
    meal: Decimal = ZERO
    penalty: Decimal = ZERO

    def __post_init__(self):
        for name in ("amount", "meal", "penalty"):
            object.__setattr__(self, name, to_decimal(getattr(self, name)))
        sign = -1 if self.amount < 0 else 1
        meal, penalty, amount = sign * self.meal, sign * self.penalty, abs(self.amount)
        if meal < 0 or penalty < 0 or meal + penalty > amount:
            raise RuleError(
                _lt(
                    "Ligne %s : les parts repas et pénalité doivent être comprises dans le "
                    "montant de la ligne.",
                    self.id,
                )
            )

    @property
    def care(self) -> Decimal:
        """The part eligible to the tax credit."""
        return self.amount - self.meal - self.penalty


@dataclass(frozen=True, slots=True)
class Payment:
    """Money received on ``day`` settling the lines ``line_ids`` (a partial
    payment settles them in part)."""

    day: date
    amount: Decimal
    line_ids: tuple
    is_aid: bool = False
    id: Hashable = None

    def __post_init__(self):
        object.__setattr__(self, "amount", to_decimal(self.amount))
        object.__setattr__(self, "line_ids", tuple(self.line_ids))


@dataclass(frozen=True, slots=True)
class ChildAmount:
    child: ChildInfo
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AttestationAmounts:
    year: int
    children: tuple[ChildAmount, ...] = field(default=())
    total: Decimal = ZERO

    @property
    def is_empty(self) -> bool:
        """No amount: no attestation for this family and year."""
        return not self.children


def _payment_lines(
    payment: Payment, lines_by_id: Mapping[Hashable, InvoiceLine]
) -> list[InvoiceLine]:
    try:
        lines = [lines_by_id[line_id] for line_id in payment.line_ids]
    except KeyError as missing:
        raise RuleError(
            _lt(
                "Le paiement %(payment)s règle une ligne inconnue : %(line)s.",
                payment=payment.id or "",
                line=missing,
            )
        ) from None
    if sum((line.amount for line in lines), ZERO) == 0:
        raise RuleError(
            _lt("Le paiement %s règle des lignes dont le total est nul.", payment.id or "")
        )
    return lines


def allocate_payment(payment: Payment, lines: Iterable[InvoiceLine]) -> dict[Hashable, Decimal]:
    """The payment split over its lines in proportion to their amounts, in
    cents adding up exactly to the payment (for display and exports; the
    attestation itself does not round per line)."""
    lines_by_id = {line.id: line for line in lines}
    settled = _payment_lines(payment, lines_by_id)
    if any(line.amount < 0 for line in settled):
        total = sum((line.amount for line in settled), ZERO)
        return {
            line.id: round_fraction(
                Fraction(payment.amount) * Fraction(line.amount) / Fraction(total)
            )
            for line in settled
        }
    shares = allocate(payment.amount, [line.amount for line in settled])
    return {line.id: share for line, share in zip(settled, shares, strict=True)}


def attestation_amounts(
    year: int,
    children: Sequence[ChildInfo],
    lines: Iterable[InvoiceLine],
    payments: Iterable[Payment],
) -> AttestationAmounts:
    """Per eligible child, the care amounts paid by the family during ``year``
    (see the module's docstring)."""
    eligible = {child.id: child for child in children if is_eligible_child(child.birth_date, year)}
    lines_by_id = {line.id: line for line in lines}
    exact: dict[Hashable, Fraction] = {child_id: Fraction(0) for child_id in eligible}
    for payment in payments:
        if payment.is_aid or payment.day.year != year:
            continue
        settled = _payment_lines(payment, lines_by_id)
        settled_total = Fraction(sum((line.amount for line in settled), ZERO))
        paid = Fraction(payment.amount)
        for line in settled:
            if line.child_id in exact:
                exact[line.child_id] += paid * Fraction(line.care) / settled_total
    amounts = []
    for child in eligible.values():
        amount = round_fraction(exact[child.id])
        if amount:
            amounts.append(ChildAmount(child, amount))
    return AttestationAmounts(year, tuple(amounts), sum((item.amount for item in amounts), ZERO))
