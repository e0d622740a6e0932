# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The booking wizard of the parents' guide, in five steps:

1. participants, 2. activities, 3. periodic booking / cancelling,
4. one-off days on a month calendar, 5. summary of the cart and submission.

The selection of steps 1 and 2 lives in the session and is checked again
against the family on every request; the cart is the family's request in
state "cart", so it survives logging out. Every rule is enforced here and in
the rules core whatever the page let the parent click.
"""

import re
from collections import OrderedDict
from datetime import date

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from ..models.periscolaire_activity import WEEKDAY_FIELDS
from ..models.periscolaire_family_portal import utc_now
from ..rules import dates as rules_dates
from ..rules import deadlines as rules_deadlines
from ..rules import recurrence
from ..rules.errors import RuleError
from ..rules.inputs import (
    TEXT_LENGTH,
    clean_text,
    format_month,
    parse_choice,
    parse_date,
    parse_flag,
    parse_id,
    parse_month,
    scalar,
)
from ..texts import rule_text
from .portal import (
    UPLOAD_REQUEST_SIZE,
    USER_ERRORS,
    PeriscolairePortal,
    answer_too_large,
    error_message,
    form_ids,
    read_upload,
    upload_values,
)

_lt = LazyTranslate(__name__)
SELECTION_KEY = "periscolaire_booking"
CELL_TOKEN = re.compile(r"([0-9]{1,10})-([0-9]{1,10})-([0-9]{4}-[0-9]{2}-[0-9]{2})-(book|cancel)")
ACTIONS = tuple(action.value for action in recurrence.Action)
SORTINGS = OrderedDict(
    [
        ("name", _lt("Ordre alphabétique")),
        ("number", _lt("Numéro")),
        ("time", _lt("Horaire")),
    ]
)


class PeriscolaireBookingPortal(PeriscolairePortal):
    # ------------------------------------------------------------------
    # Selection of steps 1 and 2 (session), always re-checked
    # ------------------------------------------------------------------
    def _pf_selection(self, family):
        """Selected children and activities, restricted to what the family
        may book now (a child who left, an activity now over drop out)."""
        stored = request.session.get(SELECTION_KEY) or {}
        if stored.get("family") != family.id:
            stored = {}
        children = family.household_child_ids.filtered(
            lambda c: c.id in (stored.get("children") or [])
        )
        activities = request.env["periscolaire.activity"]
        if children:
            shared = family._portal_shared_activities(children)
            activities = shared.filtered(lambda a: a.id in (stored.get("activities") or []))
        return children, activities

    def _pf_store_selection(self, family, children, activities=None):
        request.session[SELECTION_KEY] = {
            "family": family.id,
            "children": children.ids,
            "activities": activities.ids if activities else [],
        }

    def _pf_booking_values(self, family, step, **values):
        children, activities = self._pf_selection(family)
        return self._pf_values(
            family,
            "pf_booking",
            step=step,
            selected_children=children,
            selected_activities=activities,
            # A child of separated parents: whose days this household books.
            custody_notes=[
                f"{child.name} — {child._custody_description(family)}"
                for child in children.filtered("second_family_id")
            ],
            **values,
        )

    # ------------------------------------------------------------------
    # Step 1: participants
    # ------------------------------------------------------------------
    @http.route(
        "/my/booking/participants",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def booking_participants(self, **kw):
        family = self._pf_family()
        error = None
        if request.httprequest.method == "POST":
            ids = set(form_ids("child_ids"))
            children = family.household_child_ids.filtered(lambda c: c.id in ids)
            if not ids:
                error = request.env._("Sélectionnez au moins un participant.")
            elif len(children) != len(ids):
                raise NotFound()
            elif not family._portal_shared_activities(children):
                error = request.env._(
                    "Ces enfants n'ont aucune activité en commun (écoles différentes) : "
                    "faites une inscription pour chaque enfant."
                )
            else:
                _old, activities = self._pf_selection(family)
                self._pf_store_selection(family, children, activities)
                return request.redirect("/my/booking/activities")
        return request.render(
            "periscolaire_portal.portal_booking_participants",
            self._pf_booking_values(
                family, 1, error=error, blockers=family._portal_blocking_documents()
            ),
        )

    # ------------------------------------------------------------------
    # Step 2: activities
    # ------------------------------------------------------------------
    def _pf_activity_filters(self, activities, sort, period, week, meal):
        """Filter and sort the offered activities as asked; returns the
        activities and the choices to display."""
        periods = OrderedDict()
        for activity in activities.sorted(lambda a: (a.date_start, a.date_end)):
            key = f"{activity.date_start}_{activity.date_end}"
            periods[key] = (
                f"{activity.date_start.strftime('%d/%m/%Y')} - "
                f"{activity.date_end.strftime('%d/%m/%Y')}"
            )
        period = parse_choice(period, periods, "all")
        if period != "all":
            start, end = (date.fromisoformat(part) for part in period.split("_"))
            activities = activities.filtered(lambda a: a.date_start == start and a.date_end == end)
        week_day = parse_date(week)
        if week_day:
            monday = week_day - rules_dates.ONE_DAY * week_day.weekday()
            sunday = monday + rules_dates.ONE_DAY * 6
            activities = activities.filtered(
                lambda a: a.date_start <= sunday and a.date_end >= monday
            )
        meal = parse_flag(meal)
        if meal:
            activities = activities.filtered("has_meal")
        sort = parse_choice(sort, SORTINGS, "name")
        keys = {
            "name": lambda a: (a.name or "").lower(),
            "number": lambda a: (a.number, a.id),
            "time": lambda a: (a.hour_start, a.number),
        }
        return activities.sorted(keys[sort]), {
            "sortings": {key: request.env._(label) for key, label in SORTINGS.items()},
            "sort": sort,
            "periods": periods,
            "period": period,
            "weeks": self._pf_week_choices(),
            "week": monday.isoformat() if week_day else "all",
            "meal": meal,
        }

    def _pf_week_choices(self):
        """The next ten ISO weeks: ("2026-03-02", "Sem. 10 (02/03 - 08/03)")."""
        today = fields.Date.context_today(request.env.user)
        monday = today - rules_dates.ONE_DAY * today.weekday()
        choices = []
        for index in range(10):
            start = monday + rules_dates.ONE_DAY * 7 * index
            end = start + rules_dates.ONE_DAY * 6
            week = rule_text(request.env, rules_dates.week_label(start))
            label = f"{week} ({start.strftime('%d/%m')} - {end.strftime('%d/%m')})"
            choices.append((start.isoformat(), label))
        return choices

    @http.route(
        "/my/booking/activities",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def booking_activities(self, sort=None, period=None, week=None, meal=None, **kw):
        family = self._pf_family()
        children, selected = self._pf_selection(family)
        if not children:
            return request.redirect("/my/booking/participants")
        shared = family._portal_shared_activities(children)
        error = None
        if request.httprequest.method == "POST":
            ids = set(form_ids("activity_ids"))
            chosen = shared.filtered(lambda a: a.id in ids)
            if not ids:
                error = request.env._("Cliquez sur au moins une activité.")
            elif len(chosen) != len(ids):
                error = request.env._(
                    "Une des activités choisies n'est pas proposée à tous les participants "
                    "sélectionnés."
                )
            else:
                self._pf_store_selection(family, children, chosen)
                return request.redirect("/my/booking/periodic")
        shown, filters = self._pf_activity_filters(shared, sort, period, week, meal)
        categories = OrderedDict()
        for activity in shown.sorted(lambda a: (a.category_id.sequence, a.category_id.id)):
            categories.setdefault(activity.category_id, [])
        for activity in shown:
            categories[activity.category_id].append(activity)
        return request.render(
            "periscolaire_portal.portal_booking_activities",
            self._pf_booking_values(
                family,
                2,
                categories=categories,
                filters=filters,
                error=error,
                hidden_selected=selected - shown,
            ),
        )

    # ------------------------------------------------------------------
    # Step 3: periodic booking / cancelling
    # ------------------------------------------------------------------
    def _pf_periodic_defaults(self, activity, now=None):
        """First open day (deadline) → end of the activity's period, kept in
        one school year."""
        now = now or utc_now()
        first_open = rules_deadlines.first_open_day(
            now, activity.category_id._get_deadline_policy()
        )
        start = max(first_open, activity.date_start)
        school_year_end = rules_dates.school_year_bounds(rules_dates.school_year_of(start))[1]
        end = min(activity.date_end, school_year_end)
        return {"start": start, "end": max(start, end)}

    @http.route(
        "/my/booking/periodic",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def booking_periodic(
        self, activity_id=None, date_start=None, date_end=None, frequency=None, action=None, **kw
    ):
        family = self._pf_family()
        children, activities = self._pf_selection(family)
        if not children:
            return request.redirect("/my/booking/participants")
        if not activities:
            return request.redirect("/my/booking/activities")
        result = None
        if request.httprequest.method == "POST":
            activity = activities.filtered(lambda a: a.id == parse_id(activity_id))
            if not activity:
                raise NotFound()
            result = self._pf_apply_periodic(
                family, children, activity, date_start, date_end, frequency, action
            )
        forms = []
        for activity in activities:
            defaults = self._pf_periodic_defaults(activity)
            posted = result and result["activity"] == activity
            forms.append(
                {
                    "activity": activity,
                    "start": posted and result["start"] or defaults["start"],
                    "end": posted and result["end"] or defaults["end"],
                    "frequency": posted and result["frequency"] or "every",
                    "weekdays": posted and result["weekdays"] or set(),
                    "days": [
                        (index, WEEKDAY_FIELDS[index], rules_dates.WEEKDAY_NAMES_FR[index].title())
                        for index in sorted(activity._get_weekdays())
                    ],
                    "result": result if posted else None,
                }
            )
        return request.render(
            "periscolaire_portal.portal_booking_periodic",
            self._pf_booking_values(
                family,
                3,
                forms=forms,
                frequencies=recurrence.FREQUENCY_LABELS,
            ),
        )

    def _pf_apply_periodic(
        self, family, children, activity, date_start, date_end, frequency, action
    ):
        weekdays = set()
        for value in request.httprequest.form.getlist("weekdays")[:7]:
            try:
                weekdays.add(rules_dates.parse_weekday(value))
            except RuleError:
                # Unknown days are named in the refusal, within reason.
                weekdays.add(clean_text(value, "", max_length=len(value))[:20])
        frequency = parse_choice(frequency, recurrence.FREQUENCY_LABELS, "every")
        result = {
            "activity": activity,
            "start": parse_date(date_start),
            "end": parse_date(date_end),
            "frequency": frequency,
            "weekdays": {day for day in weekdays if isinstance(day, int)},
            "action": parse_choice(action, ACTIONS),
            "error": None,
            "expansion": None,
        }
        try:
            if not result["start"] or not result["end"]:
                raise UserError(
                    request.env._("Indiquez une date de début et une date de fin valides.")
                )
            with request.env.cr.savepoint():
                Request = request.env["periscolaire.request"]
                expansion, cart_lines = Request._portal_expand(
                    family,
                    children,
                    activity,
                    result["start"],
                    result["end"],
                    weekdays,
                    result["action"],
                    frequency=frequency,
                )
                if expansion.added:
                    cart = Request._portal_get_cart(family, create=True)
                    cart._portal_write_expansion(expansion, activity, cart_lines)
        except USER_ERRORS as error:
            result["error"] = error_message(error)
            return result
        result["expansion"] = expansion
        result["summary"] = self._pf_expansion_summary(expansion, children)
        return result

    def _pf_expansion_summary(self, expansion, children):
        """Counts per outcome and the day-by-day lines for the page."""
        names = {child.id: child.name for child in children}
        counts = expansion.counts()
        labels = []
        for outcome, count in counts.items():
            label = recurrence.OUTCOME_LABELS[outcome, expansion.action]
            if outcome == recurrence.Outcome.OTHER_PARENT:
                # "Jour de l'autre parent" under a fixed-weekdays custody.
                label = next(r.label for r in expansion.days if r.outcome == outcome)
            label = rule_text(request.env, label)
            labels.append({"outcome": str(outcome), "count": count, "label": label})
        days = [
            {
                "day": rules_dates.long_date(result.day),
                "child": names.get(result.child_id, ""),
                "label": rule_text(request.env, result.label),
                "added": result.changed,
            }
            for result in expansion.days
        ]
        return {
            "counts": labels,
            "added": [day for day in days if day["added"]],
            "other": [day for day in days if not day["added"]],
        }

    # ------------------------------------------------------------------
    # Step 4: one-off days on the month calendar
    # ------------------------------------------------------------------
    def _pf_default_month(self, activities):
        now = utc_now()
        first = min(self._pf_periodic_defaults(activity, now)["start"] for activity in activities)
        return first.year, first.month

    @http.route("/my/booking/calendar", type="http", auth="user", website=True, methods=["GET"])
    def booking_calendar(self, month=None, **kw):
        family = self._pf_family()
        children, activities = self._pf_selection(family)
        if not children:
            return request.redirect("/my/booking/participants")
        if not activities:
            return request.redirect("/my/booking/activities")
        year, month_number = parse_month(month) or self._pf_default_month(activities)
        rows = [(child, activity) for child in children for activity in activities]
        try:
            grid = family._portal_month_grid(year, month_number, rows, clickable=True)
        except RuleError as error:
            self._pf_flash(error_message(error))
            grid = None
        return request.render(
            "periscolaire_portal.portal_booking_calendar",
            self._pf_booking_values(family, 4, grid=grid, legend=family._portal_legend()),
        )

    def _pf_parse_cell(self, family, token):
        """``(child, activity, day, action)`` of a posted cell, the child being
        the family's (404 otherwise); None when the token is malformed."""
        token = scalar(token)
        match = CELL_TOKEN.fullmatch(token) if isinstance(token, str) else None
        if not match:
            return None
        child = self._pf_browse("periscolaire.child", match.group(1), family)
        activity_id = parse_id(match.group(2))
        day = parse_date(match.group(3))
        if not activity_id or not day:
            return None
        # search, not browse: record rules hide other towns' activities.
        activity = request.env["periscolaire.activity"].search([("id", "=", activity_id)])
        if not activity:
            return None
        return child, activity, day, match.group(4)

    @http.route("/my/booking/calendar", type="http", auth="user", website=True, methods=["POST"])
    def booking_calendar_click(self, cell=None, month=None, **kw):
        family = self._pf_family()
        parsed = self._pf_parse_cell(family, cell)
        back = "/my/booking/calendar"
        if parsed_month := parse_month(month):
            back = f"{back}?month={format_month(*parsed_month)}"
        if not parsed:
            self._pf_flash(request.env._("Jour inconnu : rechargez la page et recommencez."))
            return request.redirect(back)
        child, activity, day, action = parsed
        try:
            with request.env.cr.savepoint():
                request.env["periscolaire.request"]._portal_book_one_day(
                    family, child, activity, day, action
                )
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
        return request.redirect(f"{back}#child-{child.id}")

    # ------------------------------------------------------------------
    # Exceptional request (past the deadline)
    # ------------------------------------------------------------------
    @http.route(
        "/my/booking/exception",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        max_content_length=UPLOAD_REQUEST_SIZE,
        upload_too_large=answer_too_large("/my/booking/calendar", "/my/booking/exception"),
    )
    def booking_exception(self, cell=None, reason=None, comment="", **kw):
        family = self._pf_family()
        parsed = self._pf_parse_cell(family, cell)
        if not parsed:
            raise NotFound()
        child, activity, day, action = parsed
        error = None
        if request.httprequest.method == "POST":
            try:
                done = self._pf_submit_exception(
                    family, child, activity, day, action, reason, comment
                )
            except USER_ERRORS as error_:
                error = error_message(error_)
            else:
                return request.redirect(f"/my/booking/confirmation/{done.id}")
        return request.render(
            "periscolaire_portal.portal_booking_exception",
            self._pf_booking_values(
                family,
                4,
                cell=cell,
                child=child,
                activity=activity,
                day=day,
                action=action,
                reason_groups=rules_deadlines.EXCEPTION_REASON_GROUPS,
                reason=parse_choice(reason, rules_deadlines.EXCEPTION_REASONS),
                comment=comment if isinstance(comment, str) else "",
                error=error,
                **upload_values(),
            ),
        )

    def _pf_submit_exception(self, family, child, activity, day, action, reason, comment):
        comment = clean_text(comment, request.env._("Commentaire"), TEXT_LENGTH, multiline=True)
        upload = request.httprequest.files.get("justification")
        with request.env.cr.savepoint():
            return request.env["periscolaire.request"]._portal_submit_exception(
                family,
                child,
                activity,
                day,
                action,
                parse_choice(reason, rules_deadlines.EXCEPTION_REASONS),
                comment,
                [read_upload(upload)] if upload else [],
            )

    # ------------------------------------------------------------------
    # Step 5: summary of the cart, submission
    # ------------------------------------------------------------------
    @http.route("/my/booking/cart", type="http", auth="user", website=True, methods=["GET"])
    def booking_cart(self, **kw):
        family = self._pf_family()
        cart = request.env["periscolaire.request"]._portal_get_cart(family)
        return request.render(
            "periscolaire_portal.portal_booking_cart",
            self._pf_booking_values(
                family,
                5,
                cart=cart,
                summary=cart._portal_summary() if cart else None,
                stale_lines=cart._portal_stale_lines() if cart else cart,
            ),
        )

    @http.route("/my/booking/cart/remove", type="http", auth="user", website=True, methods=["POST"])
    def booking_cart_remove(self, line_id=None, stale=None, **kw):
        family = self._pf_family()
        cart = request.env["periscolaire.request"]._portal_get_cart(family)
        if parse_flag(stale):
            lines = cart._portal_stale_lines() if cart else cart.line_ids
        else:
            lines = cart.line_ids.filtered(lambda line: line.id == parse_id(line_id))
            if not lines:
                raise NotFound()
        if lines:
            cart._portal_remove_lines(lines)
        return request.redirect("/my/booking/cart")

    @http.route("/my/booking/cart/clear", type="http", auth="user", website=True, methods=["POST"])
    def booking_cart_clear(self, **kw):
        family = self._pf_family()
        cart = request.env["periscolaire.request"]._portal_get_cart(family)
        if cart.line_ids:
            cart._portal_remove_lines(cart.line_ids)
        self._pf_flash(request.env._("Le panier a été vidé."), "success")
        return request.redirect("/my/booking/cart")

    @http.route("/my/booking/cart/submit", type="http", auth="user", website=True, methods=["POST"])
    def booking_cart_submit(self, **kw):
        family = self._pf_family()
        cart = request.env["periscolaire.request"]._portal_get_cart(family)
        try:
            if not cart:
                raise UserError(request.env._("Le panier est vide."))
            with request.env.cr.savepoint():
                cart._portal_submit()
        except USER_ERRORS as error:
            self._pf_flash(error_message(error))
            return request.redirect("/my/booking/cart")
        request.session.pop(SELECTION_KEY, None)
        return request.redirect(f"/my/booking/confirmation/{cart.id}")

    @http.route("/my/booking/confirmation/<int:request_id>", type="http", auth="user", website=True)
    def booking_confirmation(self, request_id, **kw):
        family = self._pf_family()
        record = self._pf_browse("periscolaire.request", request_id, family)
        if record.state == "cart":
            raise NotFound()
        return request.render(
            "periscolaire_portal.portal_booking_confirmation",
            self._pf_values(family, "pf_booking", pf_request=record),
        )

    @http.route("/my/booking/new", type="http", auth="user", website=True)
    def booking_new(self, **kw):
        """ "Nouvelle inscription": start the wizard again, the cart kept."""
        self._pf_family()
        request.session.pop(SELECTION_KEY, None)
        return request.redirect("/my/booking/participants")
