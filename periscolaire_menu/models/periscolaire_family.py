# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.periscolaire_portal.rules import dates as rules_dates


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    def _portal_menu_sites(self):
        """The sites whose menus the family sees: its children's sites, and the
        sites where it has booked a meal (the Wednesday centre)."""
        self.ensure_one()
        booked = self.env["periscolaire.reservation"]._read_group(
            [("family_id", "=", self.id), ("state", "=", "confirmed"), ("has_meal", "=", True)],
            ["site_id"],
        )
        return self.household_child_ids.site_id.union(*(site for (site,) in booked))

    def _portal_month_grid(self, year, month, rows, clickable=False, now=None):
        """In the read-only calendar, a canteen day with a published menu links
        to that day's menu (``menu_url``, ``menu_label`` in the cell)."""
        grid = super()._portal_month_grid(year, month, rows, clickable=clickable, now=now)
        if clickable:
            return grid
        first, last = rules_dates.month_bounds(year, month)
        days = list(rules_dates.days_between(first, last))
        sites = self._portal_menu_sites()
        menus = self.env["periscolaire.menu"]._published_menus(sites, first, last)
        served = {
            (site, line_date)
            for menu in menus
            for site in (menu.site_ids & sites).ids
            for line_date in menu.line_ids.mapped("date")
        }
        for child_grid in grid["children"]:
            for row in child_grid["rows"]:
                activity = row["activity"]
                if not activity.has_meal:
                    continue
                for day, cell in zip(days, row["cells"], strict=True):
                    if (activity.site_id.id, day) in served:
                        cell["menu_url"] = f"/my/menus?day={day.isoformat()}#menu-{day.isoformat()}"
                        cell["menu_label"] = self.env._("Menu du %s", rules_dates.long_date(day))
        return grid
