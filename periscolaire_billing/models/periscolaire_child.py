# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PeriscolaireChild(models.Model):
    _inherit = "periscolaire.child"

    def _get_sibling_rank(self, family=None):
        """Rank of the child among the children of ``family`` (the household that books,
        the child's first by default; eldest = 1), for the sibling discount."""
        self.ensure_one()
        return (family or self.family_id)._get_sibling_ranks().get(self.id, 1)

    def _get_billing_first_name(self):
        """First name as written on invoices: "Séverine" even if typed in capitals."""
        self.ensure_one()
        first_name = (self.first_name or "").strip()
        return first_name.title() if first_name.isupper() else first_name
