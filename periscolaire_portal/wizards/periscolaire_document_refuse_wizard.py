# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireDocumentRefuseWizard(models.TransientModel):
    _name = "periscolaire.document.refuse.wizard"
    _description = "Refus d'un document"

    document_ids = fields.Many2many("periscolaire.document", string="Documents", required=True)
    reason = fields.Char(
        string="Motif du refus",
        required=True,
        help="Envoyé à la famille dans le courriel de refus et affiché sur son portail.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.document_ids.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
