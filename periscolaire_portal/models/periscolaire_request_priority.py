# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireRequestPriority(models.Model):
    """A line given a place ahead of earlier arrivals ("passer devant"): who
    decided, when, why, and whom it went ahead of. Written once by the
    decision, never changed."""

    _name = "periscolaire.request.priority"
    _description = "Passage devant l'ordre d'arrivée"
    _order = "date desc, id desc"

    request_id = fields.Many2one(
        "periscolaire.request",
        string="Demande",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    line_id = fields.Many2one(
        "periscolaire.request.line",
        string="Ligne",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, string="Société")
    user_id = fields.Many2one(
        "res.users",
        string="Décidé par",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(string="Le", required=True, readonly=True, default=fields.Datetime.now)
    reason = fields.Text(string="Motif", required=True, readonly=True)
    overtaken_line_ids = fields.Many2many(
        "periscolaire.request.line",
        "periscolaire_request_priority_overtaken_rel",
        "priority_id",
        "line_id",
        string="Demandes arrivées avant",
        readonly=True,
        help="Les demandes du même jour, arrivées avant, qui attendaient encore une place.",
    )
    overtaken_count = fields.Integer(string="Passée devant", readonly=True)
