# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Children in two households (18.0.1.1.0), after the data files load.

The proof of address is given by each household of a child of separated parents; the data
file that says so is ``noupdate``, so an existing database learns it here.
"""

from odoo import SUPERUSER_ID, api

PER_HOUSEHOLD_TYPES = ("periscolaire_portal.document_type_justif_domicile",)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in PER_HOUSEHOLD_TYPES:
        doc_type = env.ref(xmlid, raise_if_not_found=False)
        if doc_type:
            doc_type.per_household = True
