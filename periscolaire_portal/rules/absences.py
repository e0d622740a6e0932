"""Absences a family declares on the portal: an illness, with a medical certificate.

A family may declare the days of a confirmed booking not yet marked present, from
:data:`DAYS_BACK` days ago (the certificate is handed in within 72 hours) to
:data:`DAYS_AHEAD` days ahead (a planned operation, a stay in hospital). The day is then
"absent justified" and not invoiced.
"""

from datetime import date, timedelta

#: Days back for which an illness can still be declared (the certificate within 72 hours).
DAYS_BACK = 3
#: Days ahead for which an absence can already be declared.
DAYS_AHEAD = 30
#: Attendance of the bookings a family may declare absent (Odoo: ``attendance``).
DECLARABLE_ATTENDANCES = ("unknown", "absent_unjustified")


def declarable_days(today: date) -> tuple[date, date]:
    """First and last day of the bookings a family may declare absent on ``today``."""
    return today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)
