# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The canteen's menus on the parents' portal, week by week, for the sites of
the family's children only; and the special meal asked in a child's file."""

from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.periscolaire_portal.controllers.portal import (
    PeriscolairePortal,
    error_message,
)
from odoo.addons.periscolaire_portal.rules import menus as rules_menus
from odoo.addons.periscolaire_portal.rules.inputs import parse_date, scalar


class PeriscolaireMenuPortal(PeriscolairePortal):
    @http.route("/my/menus", type="http", auth="user", website=True)
    def portal_menus(self, week=None, day=None, **kw):
        family = self._pf_family()
        chosen_day = parse_date(day)
        shown = chosen_day or parse_date(week) or fields.Date.context_today(family)
        monday = rules_menus.week_start(shown)
        sites = family._portal_menu_sites()
        menus = request.env["periscolaire.menu"]._published_menus(sites, monday, monday)
        return request.render(
            "periscolaire_menu.portal_my_menus",
            self._pf_values(
                family,
                "pf_menus",
                week_title=rules_menus.week_title(monday),
                previous_week=(monday - timedelta(days=7)).isoformat(),
                next_week=(monday + timedelta(days=7)).isoformat(),
                chosen_day=chosen_day,
                today=fields.Date.context_today(family),
                menu_blocks=[
                    {"menu": menu, "sites": menu.site_ids & sites, "days": menu._portal_days()}
                    for menu in menus.sorted(lambda menu: (menu.site_ids & sites)[:1].name or "")
                ],
                sites=sites,
                sites_without_menu=sites - menus.site_ids,
                special_meal_children=family.household_child_ids.filtered(
                    lambda child: child.special_meal != "standard"
                ),
                allergens=request.env["periscolaire.allergen"].search([]),
            ),
        )

    def _pf_page_values(self, family, page_name):
        values = super()._pf_page_values(family, page_name)
        if page_name == "pf_family":
            values["special_meal_options"] = (
                request.env["periscolaire.child"]
                ._fields["special_meal"]
                ._description_selection(request.env)
            )
        return values

    @http.route(
        "/my/family/child/<int:child_id>/special-meal",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_family_special_meal(self, child_id, special_meal=None, **kw):
        family = self._pf_family()
        child = self._pf_browse("periscolaire.child", child_id, family)
        try:
            label = child._portal_set_special_meal(scalar(special_meal))
        except UserError as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(
                request.env._("Repas de %(child)s : %(meal)s.", child=child.name, meal=label),
                "success",
            )
        return request.redirect(f"/my/family#child-{child.id}")
