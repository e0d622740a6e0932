# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscolaireTariffPart(models.AbstractModel):
    """A line of a tariff (bracket, sibling discount): frozen with its tariff
    once the tariff has priced a posted invoice, whether it is created on,
    edited in, moved to or removed from that tariff."""

    _name = "periscolaire.tariff.part"
    _description = "Élément d'un tarif"

    tariff_id = fields.Many2one(
        "periscolaire.tariff", string="Tarif", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="tariff_id.company_id", store=True, string="Société")

    @api.model_create_multi
    def create(self, vals_list):
        self.env["periscolaire.tariff"].browse(
            {vals["tariff_id"] for vals in vals_list if vals.get("tariff_id")}
        )._check_not_used()
        return super().create(vals_list)

    def write(self, vals):
        self.tariff_id._check_not_used()
        if vals.get("tariff_id"):
            self.env["periscolaire.tariff"].browse(vals["tariff_id"])._check_not_used()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_tariff(self):
        self.tariff_id._check_not_used()
