"""Public holidays (jours fériés) of France, with the local ones of a
subdivision.

Source: the ``holidays`` package (``country_holidays("FR", subdiv=…)``),
computed offline for any year. Moselle ("57"), like Bas-Rhin ("67") and
Haut-Rhin ("68"), has two more public holidays than the rest of France: Good
Friday and 26 December (Code du travail, art. L3134-13). The subdivision is a
setting of the town (default "57", Hettange-Grande); ``None`` gives the
national list.

Lookups are cached per (year, subdivision): the first call for a year costs a
few milliseconds, the following ones a dictionary lookup.
"""

from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType

import holidays

from .errors import RuleError
from .i18n import _lt

DEFAULT_SUBDIV = "57"


@cache
def public_holidays(year: int, subdiv: str | None = DEFAULT_SUBDIV) -> Mapping[date, str]:
    """Read-only mapping day → French name of the public holidays of ``year``."""
    try:
        computed = holidays.country_holidays("FR", subdiv=subdiv or None, years=year, language="fr")
    except NotImplementedError:
        raise RuleError(
            _lt("Subdivision inconnue pour les jours fériés : « %s ».", subdiv)
        ) from None
    return MappingProxyType(dict(sorted(computed.items())))


def public_holiday_name(day: date, subdiv: str | None = DEFAULT_SUBDIV) -> str | None:
    """French name of the public holiday on ``day``, ``None`` on other days."""
    return public_holidays(day.year, subdiv).get(day)


def is_public_holiday(day: date, subdiv: str | None = DEFAULT_SUBDIV) -> bool:
    """Whether ``day`` is a public holiday in the subdivision."""
    return day in public_holidays(day.year, subdiv)
