# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The parents' "Prélèvement automatique" page (under Finances): see, sign and revoke the
family's SEPA mandate. The writes go through the mandate model, which checks the family."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.periscolaire_billing.controllers.portal import PeriscolaireFinancePortal
from odoo.addons.periscolaire_portal.controllers.portal import USER_ERRORS, error_message
from odoo.addons.periscolaire_portal.rules import sepa
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.rules.inputs import clean_text, parse_flag, parse_id

from ..models.account_banking_mandate import HOLDER_MAX

PAGE = "/my/finances/prelevement"
ERRORS = (*USER_ERRORS, AccessError)
# Longer than any IBAN written with spaces (34 characters and 8 spaces).
IBAN_INPUT_LENGTH = 64


def _form_text(value, label, max_length):
    """The text typed in a field of the form, for showing it again; empty when unusable."""
    try:
        return clean_text(value, label, max_length)
    except RuleError:
        return ""


class PeriscolaireSepaPortal(PeriscolaireFinancePortal):
    @http.route(PAGE, type="http", auth="user", website=True)
    def portal_my_sepa(self, holder=None, iban=None, **kw):
        family = self._pf_family()
        mandate = family._periscolaire_portal_mandate()
        company = family._periscolaire_portal_company()
        return request.render(
            "periscolaire_sepa.portal_my_sepa",
            self._pf_values(
                family,
                "pf_sepa",
                mandate=mandate,
                mandate_iban=sepa.masked_iban(mandate["iban"]) if mandate else "",
                mandate_date=sepa.full_date(mandate["signature_date"]) if mandate else "",
                mandate_text=family._periscolaire_portal_mandate_text(),
                sepa_open=bool(company["open"]),
                creditor=company,
                holder=_form_text(holder, request.env._("Titulaire du compte"), HOLDER_MAX),
                iban=_form_text(iban, request.env._("IBAN"), IBAN_INPUT_LENGTH),
                holder_max=HOLDER_MAX,
                iban_max=IBAN_INPUT_LENGTH,
            ),
        )

    @http.route(f"{PAGE}/signer", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_sepa_sign(self, holder=None, iban=None, accept=None, **kw):
        family = self._pf_family()
        try:
            request.env["account.banking.mandate"]._periscolaire_portal_sign(
                family,
                clean_text(holder, request.env._("Titulaire du compte"), HOLDER_MAX),
                clean_text(iban, request.env._("IBAN"), IBAN_INPUT_LENGTH),
                parse_flag(accept),
            )
        except ERRORS as error:
            self._pf_flash(error_message(error))
            return self.portal_my_sepa(holder=holder, iban=iban)
        if family._periscolaire_portal_mandate()["valid"]:
            self._pf_flash(
                request.env._(
                    "Mandat signé : vos prochaines factures seront prélevées sur ce compte."
                ),
                "success",
            )
        else:
            self._pf_flash(
                request.env._("Mandat signé : il sera actif dès sa vérification par la mairie."),
                "success",
            )
        return request.redirect(PAGE)

    @http.route(f"{PAGE}/revoquer", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_sepa_revoke(self, mandate_id=None, **kw):
        self._pf_family()
        mandate = request.env["account.banking.mandate"].browse(parse_id(mandate_id) or [])
        try:
            mandate._periscolaire_portal_revoke()
        except AccessError:
            # Another family's mandate, or none: 404, as for every id of the portal.
            raise NotFound() from None
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
            return request.redirect(PAGE)
        self._pf_flash(
            request.env._("Mandat révoqué : vos prochaines factures ne seront plus prélevées."),
            "success",
        )
        return request.redirect(PAGE)
