# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The parents' "Finances": balance, invoices (Odoo's /my/invoices pages for
the details and the payment), tax attestations. A parent only ever reads the
documents of their own family: invoices through Odoo's portal rules (the
family's adults follow them), attestations through the family rule."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.periscolaire_portal.controllers.portal import PeriscolairePortal
from odoo.addons.periscolaire_portal.rules.inputs import (
    parse_choice,
    parse_date,
    parse_id,
    parse_page,
)
from odoo.addons.periscolaire_portal.rules.money import format_eur

INVOICES_SHOWN = 12


class PeriscolaireFinancePortal(PeriscolairePortal):
    def _pf_home_counters(self, family, counters):
        values = super()._pf_home_counters(family, counters)
        if "periscolaire_amount_due_label" in counters:
            amount_due = family._portal_amount_due()
            values["periscolaire_amount_due_label"] = (
                request.env._("— reste à payer : %s", format_eur(amount_due))
                if amount_due > 0
                else ""
            )
        return values

    def _pf_family_moves(self, family):
        """The posted invoices and credit notes of the family that the user may read."""
        Move = request.env["account.move"]
        if not Move.has_access("read"):
            return Move
        return Move.search(family._portal_move_domain(), order="invoice_date desc, id desc")

    @http.route("/my/finances", type="http", auth="user", website=True)
    def portal_my_finances(self, **kw):
        family = self._pf_family()
        moves = self._pf_family_moves(family)
        to_pay = moves.filtered(
            lambda m: m.move_type == "out_invoice" and m.payment_state in ("not_paid", "partial")
        )
        attestations = request.env["periscolaire.tax.attestation"].search(
            [("family_id", "=", family.id)], order="year desc"
        )
        for attestation in attestations:
            attestation._portal_ensure_token()
        amount_due = family._portal_amount_due()
        return request.render(
            "periscolaire_billing.portal_my_finances",
            self._pf_values(
                family,
                "pf_finances",
                moves=moves[:INVOICES_SHOWN],
                more_moves=len(moves) > INVOICES_SHOWN,
                to_pay=to_pay,
                attestations=attestations,
                amount_due=amount_due,
                format_eur=format_eur,
            ),
        )

    @http.route(
        "/my/finances/attestation/<int:attestation_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_tax_attestation(self, attestation_id, access_token=None, download=True, **kw):
        """The attestation's PDF: for the family's parents, or with the
        document's access token (link of the mail)."""
        attestation_id = parse_id(attestation_id)
        if not attestation_id:
            raise NotFound()
        try:
            attestation = self._document_check_access(
                "periscolaire.tax.attestation", attestation_id, access_token=access_token
            )
        except (AccessError, MissingError):
            raise NotFound() from None
        return self._show_report(
            model=attestation,
            report_type="pdf",
            report_ref="periscolaire_billing.action_report_tax_attestation",
            download=download not in (False, "0", "false"),
        )


class PeriscolaireInvoicePortal(PortalAccount):
    """Odoo's "Mes factures" pages, which the Finances page links to, with their parameters
    through the strict parsers: an unknown sort or filter raised KeyError, a malformed date a
    database error (HTTP 500); they now fall back to the defaults."""

    @http.route()
    def portal_my_invoices(
        self, page=1, date_begin=None, date_end=None, sortby=None, filterby=None, **kw
    ):
        date_begin, date_end = parse_date(date_begin), parse_date(date_end)
        if not (date_begin and date_end):
            date_begin = date_end = None
        return super().portal_my_invoices(
            page=parse_page(page),
            date_begin=date_begin and date_begin.isoformat(),
            date_end=date_end and date_end.isoformat(),
            sortby=parse_choice(sortby, self._get_account_searchbar_sortings()),
            filterby=parse_choice(filterby, self._get_account_searchbar_filters()),
            **kw,
        )
