# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

SPECIAL_MEALS = [("no_meat", "Sans viande"), ("no_pork", "Sans porc")]


class PeriscolaireChild(models.Model):
    _inherit = "periscolaire.child"

    special_meal = fields.Selection(
        [("standard", "Repas standard"), *SPECIAL_MEALS],
        string="Repas à la cantine",
        required=True,
        default="standard",
        tracking=True,
        help="Le repas spécial demandé par la famille ; la cuisine le compte à part.",
    )

    def _portal_set_special_meal(self, special_meal):
        """A parent asks for a special meal (or the standard one) on the portal."""
        self.ensure_one()
        self.check_access("read")  # the portal rule: a child of the parent's family
        choices = dict(self._fields["special_meal"]._description_selection(self.env))
        if special_meal not in choices:
            raise UserError(self.env._("Choisissez un repas dans la liste."))
        if self.special_meal != special_meal:
            self.sudo().special_meal = special_meal
        return choices[special_meal]
