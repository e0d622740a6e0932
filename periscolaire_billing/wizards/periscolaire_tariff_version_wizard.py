# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class PeriscolaireTariffVersionWizard(models.TransientModel):
    _name = "periscolaire.tariff.version.wizard"
    _description = "Nouvelle version d'un tarif"

    tariff_id = fields.Many2one("periscolaire.tariff", string="Tarif", required=True)
    date_start = fields.Date(
        string="Applicable à partir du", required=True, default=fields.Date.context_today
    )

    def action_create_version(self):
        self.ensure_one()
        tariff = self.tariff_id
        if self.date_start <= tariff.date_start:
            raise UserError(
                self.env._(
                    "La nouvelle version doit commencer après le %s.",
                    tariff.date_start.strftime("%d/%m/%Y"),
                )
            )
        version = tariff.copy({"date_start": self.date_start})
        tariff.message_post(
            body=self.env._(
                "Nouvelle version à partir du %s.", self.date_start.strftime("%d/%m/%Y")
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "periscolaire.tariff",
            "res_id": version.id,
            "view_mode": "form",
            "target": "current",
        }
