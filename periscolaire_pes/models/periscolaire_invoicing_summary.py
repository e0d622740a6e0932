# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class PeriscolaireInvoicingSummary(models.Model):
    _inherit = "periscolaire.invoicing.summary"

    def action_open_pes_export(self):
        """The export wizard for this month's invoicing."""
        self.ensure_one()
        if self.company_id != self.env.company:
            raise UserError(
                self.env._(
                    "Ce mois est celui de %s : choisissez cette société pour l'exporter.",
                    self.company_id.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Exporter vers Hélios"),
            "res_model": "periscolaire.pes.export.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_mode": "month",
                "default_month": self.month,
            },
        }
