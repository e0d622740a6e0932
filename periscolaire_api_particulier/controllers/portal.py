# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.periscolaire_portal.controllers.portal import (
    PeriscolairePortal,
    error_message,
)
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.rules.inputs import LINE_LENGTH, clean_text, parse_flag

from ..models.periscolaire_family_portal import IDENTITY_FIELDS


class PeriscolaireQfPortal(PeriscolairePortal):
    @http.route("/my/family/qf", type="http", auth="user", website=True, methods=["POST"])
    def portal_family_qf(self, consent=None, **post):
        family = self._pf_family()
        lengths = {**IDENTITY_FIELDS, "qf_api_sex": 1, "qf_api_birth_date": 10}
        labels = request.env["periscolaire.family"]._fields
        try:
            identity = {
                name: clean_text(
                    post.get(name),
                    labels[name]._description_string(request.env),
                    max(size, LINE_LENGTH),
                )
                for name, size in lengths.items()
            }
        except RuleError as error:
            self._pf_flash(error_message(error))
        else:
            kind, message = family._portal_save_qf_consent(parse_flag(consent), identity)
            self._pf_flash(message, kind)
        return request.redirect("/my/family#qf")
