"""The one exception type of the rules core.

Every input the rules refuse (an end date before the start date, an unknown
weekday, an empty selection, a range spanning two school years, a tariff with a
hole in its brackets…) raises :class:`RuleError`. Its message is a French
:class:`~.i18n.Text`, marked for translation with its parameters: Odoo code
shows it in the user's language (``periscolaire_portal/texts.py``), in a
``UserError``/``ValidationError`` or next to the portal's form.
:func:`parse_enum` reads a value of one of the core's enums the same way.
"""

from enum import Enum
from typing import TypeVar

from .i18n import Text, _lt

E = TypeVar("E", bound=Enum)


class RuleError(ValueError):
    """An input refused by a business rule; ``message`` is French, for the user (a
    :class:`~.i18n.Text` built with ``_lt()``, so that it can be translated)."""

    def __init__(self, message: Text | str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MissingSchoolCalendar(RuleError):
    """The school holidays of a school year are known neither from the package
    ``vacances-scolaires-france`` nor from dates entered by staff.

    Raised instead of answering "no holidays", which would open bookings on
    holiday days. ``school_year`` is the year of the rentrée (2029 for
    2029-2030), ``zone`` the school zone.
    """

    def __init__(self, school_year: int, zone: str):
        super().__init__(
            _lt(
                "Les vacances scolaires de l'année %(year)s-%(next)s (zone %(zone)s) ne sont "
                "pas connues : saisissez-les dans les jours fermés avant d'ouvrir les "
                "réservations sur cette période.",
                year=school_year,
                next=school_year + 1,
                zone=zone,
            )
        )
        self.school_year = school_year
        self.zone = zone


def parse_enum(enum_type: type[E], value, what: Text | str) -> E:
    """The member of ``enum_type`` for ``value`` (a member or its value);
    :class:`RuleError` naming ``what`` otherwise."""
    try:
        return enum_type(value)
    except ValueError:
        raise RuleError(
            _lt("Valeur inconnue pour « %(what)s » : « %(value)s ».", what=what, value=value)
        ) from None
