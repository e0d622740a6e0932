# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Children in two households (18.0.1.1.0), on an existing database.

Every child so far has one household, its family: the columns that now say which household
a booking or an authorised person belongs to (``periscolaire_reservation.family_id``,
``periscolaire_pickup_person.family_id``) were stored copies of the child's family and keep
their values, which are right. What the ``noupdate`` data files say anew is written here:
the proof of address is given by each household, and a refused document is mailed to both
households of a shared child (the template's recipients and greeting, where the town did
not change them).
"""

import json

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

PER_HOUSEHOLD_TYPES = ("periscolaire_portal.document_type_justif_domicile",)
REFUSED_TEMPLATE = "periscolaire_portal.mail_template_document_refused"
OLD_RECIPIENTS = "{{ object.family_id.referent_id.id or '' }}"
NEW_RECIPIENTS = "{{ ','.join(map(str, object.notified_partner_ids.ids)) }}"
OLD_GREETING = "<t t-out=\"object.family_id.referent_id.name or ''\">Madame, Monsieur</t>,"
NEW_GREETING = (
    '<t t-if="len(object.notified_partner_ids) == 1" '
    "t-out=\"object.notified_partner_ids.name or ''\">Julie DURAND</t>"
    '<t t-else="">Madame, Monsieur</t>,'
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in PER_HOUSEHOLD_TYPES:
        doc_type = env.ref(xmlid, raise_if_not_found=False)
        if doc_type:
            doc_type.per_household = True
    template = env.ref(REFUSED_TEMPLATE, raise_if_not_found=False)
    if not template or template.partner_to != OLD_RECIPIENTS:
        return
    cr.execute(SQL("SELECT body_html FROM mail_template WHERE id = %s", template.id))
    bodies = cr.fetchone()[0] or {}
    bodies = {lang: body.replace(OLD_GREETING, NEW_GREETING) for lang, body in bodies.items()}
    cr.execute(
        SQL(
            "UPDATE mail_template SET partner_to = %s, body_html = %s WHERE id = %s",
            NEW_RECIPIENTS,
            json.dumps(bodies),
            template.id,
        )
    )
    template.invalidate_recordset(["partner_to", "body_html"])
