# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
""" "Messages" on the parents' portal: the family's thread through Odoo's
portal chatter (reading, writing and attachments go through the mail routes,
which check the family's access), the unread count on the cards and in
"Mes alertes"."""

from odoo import http
from odoo.http import request

from odoo.addons.periscolaire_portal.controllers.portal import PeriscolairePortal


class PeriscolaireMessagePortal(PeriscolairePortal):
    def _pf_home_counters(self, family, counters):
        values = super()._pf_home_counters(family, counters)
        asked = counters & {
            "periscolaire_unread_message_count",
            "periscolaire_unread_message_label",
        }
        if asked:
            unread = family._portal_unread_message_count()
            figures = {
                "periscolaire_unread_message_count": unread or None,
                "periscolaire_unread_message_label": request.env._(
                    "— %s message(s) non lu(s)", unread
                )
                if unread
                else "",
            }
            values.update({name: figures[name] for name in asked})
        return values

    def _pf_page_values(self, family, page_name):
        values = super()._pf_page_values(family, page_name)
        if page_name == "pf_alerts":
            values["unread_message_count"] = family._portal_unread_message_count()
        return values

    @http.route("/my/messages", type="http", auth="user", website=True)
    def portal_messages(self, **kw):
        family = self._pf_family()
        values = self._pf_values(family, "pf_messages", **family._portal_thread_values())
        response = request.render("periscolaire_message.portal_my_messages", values)
        family._portal_mark_messages_seen()
        return response
