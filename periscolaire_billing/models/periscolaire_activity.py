# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireActivity(models.Model):
    _name = "periscolaire.activity"
    _inherit = ["periscolaire.activity", "analytic.mixin"]

    tariff_ids = fields.One2many("periscolaire.tariff", "activity_id", string="Tarifs")
    tariff_count = fields.Integer(string="Versions de tarif", compute="_compute_tariff_count")

    def _compute_tariff_count(self):
        groups = self.env["periscolaire.tariff"]._read_group(
            [("activity_id", "in", self.ids)], ["activity_id"], ["__count"]
        )
        counts = {activity.id: count for activity, count in groups}
        for activity in self:
            activity.tariff_count = counts.get(activity.id, 0)

    def _get_session_price(self, child, day, late=False, family=None):
        """Price of one session from the tariff version applicable on ``day``
        (the product's price when the activity has no tariff yet), for the
        household ``family`` (the child's first by default)."""
        self.ensure_one()
        tariff = self.env["periscolaire.tariff"]._get_applicable(self, [day]).get((self.id, day))
        if not tariff or not child:
            return super()._get_session_price(child, day, late=late, family=family)
        family = (family or child.family_id).sudo()
        return tariff.sudo()._price_session(child.sudo(), day, late=late, family=family).total

    def _get_session_prices(self, child, days, late=False, family=None):
        """Same prices as ``_get_session_price`` day by day, with one tariff
        search, one conversion per tariff version and one sibling ranking."""
        self.ensure_one()
        days = list(days)
        tariffs = self.env["periscolaire.tariff"]._get_applicable(self, days) if child else {}
        family = (family or child.family_id).sudo()
        rank = child.sudo()._get_sibling_rank(family) if tariffs else None
        rule_tariffs, prices = {}, {}
        for day in days:
            tariff = tariffs.get((self.id, day))
            if not tariff:
                prices[day] = self._get_product_session_price()
                continue
            tariff = tariff.sudo()
            if tariff not in rule_tariffs:
                rule_tariffs[tariff] = tariff._to_rule()
            prices[day] = tariff._price_session(
                child.sudo(),
                day,
                late=late,
                rule_tariff=rule_tariffs[tariff],
                rank=rank,
                family=family,
            ).total
        return prices

    def action_view_tariffs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_tariff_action"
        )
        action["domain"] = [("activity_id", "=", self.id)]
        action["context"] = {"default_activity_id": self.id}
        return action
