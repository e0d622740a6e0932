# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

#: Code of the paper attestation that a QF from the API replaces.
QF_DOCUMENT_CODE = "ATTESTATION_QF"


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    def _document_types(self):
        """Without the paper QF attestation for families whose QF from the CAF or the MSA
        is valid today."""
        types = super()._document_types()
        if self and all(family.qf_api_valid for family in self):
            types = types.filtered(lambda doc_type: doc_type.code != QF_DOCUMENT_CODE)
        return types

    def action_create_missing_documents(self):
        with_api = self.filtered("qf_api_valid")
        super(PeriscolaireFamily, with_api).action_create_missing_documents()
        return super(PeriscolaireFamily, self - with_api).action_create_missing_documents()
