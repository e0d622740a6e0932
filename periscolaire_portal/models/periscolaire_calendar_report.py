# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import api, fields, models


def month_of(value):
    """``(year, month)`` of ``"YYYY-MM"``, None when malformed."""
    try:
        day = date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return None
    return day.year, day.month


class ReportPeriscolaireCalendar(models.AbstractModel):
    """Printable "Mon calendrier": the month grid of every child of a family."""

    _name = "report.periscolaire_portal.report_periscolaire_calendar"
    _description = "Calendrier des réservations (impression)"

    @api.model
    def _get_report_values(self, docids, data=None):
        families = self.env["periscolaire.family"].browse(docids)
        today = fields.Date.context_today(self)
        year, month = month_of((data or {}).get("month")) or (today.year, today.month)
        grids = {
            family.id: family._portal_month_grid(
                year, month, family._portal_calendar_rows(year, month)
            )
            for family in families
        }
        return {
            "doc_ids": families.ids,
            "doc_model": "periscolaire.family",
            "docs": families,
            "grids": grids,
            "legend": families._portal_legend(),
        }
