# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets
from datetime import UTC, datetime, timedelta

from odoo import api, fields, models

from ..rules import cells as rules_cells
from ..rules import dates as rules_dates
from ..rules.recurrence import Action, BookingState
from ..texts import rule_text

#: Cell state of the rules core → (CSS suffix of ``o_pf_state_*``, short mark in the cell).
#: Every state a parent can act on or must notice has a mark, so that no state is told by its
#: colour alone (WCAG 1.4.1); the legend shows the same marks.
CELL_STYLES = {
    rules_cells.CellState.AVAILABLE: ("available", "○"),
    rules_cells.CellState.CLOSED: ("closed", "F"),
    rules_cells.CellState.PAST_DEADLINE: ("late", "⊘"),
    rules_cells.CellState.PENDING: ("pending", "…"),
    rules_cells.CellState.IN_CART: ("cart", "+"),
    rules_cells.CellState.VALIDATED: ("validated", "✓"),
    rules_cells.CellState.CHANGE_REQUESTED: ("change", "~"),
    rules_cells.CellState.CANCEL_REQUESTED: ("cancel", "✕"),
    rules_cells.CellState.WAITING: ("waiting", "🕒"),
    rules_cells.CellState.OTHER_HOUSEHOLD: ("other", "⇄"),
    rules_cells.CellState.OTHER_PARENT: ("custody", ""),
    rules_cells.CellState.NOT_OFFERED: ("none", ""),
}


def utc_now():
    """The current moment, aware: the rules convert it to the town's time."""
    return datetime.now(UTC)


