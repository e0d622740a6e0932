# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The parents' portal under /my: home cards, reservations, requests,
calendar, alerts, family account and absences.

Every page works on the family of the logged-in parent only; an id of another
family's record answers 404. Every parameter goes through the strict parsers of
``rules/inputs.py`` first.

How the portal writes (every addon follows it): parents have read-only access
to the périscolaire models, narrowed by record rules to their own family.
Whatever a page changes, and whatever it reads beyond those rules, is a model
method (``_portal_*``, ``_submit_files``) that checks the parent's access
first, then works on a sudo record, as Odoo's sale portal does with
``order_sudo._action_cancel()``. Such methods are private, hence out of reach of
RPC: a parent can change nothing that the pages do not offer. Controllers parse
the input and call these methods inside a savepoint, so that a refused input
leaves nothing behind; they never call ``sudo()`` themselves
(``tests/lint/test_no_sudo_in_controllers.py``).
"""

from datetime import timedelta
from urllib.parse import urlsplit

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..rules import dates as rules_dates
from ..rules import deadlines as rules_deadlines
from ..rules import documents as rules_documents
from ..rules import money as rules_money
from ..rules.errors import RuleError
from ..rules.inputs import (
    LINE_LENGTH,
    TEXT_LENGTH,
    clean_filename,
    clean_text,
    parse_choice,
    parse_id,
    parse_ids,
    parse_month,
    parse_page,
    parse_token,
)
from ..texts import rule_text

FLASH_KEY = "periscolaire_flash"
#: Largest request of an upload form: one file at the limit and the form's other fields.
UPLOAD_REQUEST_SIZE = rules_documents.MAX_FILE_SIZE + 64 * 1024
USER_ERRORS = (RuleError, UserError, ValidationError)
#: How a record belongs to the family, where it is not its ``family_id``: a child of
#: separated parents belongs to two households.
HOUSEHOLD_FIELDS = {"periscolaire.child": "family_ids"}
LINE_BADGES = {
    "validated": "text-bg-success",
    "pending": "text-bg-warning",
    "waiting": "text-bg-info",
    "refused": "text-bg-danger",
}


def form_ids(name):
    """The valid ids posted under ``name`` (one or several values)."""
    return parse_ids(request.httprequest.form.getlist(name))


def flash(text, kind="danger"):
    """A message shown once, at the top of the next portal page."""
    messages = list(request.session.get(FLASH_KEY) or [])
    messages.append({"kind": kind, "text": text})
    request.session[FLASH_KEY] = messages


def upload_values():
    """What the upload forms show of the file rules (one limit for the page and the server)."""
    size_label = rules_documents.size_label()
    return {
        "upload_max_size": rules_documents.MAX_FILE_SIZE,
        "upload_size_label": size_label,
        "upload_hint": request.env._("PDF ou image (JPEG, PNG), %s au plus.", size_label),
        "upload_accept": rules_documents.ACCEPT_ATTRIBUTE,
    }


def answer_too_large(*pages):
    """The ``upload_too_large`` handler of an upload route (see ``ir.http``): back to the form's
    page, the referring page when it is one of ``pages`` (paths), else the first one, with the
    size message."""

    def answer():
        target = pages[0]
        referrer = urlsplit(request.httprequest.referrer or "")
        if referrer.netloc == request.httprequest.host and referrer.path in pages:
            target = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        flash(
            request.env._(
                "Le fichier dépasse %s : choisissez un fichier plus petit.",
                rules_documents.size_label(),
            )
        )
        return request.redirect(target, 303)

    return answer


def activity_period(activity):
    """``"02/09/2024 - 05/07/2025"``."""
    return f"{activity.date_start:%d/%m/%Y} - {activity.date_end:%d/%m/%Y}"


def activity_hours(activity):
    """``"De 07h00 à 08h30"``."""

    def label(hours):
        minutes = round((hours or 0.0) * 60)
        return f"{minutes // 60:02d}h{minutes % 60:02d}"

    return request.env._(
        "De %(start)s à %(end)s", start=label(activity.hour_start), end=label(activity.hour_end)
    )


def error_message(error):
    """The text of a refused input, in the parent's language."""
    if isinstance(error, RuleError):
        return rule_text(request.env, error.message)
    return error.args[0] if error.args else str(error)


