# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class PeriscolairePenalty(models.Model):
    _name = "periscolaire.penalty"
    _description = "Pénalité périscolaire"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    child_id = fields.Many2one(
        "periscolaire.child", string="Enfant", required=True, index=True, tracking=True
    )
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        compute="_compute_family_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Le foyer qui paie : pour un enfant de parents séparés, celui qui avait réservé "
        "ce jour-là (à défaut celui dont c'était le jour, ou le premier foyer).",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Devise")
    activity_id = fields.Many2one("periscolaire.activity", string="Activité", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    product_id = fields.Many2one(
        "product.product",
        string="Pénalité",
        required=True,
        domain=[("periscolaire_is_penalty", "=", True)],
        tracking=True,
    )
    quantity = fields.Float(string="Quantité", required=True, default=1.0, tracking=True)
    price_unit = fields.Monetary(
        string="Prix unitaire",
        currency_field="currency_id",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        tracking=True,
    )
    note = fields.Char(string="Motif")
    invoice_line_id = fields.Many2one(
        "account.move.line", string="Ligne de facture", readonly=True, copy=False, index=True
    )
    invoice_id = fields.Many2one(related="invoice_line_id.move_id", string="Facture", store=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity > 0)", "La quantité doit être positive."),
    ]

    @api.depends("child_id", "activity_id", "date")
    def _compute_family_id(self):
        shared = self.child_id.filtered("second_family_id")
        reservations = self.env["periscolaire.reservation"]
        if shared:
            reservations = reservations.search(
                [
                    ("child_id", "in", shared.ids),
                    ("date", "in", [day for day in self.mapped("date") if day]),
                    ("state", "=", "confirmed"),
                ]
            )
        booked = {(r.child_id, r.activity_id, r.date): r.family_id for r in reservations}
        for penalty in self:
            child = penalty.child_id
            family = booked.get((child, penalty.activity_id, penalty.date))
            if not family and child and penalty.date:
                family = child._keeper_family(penalty.date)
            penalty.family_id = family or child.family_id

    @api.depends("product_id")
    def _compute_price_unit(self):
        for penalty in self:
            penalty.price_unit = penalty.product_id.lst_price

    def write(self, vals):
        if self.filtered("invoice_line_id") and set(vals) - {"note"}:
            raise UserError(
                self.env._(
                    "Une pénalité déjà facturée ne peut plus être modifiée : corrigez par un avoir."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        if self.filtered("invoice_line_id"):
            raise UserError(
                self.env._(
                    "Une pénalité déjà facturée ne peut pas être supprimée : corrigez par un avoir."
                )
            )