def cell_token(child_id, activity_id, day, action):
    """Value posted by a clickable cell: ``"12-3-2025-03-11-book"``."""
    return f"{child_id}-{activity_id}-{day.isoformat()}-{action}"


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    ical_token = fields.Char(
        string="Jeton du calendrier iCal",
        copy=False,
        index="btree_not_null",
        help="Clé secrète de l'adresse iCal privée de la famille ; la régénérer révoque "
        "l'ancienne adresse.",
    )

    # ------------------------------------------------------------------
    # What the family may book
    # ------------------------------------------------------------------
    def _portal_allowed_activities(self, children, today=None):
        """``{child: activities}`` offered to each child on the portal: period
        not over, age within the activity's bounds, and the child's site or a
        site open to all children (the Wednesday centre)."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        activities = self.env["periscolaire.activity"].search(
            [("company_id", "=", self.company_id.id), ("date_end", ">=", today)]
        )
        allowed = {}
        for child in children:
            age = child._age_on(today)
            allowed[child] = activities.filtered(
                lambda activity, child=child, age=age: (
                    (not activity.age_min or age >= activity.age_min)
                    and (not activity.age_max or age <= activity.age_max)
                    and (
                        not child.site_id
                        or activity.site_id == child.site_id
                        or activity.site_id.open_to_all
                    )
                )
            )
        return allowed

    def _portal_shared_activities(self, children, today=None):
        """Activities offered to every one of ``children`` (booked together)."""
        allowed = self._portal_allowed_activities(children, today)
        shared = None
        for activities in allowed.values():
            shared = activities if shared is None else shared & activities
        return shared if shared is not None else self.env["periscolaire.activity"]

    # ------------------------------------------------------------------
    # Current state of the family's days
    # ------------------------------------------------------------------
    def _portal_booking_states(self, children, activities, date_from, date_to):
        """Where each child stands, per activity and day, for the rules core.

        Returns ``(states, ranks, cart_lines)``, all keyed by ``(child_id,
        activity_id, day)``: the :class:`BookingState` (missing = nothing),
        the waiting-list rank, and the cart line of that day if any. A day the
        child's other household booked is ``OTHER_HOUSEHOLD``, nothing more of
        that household's shows.
        """
        self.ensure_one()
        common = [
            ("child_id", "in", children.ids),
            ("activity_id", "in", activities.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        # Only the columns read below: a busy month is hundreds of rows.
        reservations = self.env["periscolaire.reservation"].search_fetch(
            common + [("family_id", "=", self.id), ("state", "=", "confirmed")],
            ["child_id", "activity_id", "date"],
        )
        lines = self.env["periscolaire.request.line"].search_fetch(
            common
            + [
                ("family_id", "=", self.id),
                ("state", "in", ("draft", "pending", "waiting")),
            ],
            [
                "child_id",
                "activity_id",
                "date",
                "state",
                "action",
                "request_id",
                "waiting_rank",
                "is_late",
            ],
        )
        states, ranks, cart_lines = {}, {}, {}
        shared = children.filtered("second_family_id")
        if shared:
            # Read as superuser: the parent may not read the other household's bookings.
            taken = (
                self.env["periscolaire.reservation"]
                .sudo()
                .search_fetch(
                    [
                        ("child_id", "in", shared.ids),
                        ("activity_id", "in", activities.ids),
                        ("date", ">=", date_from),
                        ("date", "<=", date_to),
                        ("family_id", "!=", self.id),
                        ("state", "=", "confirmed"),
                    ],
                    ["child_id", "activity_id", "date"],
                )
            )
            for reservation in taken:
                key = (reservation.child_id.id, reservation.activity_id.id, reservation.date)
                states[key] = BookingState.OTHER_HOUSEHOLD
        for reservation in reservations:
            key = (reservation.child_id.id, reservation.activity_id.id, reservation.date)
            states[key] = BookingState.BOOKED
        # A request under review outweighs the cart, which outweighs a booking.
        order = {"draft": 0, "waiting": 1, "pending": 2}
        for line in lines.sorted(lambda line: order[line.state]):
            key = (line.child_id.id, line.activity_id.id, line.date)
            book = line.action == Action.BOOK
            if line.state == "draft":
                if line.request_id.state != "cart":
                    continue
                cart_lines[key] = line
                states[key] = BookingState.CART_BOOK if book else BookingState.CART_CANCEL
            elif line.state == "waiting":
                states[key] = BookingState.WAITING
                ranks[key] = line.waiting_rank
            elif line.is_late:
                states[key] = BookingState.PENDING_CHANGE
            else:
                states[key] = BookingState.PENDING_BOOK if book else BookingState.PENDING_CANCEL
        return states, ranks, cart_lines

    def _portal_town_calendar(self, date_from, date_to):
        self.ensure_one()
        return self.env["periscolaire.closed.day"]._get_town_calendar(
            self.company_id, date_from, date_to
        )

    # ------------------------------------------------------------------
    # Month grid, ready for QWeb
    # ------------------------------------------------------------------
    def _portal_month_grid(self, year, month, rows, clickable=False, now=None):
        """The month grid of ``rows`` (pairs of child and activity records).

        Returns a dict: ``title`` ("mars 2025"), ``month``/``prev``/``next``
        ("2025-03"), ``weeks`` (label "Sem. 9" and column span), ``days``
        (label "sa 01", weekend, today), ``children`` (child record and its
        rows: activity and cells). Each cell has ``css`` (``o_pf_state_*``
        suffix), ``mark``, ``label`` (legend text with the day), and when
        ``clickable`` a ``token`` to post (open cells) or an ``exception``
        token (past-deadline days from today on, for an exceptional request).
        """
        self.ensure_one()
        now = now or utc_now()
        today = fields.Date.context_today(self)
        first, last = rules_dates.month_bounds(year, month)
        children = self.env["periscolaire.child"].union(*(child for child, _a in rows))
        activities = self.env["periscolaire.activity"].union(*(activity for _c, activity in rows))
        states, ranks, _cart = self._portal_booking_states(children, activities, first, last)
        specs = {activity.id: activity._as_rule_spec() for activity in activities}
        grid = rules_cells.month_grid(
            year,
            month,
            [(child.id, specs[activity.id]) for child, activity in rows],
            self._portal_town_calendar(first, last),
            now,
            states=states,
            waiting_ranks=ranks,
            custody=children._custody_by_child(),
            household=self.id,
        )
        records = {activity.id: activity for activity in activities}
        by_child = {child: [] for child, _activity in rows}
        for row in grid.rows:
            child = children.browse(row.child_id)
            activity = records[row.activity.id]
            by_child[child].append(
                {
                    "activity": activity,
                    "cells": [
                        self._portal_cell_values(child, activity, cell, clickable, today)
                        for cell in row.cells
                    ],
                }
            )
        return {
            "title": grid.title,
            "month": f"{year:04d}-{month:02d}",
            "prev": "{:04d}-{:02d}".format(*grid.previous_month),
            "next": "{:04d}-{:02d}".format(*grid.next_month),
            "weeks": [
                {"label": rule_text(self.env, week.label), "span": len(week.days)}
                for week in grid.weeks
            ],
            "days": [
                {
                    "label": day.label,
                    "weekend": day.is_weekend,
                    "today": day.day == today,
                }
                for day in grid.days
            ],
            "children": [{"child": child, "rows": rows_} for child, rows_ in by_child.items()],
        }

    def _portal_calendar_rows(self, year, month):
        """(child, activity) pairs with something booked or asked in the month,
        for "Mon calendrier" and its PDF; for a child of two households, the
        other household's bookings too (they show as taken)."""
        self.ensure_one()
        first, last = rules_dates.month_bounds(year, month)
        common = [("family_id", "=", self.id), ("date", ">=", first), ("date", "<=", last)]
        # The distinct pairs, not the month's hundred rows of a busy family.
        pairs = set(
            self.env["periscolaire.reservation"]._read_group(common, ["child_id", "activity_id"])
        )
        pairs |= set(
            self.env["periscolaire.request.line"]._read_group(
                common + [("state", "in", ("draft", "pending", "waiting", "validated"))],
                ["child_id", "activity_id"],
            )
        )
        shared = self.household_child_ids.filtered("second_family_id")
        if shared:
            groups = (
                self.env["periscolaire.reservation"]
                .sudo()
                ._read_group(
                    [
                        ("child_id", "in", shared.ids),
                        ("family_id", "!=", self.id),
                        ("state", "=", "confirmed"),
                        ("date", ">=", first),
                        ("date", "<=", last),
                    ],
                    ["child_id", "activity_id"],
                )
            )
            pairs |= {(child.sudo(False), activity.sudo(False)) for child, activity in groups}
        # Read the sort keys of all the pairs at once.
        children = self.env["periscolaire.child"].union(*(child for child, _a in pairs))
        activities = self.env["periscolaire.activity"].union(*(activity for _c, activity in pairs))
        children.fetch(["name"])
        activities.fetch(["number", "category_id"])
        activities.category_id.fetch(["sequence"])
        return sorted(
            pairs,
            key=lambda pair: (
                pair[0].name or "",
                pair[1].category_id.sequence,
                pair[1].number,
                pair[1].id,
            ),
        )

    def _portal_cell_values(self, child, activity, cell, clickable, today):
        css, mark = CELL_STYLES[cell.state]
        if cell.booking == BookingState.CART_CANCEL:
            mark = "−"
        elif cell.state == rules_cells.CellState.WAITING and cell.waiting_rank:
            mark = f"{mark}{cell.waiting_rank}"
        label = ""
        if cell.label:
            label = self.env._(
                "%(day)s : %(state)s",
                day=rules_dates.long_date(cell.day),
                state=rule_text(self.env, cell.label),
            )
        values = {
            "css": css,
            "mark": mark,
            "label": label,
            "token": False,
            "exception": False,
        }
        if clickable and cell.click_action:
            values["token"] = cell_token(child.id, activity.id, cell.day, cell.click_action)
        elif clickable and cell.state == rules_cells.CellState.PAST_DEADLINE and cell.day >= today:
            values["exception"] = cell_token(child.id, activity.id, cell.day, Action.BOOK)
        elif clickable and cell.state == rules_cells.CellState.VALIDATED and cell.day >= today:
            values["exception"] = cell_token(child.id, activity.id, cell.day, Action.CANCEL)
        if values["exception"]:
            values["exception_label"] = self.env._("%s — demande exceptionnelle", label)
        return values

    def _portal_legend(self):
        """The guide's legend, and the lines of a child in two households when the family
        has one."""
        lines = rules_cells.LEGEND
        if self.household_child_ids.filtered("second_family_id"):
            lines += rules_cells.CUSTODY_LEGEND
        return [
            {
                "css": CELL_STYLES[state][0],
                "mark": CELL_STYLES[state][1],
                "label": rule_text(self.env, label),
            }
            for state, label in lines
        ]

    # ------------------------------------------------------------------
    # Counters of the portal home
    # ------------------------------------------------------------------
    def _portal_requests_awaiting(self):
        """Submitted requests that still have lines awaiting the town."""
        self.ensure_one()
        return self.env["periscolaire.request"].search(
            [
                ("family_id", "=", self.id),
                ("state", "=", "submitted"),
                ("line_ids.state", "=", "pending"),
            ]
        )

    def _portal_alert_count(self):
        self.ensure_one()
        return self.sudo().document_alert_count + len(self._portal_requests_awaiting())

    # ------------------------------------------------------------------
    # Documents: what the family's pages show of them
    # ------------------------------------------------------------------
    def _portal_document_alert_table(self):
        """The "Mes alertes" table of the family (see ``_get_document_alert_table``)."""
        self.ensure_one()
        self.check_access("read")
        return self.sudo()._get_document_alert_table()

    def _portal_blocking_documents(self, children=None):
        """What blocks the family's new bookings (see ``_get_blocking_documents``)."""
        self.ensure_one()
        self.check_access("read")
        return self.sudo()._get_blocking_documents(children=children)

    def _portal_check_blockers(self, children):
        """Refuse (French UserError) a booking of ``children`` that documents block."""
        self.ensure_one()
        self.check_access("read")
        self.sudo()._check_blocking_documents(children)

    # ------------------------------------------------------------------
    # Calendar as PDF, private iCal address
    # ------------------------------------------------------------------
    def _portal_calendar_pdf(self, year, month):
        """``(content, filename)`` of the family's calendar of a month, printed."""
        self.ensure_one()
        self.check_access("read")
        content, _type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                "periscolaire_portal.action_report_periscolaire_calendar",
                self.ids,
                data={"month": f"{year:04d}-{month:02d}"},
            )
        )
        return content, f"calendrier-{year:04d}-{month:02d}.pdf"

    def _portal_ensure_ical_token(self):
        self.ensure_one()
        self.check_access("read")
        if not self.sudo().ical_token:
            self.sudo().ical_token = secrets.token_urlsafe(32)
        return self.sudo().ical_token

    def _portal_renew_ical_token(self):
        """Give the family a new address: the previous one stops working."""
        self.ensure_one()
        self.check_access("read")
        self.sudo().ical_token = secrets.token_urlsafe(32)
        return self.sudo().ical_token

    @api.model
    def _ical_feed(self, token, days_back):
        """``(family, reservations)`` of the private iCal address of ``token``:
        the family whose token it is and its validated bookings from ``days_back``
        days ago on; an empty family for an unknown token. Whoever holds the
        address reads the feed (the token is the access check), hence records
        read as superuser."""
        family = self.sudo().search([("ical_token", "=", token)], limit=1)
        reservations = self.env["periscolaire.reservation"].sudo()
        if family:
            since = fields.Date.context_today(family) - timedelta(days=days_back)
            reservations = reservations.search(
                [
                    ("family_id", "=", family.id),
                    ("state", "=", "confirmed"),
                    ("date", ">=", since),
                ],
                order="date, activity_id, child_id",
            )
        return family, reservations
