# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Children in two households (18.0.1.1.0), before the data files load.

Every child so far has one household: its family. The columns that now say which household
a booking or an authorised person belongs to (``periscolaire_reservation.family_id``,
``periscolaire_pickup_person.family_id``) were stored copies of the child's family and keep
their values, which are right. The refusal mail of a document now goes to both households
of a shared document: its template (``noupdate``) is let through this once.
"""

from odoo.tools import SQL

UPDATED_TEMPLATES = ("mail_template_document_refused",)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET noupdate = false"
            " WHERE module = 'periscolaire_portal' AND name IN %s",
            UPDATED_TEMPLATES,
        )
    )
