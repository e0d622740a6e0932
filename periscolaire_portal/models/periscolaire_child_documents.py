# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireChild(models.Model):
    _inherit = "periscolaire.child"

    document_ids = fields.One2many("periscolaire.document", "child_id", string="Documents")

    def _get_blocking_documents(self, today=None):
        """What prevents booking these children: their own blocking documents and those of
        their family's référent (see ``periscolaire.family._get_blocking_documents``)."""
        blockers = []
        for family, children in self.grouped("family_id").items():
            blockers += family._get_blocking_documents(children=children, today=today)
        return blockers
