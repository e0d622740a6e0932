# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class PeriscolaireRequestRefuseWizard(models.TransientModel):
    _name = "periscolaire.request.refuse.wizard"
    _description = "Refuser des lignes de demande"

    line_ids = fields.Many2many(
        "periscolaire.request.line",
        "periscolaire_refuse_wizard_line_rel",
        "wizard_id",
        "line_id",
        string="Lignes",
    )
    reason = fields.Char(string="Motif du refus", required=True)

    def action_refuse(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state in ("pending", "waiting"))
        if not lines:
            raise UserError(self.env._("Aucune ligne en attente ou en liste d'attente à refuser."))
        lines._refuse(self.reason)
        for request, request_lines in lines.grouped("request_id").items():
            request.message_post(
                body=self.env._(
                    "%(count)s ligne(s) refusée(s) : %(reason)s",
                    count=len(request_lines),
                    reason=self.reason,
                )
            )
        lines.request_id._check_processed()
        return {"type": "ir.actions.act_window_close"}