def read_upload(upload):
    """The file as the models take it, ``{"name": …, "raw": bytes}`` (read up to one byte
    past the limit); French UserError when there is none. The models check its content."""
    if not upload or not hasattr(upload, "read"):
        raise UserError(request.env._("Joignez un fichier (PDF ou image)."))
    return {
        "name": clean_filename(upload.filename) or request.env._("justificatif"),
        "raw": upload.read(rules_documents.MAX_FILE_SIZE + 1),
    }


class PeriscolairePortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Family, flash messages, common values
    # ------------------------------------------------------------------
    def _pf_family(self):
        """The logged-in parent's family; 404 for anyone else."""
        family = request.env["periscolaire.family"]._get_portal_family()
        if not family:
            raise NotFound()
        return family

    def _pf_browse(self, model, record_id, family, field=None):
        """The record of ``model`` with that id if it belongs to ``family``;
        404 otherwise (no difference between "missing" and "not yours")."""
        record_id = parse_id(record_id)
        if not record_id:
            raise NotFound()
        field = field or HOUSEHOLD_FIELDS.get(model, "family_id")
        record = request.env[model].search(
            [("id", "=", record_id), (field, "=", family.id)], limit=1
        )
        if not record:
            raise NotFound()
        return record

    def _document_check_access(self, model_name, document_id, access_token=None):
        """Odoo's check of a portal document (invoices, attestations…) with its id and access
        token through the strict parsers: a non-ASCII token made the comparison raise a
        TypeError (HTTP 500) instead of refusing access."""
        document_id = parse_id(document_id)
        if not document_id:
            raise MissingError(request.env._("Ce document n'existe pas."))
        return super()._document_check_access(
            model_name, document_id, access_token=parse_token(access_token)
        )

    def _pf_flash(self, text, kind="danger"):
        flash(text, kind)

    def _pf_pop_flash(self):
        return request.session.pop(FLASH_KEY, None) or []

    def _pf_values(self, family, page_name, **values):
        """What every page of the family renders with; ``values`` are the page's own."""
        result = self._prepare_portal_layout_values()
        cart = request.env["periscolaire.request"]._portal_get_cart(family)
        result.update(
            {
                "family": family,
                "page_name": page_name,
                "cart_count": len(cart.line_ids),
                "flash_messages": self._pf_pop_flash(),
                "short_date": rules_dates.short_date,
                "long_date": rules_dates.long_date,
                "format_eur": rules_money.format_eur,
                "activity_period": activity_period,
                "activity_hours": activity_hours,
                "rule_text": lambda value: rule_text(request.env, value),
            }
        )
        result.update(self._pf_page_values(family, page_name))
        result.update(values)
        return result

    def _pf_page_values(self, family, page_name):
        """What other addons show on a page of this one (``page_name``): they extend this."""
        return {}

    # ------------------------------------------------------------------
    # Home: the family's cards, their figures loaded after the page
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        """The page itself (Odoo's ``home`` asks with no ``counters``) gets the
        family, for its cards, and the news; the cards' figures come afterwards
        from Odoo's ``/my/counters``, asked for by the ``data-placeholder_count``
        names of the page, and each is computed only when asked for."""
        values = super()._prepare_home_portal_values(counters)
        family = request.env["periscolaire.family"]._get_portal_family()
        if not family:
            return values
        if not counters:
            values["periscolaire_family"] = family
            values["periscolaire_news"] = request.env["periscolaire.news"]._portal_published()
        values.update(self._pf_home_counters(family, set(counters)))
        return values

    def _pf_home_counters(self, family, counters):
        """``{name: figure}`` of the asked ``counters`` of the family's cards (a number, or
        a text for the card's description); other addons add theirs."""
        values = {}
        if "periscolaire_cart_label" in counters:
            days = len(request.env["periscolaire.request"]._portal_get_cart(family).line_ids)
            values["periscolaire_cart_label"] = (
                request.env._("— %s jour(s) dans le panier", days) if days else ""
            )
        if "periscolaire_alert_count" in counters:
            values["periscolaire_alert_count"] = family._portal_alert_count()
        if "periscolaire_reservation_count" in counters:
            values["periscolaire_reservation_count"] = request.env[
                "periscolaire.reservation"
            ].search_count(
                [
                    ("family_id", "=", family.id),
                    ("state", "=", "confirmed"),
                    ("date", ">=", fields.Date.context_today(family)),
                ]
            )
        return values

    @http.route("/my/news/<int:news_id>", type="http", auth="user", website=True)
    def portal_news(self, news_id, **kw):
        family = self._pf_family()
        news_id = parse_id(news_id)
        published = request.env["periscolaire.news"]._portal_published()
        news = published.filtered(lambda item: item.id == news_id)
        if not news:
            raise NotFound()
        return request.render(
            "periscolaire_portal.portal_news_page",
            self._pf_values(family, "pf_news", news=news),
        )

    # ------------------------------------------------------------------
    # Mes inscriptions (hub), Mes réservations
    # ------------------------------------------------------------------
    @http.route("/my/booking", type="http", auth="user", website=True)
    def portal_booking_hub(self, **kw):
        family = self._pf_family()
        categories = request.env["periscolaire.activity.category"]
        return request.render(
            "periscolaire_portal.portal_booking_hub",
            self._pf_values(
                family,
                "pf_booking",
                deadline_tables=categories._portal_deadline_tables(),
                reason_groups=rules_deadlines.EXCEPTION_REASON_GROUPS,
            ),
        )

    @http.route(
        ["/my/reservations", "/my/reservations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_reservations(self, page=1, child=None, **kw):
        family = self._pf_family()
        today = fields.Date.context_today(family)
        domain = [
            ("family_id", "=", family.id),
            ("state", "=", "confirmed"),
            ("date", ">=", today),
        ]
        child_record = request.env["periscolaire.child"]
        if child:
            child_record = self._pf_browse("periscolaire.child", child, family)
            domain.append(("child_id", "=", child_record.id))
        Reservation = request.env["periscolaire.reservation"]
        pager = portal_pager(
            url="/my/reservations",
            url_args={"child": child_record.id} if child_record else None,
            total=Reservation.search_count(domain),
            page=parse_page(page),
            step=self._items_per_page,
        )
        reservations = Reservation.search(
            domain,
            order="child_id, date, activity_id",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        return request.render(
            "periscolaire_portal.portal_my_reservations",
            self._pf_values(
                family,
                "pf_reservations",
                reservations=reservations,
                pager=pager,
                selected_child=child_record,
            ),
        )

    # ------------------------------------------------------------------
    # Requests: pending, history, detail
    # ------------------------------------------------------------------
    @http.route("/my/requests", type="http", auth="user", website=True)
    def portal_requests(self, **kw):
        family = self._pf_family()
        requests_ = request.env["periscolaire.request"].search(
            [("family_id", "=", family.id), ("state", "=", "submitted")]
        )
        return request.render(
            "periscolaire_portal.portal_my_requests",
            self._pf_values(family, "pf_requests", pf_requests=requests_, history=False),
        )

    @http.route(
        ["/my/requests/history", "/my/requests/history/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_requests_history(self, page=1, **kw):
        family = self._pf_family()
        Request = request.env["periscolaire.request"]
        domain = [("family_id", "=", family.id), ("state", "!=", "cart")]
        pager = portal_pager(
            url="/my/requests/history",
            total=Request.search_count(domain),
            page=parse_page(page),
            step=self._items_per_page,
        )
        requests_ = Request.search(domain, limit=self._items_per_page, offset=pager["offset"])
        return request.render(
            "periscolaire_portal.portal_my_requests",
            self._pf_values(family, "pf_history", pf_requests=requests_, history=True, pager=pager),
        )

    @http.route("/my/requests/<int:request_id>", type="http", auth="user", website=True)
    def portal_request_detail(self, request_id, **kw):
        family = self._pf_family()
        record = self._pf_browse("periscolaire.request", request_id, family)
        if record.state == "cart":
            return request.redirect("/my/booking/cart")
        return request.render(
            "periscolaire_portal.portal_my_request",
            self._pf_values(
                family,
                "pf_request",
                pf_request=record,
                outcome=record._portal_line_outcome(),
                line_badges=LINE_BADGES,
            ),
        )

    # ------------------------------------------------------------------
    # Mon calendrier (+ PDF, iCal address)
    # ------------------------------------------------------------------
    def _pf_month_or_today(self, month, family):
        parsed = parse_month(month)
        if parsed:
            return parsed
        today = fields.Date.context_today(family)
        return today.year, today.month

    @http.route("/my/calendar", type="http", auth="user", website=True)
    def portal_calendar(self, month=None, **kw):
        family = self._pf_family()
        year, month_number = self._pf_month_or_today(month, family)
        rows = family._portal_calendar_rows(year, month_number)
        try:
            grid = family._portal_month_grid(year, month_number, rows)
        except RuleError as error:
            self._pf_flash(error_message(error))
            grid = None
        token = family._portal_ensure_ical_token()
        return request.render(
            "periscolaire_portal.portal_my_calendar",
            self._pf_values(
                family,
                "pf_calendar",
                grid=grid,
                legend=family._portal_legend(),
                ical_url=f"{family.get_base_url()}/periscolaire/ical/{token}.ics",
            ),
        )

    @http.route("/my/calendar/pdf", type="http", auth="user", website=True)
    def portal_calendar_pdf(self, month=None, **kw):
        family = self._pf_family()
        year, month_number = self._pf_month_or_today(month, family)
        pdf, filename = family._portal_calendar_pdf(year, month_number)
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf" if pdf[:4] == b"%PDF" else "text/html"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )

    @http.route("/my/calendar/ical/renew", type="http", auth="user", website=True, methods=["POST"])
    def portal_calendar_ical_renew(self, **kw):
        family = self._pf_family()
        family._portal_renew_ical_token()
        self._pf_flash(
            request.env._("Nouvelle adresse iCal créée : l'ancienne adresse ne fonctionne plus."),
            "success",
        )
        return request.redirect("/my/calendar#ical")

    # ------------------------------------------------------------------
    # Mes alertes
    # ------------------------------------------------------------------
    def _pf_alert_requests(self, family):
        """Requests to keep an eye on: awaiting the town, or with lines on the
        waiting list or refused in the last two months."""
        since = fields.Datetime.now() - timedelta(days=60)
        return request.env["periscolaire.request"].search(
            [
                ("family_id", "=", family.id),
                ("state", "!=", "cart"),
                "|",
                ("state", "=", "submitted"),
                ("submitted_at", ">=", since),
            ]
        )

    @http.route("/my/alerts", type="http", auth="user", website=True)
    def portal_alerts(self, **kw):
        family = self._pf_family()
        return request.render(
            "periscolaire_portal.portal_my_alerts",
            self._pf_values(
                family,
                "pf_alerts",
                alert_table=family._portal_document_alert_table(),
                alert_requests=self._pf_alert_requests(family),
                upload_redirect="/my/alerts",
                **upload_values(),
            ),
        )

    @http.route(
        "/my/alerts/upload",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=UPLOAD_REQUEST_SIZE,
        upload_too_large=answer_too_large("/my/alerts", "/my/family"),
    )
    def portal_alerts_upload(self, type_id=None, child_id=None, redirect=None, **kw):
        family = self._pf_family()
        target = parse_choice(redirect, ("/my/alerts", "/my/family"), "/my/alerts")
        doc_type = request.env["periscolaire.document.type"].browse(parse_id(type_id)).exists()
        if not doc_type:
            raise NotFound()
        child = request.env["periscolaire.child"]
        if child_id:
            child = self._pf_browse("periscolaire.child", child_id, family)
        files = request.httprequest.files.getlist("file")
        try:
            with request.env.cr.savepoint():
                uploads = [read_upload(upload) for upload in files] or [read_upload(None)]
                document = family._get_document_for(doc_type, child=child)
                document._submit_files(uploads)
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(
                request.env._(
                    "Document « %s » envoyé : il sera vérifié par nos services.", doc_type.name
                ),
                "success",
            )
        return request.redirect(target)

    # ------------------------------------------------------------------
    # Mon compte: family members
    # ------------------------------------------------------------------
    @http.route("/my/family", type="http", auth="user", website=True)
    def portal_family(self, **kw):
        family = self._pf_family()
        children = family.household_child_ids
        return request.render(
            "periscolaire_portal.portal_my_family",
            self._pf_values(
                family,
                "pf_family",
                # A child of separated parents: each household sees the persons it allowed.
                pickup_persons={
                    child.id: child.pickup_person_ids.filtered(
                        lambda person: person.family_id == family
                    )
                    for child in children
                },
                custody={child.id: child._custody_description(family) for child in children},
                alert_table=family._portal_document_alert_table(),
                upload_redirect="/my/family",
                **upload_values(),
            ),
        )

    @http.route(
        "/my/family/child/<int:child_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_family_child(self, child_id, allergies="", **kw):
        family = self._pf_family()
        child = self._pf_browse("periscolaire.child", child_id, family)
        try:
            child._portal_set_allergies(
                clean_text(allergies, request.env._("Allergies"), TEXT_LENGTH, multiline=True)
            )
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(request.env._("Informations de %s enregistrées.", child.name), "success")
        return request.redirect(f"/my/family#child-{child.id}")

    @http.route(
        "/my/family/child/<int:child_id>/pickup",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_family_pickup_add(self, child_id, name="", phone="", relationship="", **kw):
        family = self._pf_family()
        child = self._pf_browse("periscolaire.child", child_id, family)
        try:
            person = child._portal_add_pickup_person(
                clean_text(name, request.env._("Nom et prénom"), LINE_LENGTH),
                clean_text(phone, request.env._("Téléphone"), LINE_LENGTH),
                clean_text(relationship, request.env._("Lien avec l'enfant"), LINE_LENGTH),
                family=family,
            )
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(
                request.env._(
                    "%(person)s peut venir chercher %(child)s.",
                    person=person.name,
                    child=child.name,
                ),
                "success",
            )
        return request.redirect(f"/my/family#child-{child.id}")

    @http.route(
        "/my/family/pickup/<int:pickup_id>/delete",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_family_pickup_delete(self, pickup_id, **kw):
        family = self._pf_family()
        person = self._pf_browse("periscolaire.pickup.person", pickup_id, family)
        child = person.child_id
        person._portal_remove()
        self._pf_flash(request.env._("Personne autorisée retirée."), "success")
        return request.redirect(f"/my/family#child-{child.id}")

    # ------------------------------------------------------------------
    # Déclarer une absence (illness, medical certificate)
    # ------------------------------------------------------------------
    @http.route(
        "/my/absence",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        max_content_length=UPLOAD_REQUEST_SIZE,
        upload_too_large=answer_too_large("/my/absence"),
    )
    def portal_absence(self, comment="", **kw):
        family = self._pf_family()
        Reservation = request.env["periscolaire.reservation"]
        error = None
        if request.httprequest.method == "POST":
            try:
                days = Reservation._portal_absence_days(family, form_ids("reservation_ids"))
                text = clean_text(
                    comment, request.env._("Commentaire"), TEXT_LENGTH, multiline=True
                )
                certificate = read_upload(request.httprequest.files.get("certificate"))
                with request.env.cr.savepoint():
                    days._portal_declare_absence([certificate], text)
            except USER_ERRORS as error_:
                error = error_message(error_)
            else:
                self._pf_flash(
                    request.env._(
                        "Absence déclarée avec le certificat médical : nos services en sont "
                        "informés."
                    ),
                    "success",
                )
                return request.redirect("/my/reservations")
        return request.render(
            "periscolaire_portal.portal_my_absence",
            self._pf_values(
                family,
                "pf_absence",
                candidates=Reservation._portal_absence_candidates(family),
                error=error,
                comment=comment if isinstance(comment, str) else "",
                **upload_values(),
            ),
        )
