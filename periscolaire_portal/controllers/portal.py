# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The parents' portal under /my: home cards, reservations, requests,
calendar, alerts, family account and absences.

Every page works on the family of the logged-in parent only; an id of another
family's record answers 404. Writes happen after the controller checked that
the records belong to that family, inside a savepoint so that a refused input
leaves nothing behind. Every parameter goes through the strict parsers of
``rules/inputs.py`` first.
"""

import base64
from datetime import timedelta
from urllib.parse import urlsplit

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

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

FLASH_KEY = "periscolaire_flash"
#: Largest request of an upload form: one file at the limit and the form's other fields.
UPLOAD_REQUEST_SIZE = rules_documents.MAX_FILE_SIZE + 64 * 1024
#: Days back for which an illness can still be declared (certificate within 72 h).
ABSENCE_DAYS_BACK = 3
ABSENCE_DAYS_AHEAD = 30
USER_ERRORS = (RuleError, UserError, ValidationError)
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

    return f"De {label(activity.hour_start)} à {label(activity.hour_end)}"


def error_message(error):
    """The French text of a refused input."""
    if isinstance(error, RuleError):
        return error.message
    return error.args[0] if error.args else str(error)


def read_upload(upload):
    """``(name, raw bytes)`` of an uploaded file; French UserError when it
    is missing, empty, too big or of a refused type."""
    if not upload or not hasattr(upload, "read"):
        raise UserError(request.env._("Joignez un fichier (PDF ou image)."))
    name = clean_filename(upload.filename) or "justificatif"
    raw = upload.read(rules_documents.MAX_FILE_SIZE + 1)
    request.env["periscolaire.document"]._check_upload(name, raw)
    return name, raw


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

    def _pf_browse(self, model, record_id, family, field="family_id"):
        """The record of ``model`` with that id if it belongs to ``family``;
        404 otherwise (no difference between "missing" and "not yours")."""
        record_id = parse_id(record_id)
        if not record_id:
            raise NotFound()
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
            }
        )
        result.update(values)
        return result

    # ------------------------------------------------------------------
    # Home
    # ------------------------------------------------------------------
    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        family = request.env["periscolaire.family"]._get_portal_family()
        if family and hasattr(response, "qcontext"):
            response.qcontext.update(self._pf_home_values(family))
        return response

    def _pf_home_values(self, family):
        today = fields.Date.context_today(family)
        return {
            "periscolaire_family": family,
            "periscolaire_news": request.env["periscolaire.news"].sudo()._get_published(),
            "periscolaire_reservation_count": request.env["periscolaire.reservation"].search_count(
                [
                    ("family_id", "=", family.id),
                    ("state", "=", "confirmed"),
                    ("date", ">=", today),
                ]
            ),
            "periscolaire_alert_count": family._portal_alert_count(),
            "periscolaire_cart_count": len(
                request.env["periscolaire.request"]._portal_get_cart(family).line_ids
            ),
        }

    @http.route("/my/news/<int:news_id>", type="http", auth="user", website=True)
    def portal_news(self, news_id, **kw):
        family = self._pf_family()
        news_id = parse_id(news_id)
        published = request.env["periscolaire.news"].sudo()._get_published()
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
            self._pf_flash(error.message)
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
        report = request.env["ir.actions.report"].sudo()
        pdf, _type = report._render_qweb_pdf(
            "periscolaire_portal.action_report_periscolaire_calendar",
            family.ids,
            data={"month": f"{year:04d}-{month_number:02d}"},
        )
        filename = f"calendrier-{year:04d}-{month_number:02d}.pdf"
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
            "Nouvelle adresse iCal créée : l'ancienne adresse ne fonctionne plus.", "success"
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
                alert_table=family.sudo()._get_document_alert_table(),
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
        doc_type = request.env["periscolaire.document.type"].sudo().browse(parse_id(type_id))
        if not doc_type or not doc_type.exists():
            raise NotFound()
        child = request.env["periscolaire.child"]
        if child_id:
            child = self._pf_browse("periscolaire.child", child_id, family)
        files = request.httprequest.files.getlist("file")
        try:
            with request.env.cr.savepoint():
                uploads = [read_upload(upload) for upload in files] or [read_upload(None)]
                document = family._get_document_for(doc_type, child=child)
                document._submit_files([{"name": name, "raw": raw} for name, raw in uploads])
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(
                f"Document « {doc_type.name} » envoyé : il sera vérifié par nos services.",
                "success",
            )
        return request.redirect(target)

    # ------------------------------------------------------------------
    # Mon compte: family members
    # ------------------------------------------------------------------
    @http.route("/my/family", type="http", auth="user", website=True)
    def portal_family(self, **kw):
        family = self._pf_family()
        return request.render(
            "periscolaire_portal.portal_my_family",
            self._pf_values(
                family,
                "pf_family",
                alert_table=family.sudo()._get_document_alert_table(),
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
                clean_text(allergies, "Allergies", TEXT_LENGTH, multiline=True)
            )
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(f"Informations de {child.name} enregistrées.", "success")
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
                clean_text(name, "Nom et prénom", LINE_LENGTH),
                clean_text(phone, "Téléphone", LINE_LENGTH),
                clean_text(relationship, "Lien avec l'enfant", LINE_LENGTH),
            )
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        else:
            self._pf_flash(f"{person.name} peut venir chercher {child.name}.", "success")
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
        self._pf_flash("Personne autorisée retirée.", "success")
        return request.redirect(f"/my/family#child-{child.id}")

    # ------------------------------------------------------------------
    # Déclarer une absence (illness, medical certificate)
    # ------------------------------------------------------------------
    def _pf_absence_reservations(self, family):
        today = fields.Date.context_today(family)
        return request.env["periscolaire.reservation"].search(
            [
                ("family_id", "=", family.id),
                ("state", "=", "confirmed"),
                ("attendance", "in", ("unknown", "absent_unjustified")),
                ("date", ">=", today - timedelta(days=ABSENCE_DAYS_BACK)),
                ("date", "<=", today + timedelta(days=ABSENCE_DAYS_AHEAD)),
            ],
            order="child_id, date, activity_id",
        )

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
        candidates = self._pf_absence_reservations(family)
        error = None
        if request.httprequest.method == "POST":
            chosen_ids = set(form_ids("reservation_ids"))
            chosen = candidates.filtered(lambda r: r.id in chosen_ids)
            try:
                if not chosen_ids:
                    raise UserError(request.env._("Cochez les jours d'absence."))
                if len(chosen) != len(chosen_ids):
                    raise UserError(
                        request.env._(
                            "Ces jours ne peuvent pas être déclarés : seules les réservations "
                            "validées des %(back)s derniers jours et des %(ahead)s prochains "
                            "jours le peuvent.",
                            back=ABSENCE_DAYS_BACK,
                            ahead=ABSENCE_DAYS_AHEAD,
                        )
                    )
                text = clean_text(comment, "Commentaire", TEXT_LENGTH, multiline=True)
                name, raw = read_upload(request.httprequest.files.get("certificate"))
                with request.env.cr.savepoint():
                    self._pf_declare_absence(family, chosen, name, raw, text)
            except USER_ERRORS as error_:
                error = error_message(error_)
            else:
                self._pf_flash(
                    "Absence déclarée avec le certificat médical : nos services en sont informés.",
                    "success",
                )
                return request.redirect("/my/reservations")
        return request.render(
            "periscolaire_portal.portal_my_absence",
            self._pf_values(
                family,
                "pf_absence",
                candidates=candidates,
                error=error,
                comment=comment if isinstance(comment, str) else "",
                **upload_values(),
            ),
        )

    def _pf_declare_absence(self, family, reservations, name, raw, comment):
        """Mark the days "absent justified", link the certificate and tell staff
        through the chatter of the reservations and of the family."""
        attachment = (
            request.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(raw),
                    "mimetype": guess_mimetype(raw),
                    "res_model": "periscolaire.family",
                    "res_id": family.id,
                }
            )
        )
        reservations = reservations.sudo()
        reservations.write(
            {
                "attendance": "absent_justified",
                "justification_ids": [fields.Command.link(attachment.id)],
            }
        )
        days = ", ".join(reservations.mapped("display_name"))
        author = request.env.user.partner_id.id
        body = request.env._("Absence pour maladie déclarée sur le portail : %s.", days)
        if comment:
            body = request.env._("%(body)s Commentaire : %(comment)s", body=body, comment=comment)
        family.sudo().message_post(body=body, attachment_ids=attachment.ids, author_id=author)
        for reservation in reservations:
            reservation.message_post(
                body=request.env._(
                    "Absence pour maladie déclarée sur le portail (certificat médical joint)."
                ),
                author_id=author,
            )
