# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireReservation(models.Model):
    _inherit = "periscolaire.reservation"

    special_meal = fields.Selection(
        related="child_id.special_meal", store=True, string="Repas à la cantine"
    )
