"""Money as :class:`~decimal.Decimal`, rounded once, half up, to the cent.

French public accounting works in euros and cents and rounds half up
("arrondi commercial"). Amounts stay exact ``Decimal`` values from the tariff to
the invoice; an amount is rounded once, when it becomes a price, an invoice
amount or an attestation figure, never in between. Floats (Odoo's monetary
fields) are converted through their shortest ``repr`` so that ``11.5`` becomes
``Decimal("11.5")`` and not ``11.4999…``.

French formatting: ``format_eur(Decimal("1234.5")) == "1 234,50 €"`` (decimal
comma, space as thousands separator and before the euro sign).
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from .errors import RuleError
from .i18n import _lt

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

Amount = Decimal | int | str | float


def to_decimal(value: Amount) -> Decimal:
    """Exact ``Decimal`` of ``value`` (Decimal, int, float or a string with
    ``.`` or ``,`` as decimal separator); not rounded."""
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or value is None:
        raise _invalid(value)
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        text = text.removesuffix("€")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise _invalid(value) from None
    else:
        raise _invalid(value)
    if not result.is_finite():
        raise _invalid(value)
    return result


def _invalid(value) -> RuleError:
    return RuleError(_lt("Montant invalide : « %s ».", value))


def round_cents(value: Amount) -> Decimal:
    """``value`` rounded half up to the cent (``Decimal`` with two places)."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Amount, percent: Amount) -> Decimal:
    """``percent`` % of ``amount``, exact (not rounded)."""
    return to_decimal(amount) * to_decimal(percent) / Decimal(100)


def format_eur(amount: Amount) -> str:
    """French display of an amount in euros: ``"11,50 €"``, ``"-6,00 €"``,
    ``"1 234,50 €"``. The amount is rounded to the cent first."""
    value = round_cents(amount)
    sign = "-" if value < 0 else ""
    units, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(units) > 3:
        groups.insert(0, units[-3:])
        units = units[:-3]
    groups.insert(0, units)
    return f"{sign}{' '.join(groups)},{cents} €"


def allocate(total: Amount, weights: Sequence[Amount]) -> list[Decimal]:
    """Split ``total`` (rounded to the cent) in proportion to ``weights``.

    The shares are in cents and add up exactly to ``total``: each share is
    rounded down, then the cents left go one by one to the largest remainders
    (the first such weight on a tie). Weights must be >= 0 with a positive sum.
    """
    cents = int(round_cents(total) / CENT)
    exact = [Fraction(to_decimal(weight)) for weight in weights]
    if any(weight < 0 for weight in exact) or sum(exact) <= 0:
        raise RuleError(
            _lt("Impossible de répartir un montant sur des lignes dont le total est nul.")
        )
    sign = -1 if cents < 0 else 1
    cents = abs(cents)
    weight_sum = sum(exact)
    ideal = [cents * weight / weight_sum for weight in exact]
    shares = [int(value) for value in ideal]  # floor, values are >= 0
    left = cents - sum(shares)
    order = sorted(range(len(ideal)), key=lambda i: (-(ideal[i] - shares[i]), i))
    for index in order[:left]:
        shares[index] += 1
    return [Decimal(sign * share) * CENT for share in shares]


def round_fraction(value: Fraction | int) -> Decimal:
    """An exact rational amount rounded half up (away from zero on a tie, as
    ``ROUND_HALF_UP``) to the cent, without any intermediate rounding."""
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    cents = int(abs(value) * 100 + Fraction(1, 2))  # floor of a positive number
    return Decimal(sign * cents) * CENT
