"""The quotient familial (QF) fetched from the CAF or the MSA (API Particulier).

API Particulier, endpoint "quotient familial CAF & MSA" v3 by identity, finds
the allocataire from the civil-status identity (birth name, first names, sex,
birth date and birth place) and answers the QF of a month with its provider
(``CNAF`` or ``MSA``), the month it applies to and the month it was computed.

Rules of the town:

- the family must have consented ("J'autorise la mairie à consulter mon
  quotient familial") and the allocataire's identity must be complete enough
  for the API: birth name, at least one first name (at most three are sent),
  sex, and a birth place: a birth country other than France (COG code
  ``99xxx``), or for France the COG code of the birth town, or its name with
  the department and the birth year;
- a fetched QF is valid from the first day of the month it applies to, for a
  number of months (12 by default, the paper attestation's validity): the
  family then needs no paper attestation;
- a QF is fetched again once a year (a scheduled action refreshes the QFs
  checked more than 11 months ago, so that the new one arrives before the old
  one expires).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from .documents import add_months
from .errors import RuleError
from .i18n import _lt, join

FRANCE_COG = "99100"
MAX_FIRST_NAMES = 3
VALIDITY_MONTHS = 12
REFRESH_AFTER_MONTHS = 11
PROVIDER_SOURCES = {"CNAF": "caf", "CAF": "caf", "MSA": "msa"}


@dataclass(frozen=True, slots=True)
class Identity:
    """The allocataire as the API needs it."""

    birth_name: str = ""
    first_names: str = ""
    sex: str = ""  # "M" or "F", as on the civil-status records
    birth_date: date | None = None
    birth_country_code: str = FRANCE_COG
    birth_town_code: str = ""
    birth_town_name: str = ""
    birth_department: str = ""

    @property
    def first_name_list(self) -> list[str]:
        return [name for name in self.first_names.replace(",", " ").split() if name][
            :MAX_FIRST_NAMES
        ]

    @property
    def born_in_france(self) -> bool:
        return (self.birth_country_code or FRANCE_COG) == FRANCE_COG


def identity_problems(identity: Identity) -> list[str]:
    """What is missing for the API to find the allocataire (French, empty
    when the identity is complete)."""
    problems = []
    if not identity.birth_name.strip():
        problems.append(_lt("le nom de naissance"))
    if not identity.first_name_list:
        problems.append(_lt("au moins un prénom"))
    if identity.sex not in ("M", "F"):
        problems.append(_lt("le sexe (état civil)"))
    country = identity.birth_country_code or FRANCE_COG
    if not (len(country) == 5 and country.isdigit() and country.startswith("99")):
        problems.append(_lt("le code du pays de naissance (5 chiffres, 99100 pour la France)"))
    elif identity.born_in_france:
        town_code = identity.birth_town_code.strip()
        by_name = identity.birth_town_name.strip() and identity.birth_department.strip()
        if town_code and not (len(town_code) == 5 and town_code.isalnum()):
            problems.append(_lt("le code INSEE de la commune de naissance (5 caractères)"))
        elif not town_code and not (by_name and identity.birth_date):
            problems.append(
                _lt(
                    "la commune de naissance (code INSEE, ou nom, département et date de naissance)"
                )
            )
    return problems


def is_siret(text: str) -> bool:
    """14 digits (the ``recipient`` of API Particulier, the town's SIRET)."""
    return bool(text) and len(text) == 14 and text.isdigit()


def query_parameters(identity: Identity, recipient: str) -> list[tuple[str, str]]:
    """Query string of the API call (``prenoms[]`` repeated), in the API's
    names; :class:`RuleError` when the identity is incomplete."""
    problems = identity_problems(identity)
    if problems:
        raise RuleError(
            _lt(
                "Identité de l'allocataire incomplète : %s.",
                join(", ", problems),
            )
        )
    if not is_siret(recipient):
        raise RuleError(_lt("Le SIRET de la mairie (14 chiffres) est nécessaire pour l'API."))
    params = [("recipient", recipient), ("nomNaissance", identity.birth_name.strip().upper())]
    params += [("prenoms[]", name.upper()) for name in identity.first_name_list]
    params.append(("sexeEtatCivil", identity.sex))
    if identity.birth_date:
        params += [
            ("anneeDateNaissance", str(identity.birth_date.year)),
            ("moisDateNaissance", str(identity.birth_date.month)),
            ("jourDateNaissance", str(identity.birth_date.day)),
        ]
    params.append(("codeCogInseePaysNaissance", identity.birth_country_code or FRANCE_COG))
    if identity.born_in_france:
        if identity.birth_town_code.strip():
            params.append(("codeCogInseeCommuneNaissance", identity.birth_town_code.strip()))
        else:
            params += [
                ("nomCommuneNaissance", identity.birth_town_name.strip()),
                ("codeCogInseeDepartementNaissance", identity.birth_department.strip()),
            ]
    return params


@dataclass(frozen=True, slots=True)
class FetchedQf:
    """A QF as answered by the API."""

    value: int
    source: str  # "caf" or "msa"
    month: date  # first day of the month the QF applies to
    computed_month: date | None = None


def parse_quotient_familial(payload: dict) -> FetchedQf:
    """The QF of an answer of the v3 endpoint (``data.quotient_familial``);
    :class:`RuleError` when it is not there or not readable."""
    try:
        qf = payload["data"]["quotient_familial"]
        value = int(qf["valeur"])
        month = date(int(qf["annee"]), int(qf["mois"]), 1)
        provider = str(qf["fournisseur"]).upper()
    except (KeyError, TypeError, ValueError):
        raise RuleError(
            _lt("Réponse de l'API Particulier illisible : quotient familial absent.")
        ) from None
    if value < 0:
        raise RuleError(_lt("Réponse de l'API Particulier illisible : quotient familial négatif."))
    computed = None
    if qf.get("annee_calcul") and qf.get("mois_calcul"):
        try:
            computed = date(int(qf["annee_calcul"]), int(qf["mois_calcul"]), 1)
        except (TypeError, ValueError):
            computed = None
    return FetchedQf(value, PROVIDER_SOURCES.get(provider, "other"), month, computed)


def validity(qf_month: date, months: int = VALIDITY_MONTHS) -> tuple[date, date]:
    """First and last day on which a QF of ``qf_month`` counts."""
    if months < 1:
        raise RuleError(_lt("La durée de validité du QF doit être d'au moins un mois."))
    start = qf_month.replace(day=1)
    return start, add_months(start, months) - timedelta(days=1)


def refresh_due_before(today: date, months: int = REFRESH_AFTER_MONTHS) -> date:
    """QFs checked on or before this day are to be fetched again."""
    return add_months(today, -months)
