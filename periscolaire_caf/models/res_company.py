# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.periscolaire_portal.rules import caf


class ResCompany(models.Model):
    _inherit = "res.company"

    periscolaire_caf_day_cap = fields.Float(
        string="Plafond CAF du mercredi avec repas (heures)",
        default=float(caf.DEFAULT_DAY_WITH_MEAL_HOURS),
    )
    periscolaire_caf_half_day_cap = fields.Float(
        string="Plafond CAF de la demi-journée du mercredi (heures)",
        default=float(caf.DEFAULT_HALF_DAY_HOURS),
    )

    @api.constrains("periscolaire_caf_day_cap", "periscolaire_caf_half_day_cap")
    def _check_periscolaire_caf_caps(self):
        for company in self:
            if company.periscolaire_caf_day_cap <= 0 or company.periscolaire_caf_half_day_cap <= 0:
                raise ValidationError(
                    self.env._("Les plafonds horaires de la CAF doivent être positifs.")
                )

    def _get_periscolaire_caf_caps(self):
        """The company's caps for the rules core."""
        self.ensure_one()
        return caf.CafCaps(
            wednesday_day_with_meal=self.periscolaire_caf_day_cap,
            wednesday_half_day=self.periscolaire_caf_half_day_cap,
        )
