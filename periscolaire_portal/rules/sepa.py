"""SEPA direct debit: the debtor's IBAN, the collection date and the pre-notification.

- An IBAN is accepted when its country is in the SEPA zone, its length is that country's and its
  check digits are right (ISO 13616, modulo 97). Spaces, dashes and lower case are accepted.
- The collection date ("date d'échéance") is a TARGET2 business day: the banks debit neither on
  weekends nor on 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December.
- The creditor tells the debtor the amount and the date at least ``notice_days`` calendar days
  before the collection (the SEPA rulebook's 14 days unless the mandate agrees otherwise).
"""

import re
from datetime import date, timedelta

import holidays

from .errors import RuleError
from .i18n import _lt

# IBAN length of each country of the SEPA zone (EU, EEA, and the other members of the scheme).
IBAN_LENGTHS = {
    "AD": 24,
    "AT": 20,
    "BE": 16,
    "BG": 22,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GI": 23,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IS": 26,
    "IT": 27,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MT": 31,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "RO": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "VA": 22,
}
DEFAULT_NOTICE_DAYS = 14
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")


def full_date(day: date) -> str:
    """``"10/03/2026"`` (JJ/MM/AAAA), as banks and the pre-notification write it."""
    return day.strftime("%d/%m/%Y")


def normalize_iban(text: str | None) -> str:
    return re.sub(r"[\s\-.]", "", text or "").upper()


def check_iban(text: str | None) -> str:
    """The IBAN without spaces, in capitals; a French RuleError when it cannot be debited."""
    iban = normalize_iban(text)
    if not iban:
        raise RuleError(_lt("Saisissez l'IBAN du compte à débiter (il figure sur votre RIB)."))
    if not _IBAN_SHAPE.match(iban):
        raise RuleError(
            _lt(
                "Cet IBAN n'a pas la forme d'un IBAN : deux lettres (le pays), deux chiffres, "
                "puis le numéro du compte, par exemple FR76 suivi de 23 caractères pour un "
                "compte en France."
            )
        )
    country = iban[:2]
    if country not in IBAN_LENGTHS:
        raise RuleError(
            _lt(
                "Le prélèvement SEPA n'est possible que sur un compte de la zone SEPA : un "
                "compte « %(country)s » ne peut pas être prélevé.",
                country=country,
            )
        )
    if len(iban) != IBAN_LENGTHS[country]:
        raise RuleError(
            _lt(
                "Un IBAN « %(country)s » compte %(expected)s caractères ; celui saisi en compte "
                "%(actual)s : vérifiez-le sur votre RIB.",
                country=country,
                expected=IBAN_LENGTHS[country],
                actual=len(iban),
            )
        )
    if _mod97(iban) != 1:
        raise RuleError(
            _lt(
                "Cet IBAN est erroné (sa clé de contrôle ne correspond pas) : "
                "vérifiez-le sur votre RIB."
            )
        )
    return iban


def _mod97(iban: str) -> int:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97


def format_iban(iban: str) -> str:
    """``FR7630006000011234567890189`` gives ``FR76 3000 6000 0112 3456 7890 189``."""
    iban = normalize_iban(iban)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def masked_iban(iban: str) -> str:
    """The country, check digits and last four characters only: ``FR76 **** … 0189``."""
    iban = normalize_iban(iban)
    return f"{iban[:4]} **** … {iban[-4:]}" if len(iban) > 8 else iban


def is_target_day(day: date) -> bool:
    """Whether the banks of the euro zone settle on ``day`` (TARGET2 calendar)."""
    return day.weekday() < 5 and day not in holidays.financial_holidays("ECB", years=day.year)


def next_target_day(day: date) -> date:
    while not is_target_day(day):
        day += timedelta(days=1)
    return day


def earliest_collection(today: date, notice_days: int = DEFAULT_NOTICE_DAYS) -> date:
    """The first day a debit notified today may be collected."""
    return next_target_day(today + timedelta(days=notice_days))


def collection_date(today: date, day_of_month: int, notice_days: int = DEFAULT_NOTICE_DAYS) -> date:
    """The town's collection day of the month (or the next business day) that leaves at least
    ``notice_days`` days of notice from ``today``."""
    if not 1 <= day_of_month <= 28:
        raise RuleError(_lt("Le jour de prélèvement du mois est compris entre 1 et 28."))
    earliest = today + timedelta(days=notice_days)
    candidate = earliest.replace(day=day_of_month)
    while next_target_day(candidate) < earliest:
        month = candidate.month % 12 + 1
        candidate = candidate.replace(year=candidate.year + (month == 1), month=month)
    return next_target_day(candidate)


def check_collection_date(
    today: date, collection: date, notice_days: int = DEFAULT_NOTICE_DAYS
) -> None:
    """A RuleError when ``collection`` leaves the families too little notice or is no bank day."""
    earliest = earliest_collection(today, notice_days)
    if collection < earliest:
        raise RuleError(
            _lt(
                "Les familles doivent être prévenues %(days)s jours avant le prélèvement : "
                "choisissez le %(earliest)s ou une date plus tardive.",
                days=notice_days,
                earliest=full_date(earliest),
            )
        )
    if not is_target_day(collection):
        raise RuleError(
            _lt(
                "Les banques ne prélèvent pas le %(day)s (week-end ou jour férié bancaire) : "
                "choisissez le %(next)s.",
                day=full_date(collection),
                next=full_date(next_target_day(collection)),
            )
        )
