# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _get_pes_imputation(self):
        """The budget imputation of an invoice line: its activity's, else its product's, else the
        company's default one (an empty record when none is set)."""
        self.ensure_one()
        return (
            self.periscolaire_activity_id.pes_imputation_id
            or self.product_id.product_tmpl_id.pes_imputation_id
            or self.company_id.pes_default_imputation_id
        )
