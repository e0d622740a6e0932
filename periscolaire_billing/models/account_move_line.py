# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

LINE_KINDS = [
    ("session", "Séances réservées"),
    ("late_booking", "Séances réservées hors délai"),
    ("late_cancellation", "Annulations hors délai"),
    ("unbooked", "Présences sans réservation"),
    ("penalty", "Pénalités"),
]


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    periscolaire_child_id = fields.Many2one(
        "periscolaire.child", string="Enfant", index="btree_not_null", readonly=True
    )
    periscolaire_activity_id = fields.Many2one(
        "periscolaire.activity", string="Activité", index="btree_not_null", readonly=True
    )
    periscolaire_tariff_id = fields.Many2one(
        "periscolaire.tariff",
        string="Tarif",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
    )
    periscolaire_kind = fields.Selection(LINE_KINDS, string="Nature", readonly=True)
    periscolaire_meal_amount = fields.Monetary(
        string="dont repas",
        currency_field="currency_id",
        readonly=True,
        help="Part repas du montant de la ligne, exclue de l'attestation fiscale.",
    )
    periscolaire_penalty_amount = fields.Monetary(
        string="dont pénalités",
        currency_field="currency_id",
        readonly=True,
        help="Pénalités et majorations hors délai comprises dans la ligne, exclues de "
        "l'attestation fiscale.",
    )
    periscolaire_reservation_ids = fields.One2many(
        "periscolaire.reservation", "invoice_line_id", string="Réservations facturées"
    )
    periscolaire_refunded_reservation_ids = fields.One2many(
        "periscolaire.reservation", "refund_line_id", string="Réservations remboursées"
    )
    periscolaire_penalty_ids = fields.One2many(
        "periscolaire.penalty", "invoice_line_id", string="Pénalités facturées"
    )
