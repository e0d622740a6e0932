# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolairePesRejectWizard(models.TransientModel):
    _name = "periscolaire.pes.reject.wizard"
    _description = "Rejet d'un bordereau Hélios"

    bordereau_id = fields.Many2one("periscolaire.pes.bordereau", required=True)
    reason = fields.Text(
        string="Motif du rejet",
        required=True,
        help="Le motif donné par le comptable public ou l'accusé de réception (PES Acquit).",
    )

    def action_reject(self):
        self.ensure_one()
        self.bordereau_id._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
