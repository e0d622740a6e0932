# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Private iCal feed of a family's validated bookings.

The address holds a random token of the family (``ical_token``); whoever has
the address reads the feed, so the parent can renew it from "Mon calendrier",
which revokes the previous one. Unknown tokens answer 404.
"""

from datetime import datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..rules import dates as rules_dates
from ..rules.inputs import parse_token

TOWN_TIMEZONE = ZoneInfo("Europe/Paris")
#: How far back the feed goes; calendar apps keep what they already have.
HISTORY_DAYS = 90


def ical_escape(text):
    """Text value escaped as RFC 5545 wants (backslash, semicolon, comma, newline)."""
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def ical_fold(line):
    """Lines longer than 75 octets folded with CRLF + space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def utc_stamp(day, hours):
    """``20250311T104500Z``: a local day and float hour in UTC."""
    hours = min(max(hours or 0.0, 0.0), 23 + 59 / 60)  # 24:00 is no time of day
    moment = datetime.combine(day, rules_dates.time_from_hours(hours), tzinfo=TOWN_TIMEZONE)
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


class PeriscolaireIcal(http.Controller):
    @http.route(
        "/periscolaire/ical/<string:token>.ics",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def periscolaire_ical(self, token, **kw):
        token = parse_token(token, min_length=20, max_length=100)
        if not token:
            raise NotFound()
        family, reservations = request.env["periscolaire.family"]._ical_feed(token, HISTORY_DAYS)
        if not family:
            raise NotFound()
        body = self._ical_body(family, reservations)
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", 'inline; filename="periscolaire.ics"'),
                ("Cache-Control", "private, max-age=900"),
            ],
        )

    def _ical_body(self, family, reservations):
        # Stable UIDs whatever address the feed is read from.
        host = urlparse(family.get_base_url()).hostname or "portail-familles"
        stamp = datetime.now(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Portail Familles//Périscolaire//FR",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{ical_escape(request.env._('Périscolaire — %s', family.name))}",
            "X-WR-TIMEZONE:Europe/Paris",
        ]
        for reservation in reservations:
            activity = reservation.activity_id
            summary = f"{activity.display_name} — {reservation.child_id.name}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:periscolaire-reservation-{reservation.id}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{utc_stamp(reservation.date, activity.hour_start)}",
                f"DTEND:{utc_stamp(reservation.date, activity.hour_end)}",
                f"SUMMARY:{ical_escape(summary)}",
                f"LOCATION:{ical_escape(activity.site_id.name)}",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        return "\r\n".join(ical_fold(line) for line in lines) + "\r\n"
