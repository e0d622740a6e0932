# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireRequestPriorityWizard(models.TransientModel):
    _name = "periscolaire.request.priority.wizard"
    _description = "Passer devant l'ordre d'arrivée"

    line_ids = fields.Many2many(
        "periscolaire.request.line",
        "periscolaire_priority_wizard_line_rel",
        "wizard_id",
        "line_id",
        string="Lignes",
        readonly=True,
    )
    reason = fields.Text(
        string="Motif",
        required=True,
        help="Pourquoi cette demande passe avant celles arrivées plus tôt : gardé dans "
        "l'historique de la demande.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.line_ids._jump_the_queue(self.reason)
        return {"type": "ir.actions.act_window_close"}
