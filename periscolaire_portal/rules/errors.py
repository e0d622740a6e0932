"""The one exception type of the rules core.

Every input the rules refuse (an end date before the start date, an unknown
weekday, an empty selection, a range spanning two school years, a tariff with a
hole in its brackets…) raises :class:`RuleError`. Its message is French and is
meant to be shown to the user as it is: Odoo code turns it into a
``UserError``/``ValidationError``, the portal prints it next to the form.
:func:`parse_enum` reads a value of one of the core's enums the same way.
"""

from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


class RuleError(ValueError):
    """An input refused by a business rule; ``message`` is French, for the user."""

    def __init__(self, message: str):
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
            f"Les vacances scolaires de l'année {school_year}-{school_year + 1} "
            f"(zone {zone}) ne sont pas connues : saisissez-les dans les jours "
            "fermés avant d'ouvrir les réservations sur cette période."
        )
        self.school_year = school_year
        self.zone = zone


def parse_enum(enum_type: type[E], value, what: str) -> E:
    """The member of ``enum_type`` for ``value`` (a member or its value);
    :class:`RuleError` naming ``what`` otherwise."""
    try:
        return enum_type(value)
    except ValueError:
        raise RuleError(f"Valeur inconnue pour « {what} » : « {value} ».") from None
