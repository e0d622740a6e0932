# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.periscolaire_portal.controllers.portal import PeriscolairePortal

from ..models.periscolaire_family_portal import IDENTITY_FIELDS


class PeriscolaireQfPortal(PeriscolairePortal):
    @http.route("/my/family/qf", type="http", auth="user", website=True, methods=["POST"])
    def portal_family_qf(self, consent=None, **post):
        family = self._pf_family()
        identity = {
            name: value if isinstance(value, str) else ""
            for name in (*IDENTITY_FIELDS, "qf_api_sex", "qf_api_birth_date")
            for value in [post.get(name)]
        }
        kind, message = family._portal_save_qf_consent(consent == "on", identity)
        self._pf_flash(message, kind)
        return request.redirect("/my/family#qf")
