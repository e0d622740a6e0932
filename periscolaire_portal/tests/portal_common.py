# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The town of the tests (``common.py``) around the real today, for the parents' pages.

The portal decides with the real clock (deadlines), so the activities run from a month ago to
five months ahead. The database's own activities (demo data) stay out of the way, and documents
block nothing: they are the documents tests' business.
"""

import base64
import html
import re
from datetime import UTC, datetime, timedelta

from odoo import fields, http
from odoo.tests import HttpCase

from odoo.addons.periscolaire_portal.models.periscolaire_family_portal import cell_token
from odoo.addons.periscolaire_portal.rules import dates as rules_dates
from odoo.addons.periscolaire_portal.rules import deadlines as rules_deadlines

from .common import PeriscolaireCommon

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def page(response):
    """The response's text with HTML entities decoded (QWeb escapes apostrophes)."""
    return html.unescape(response.text)


class PortalCommon(PeriscolaireCommon, HttpCase):
    @classmethod
    def _activities_period(cls):
        today = fields.Date.context_today(cls.env.user)
        return today - timedelta(days=30), today + timedelta(days=150)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["periscolaire.document.type"].search([]).write({"blocking": False})
        env["periscolaire.activity"].search([("category_id", "!=", cls.category.id)]).active = False

    @classmethod
    def _tomorrow_reservation(cls, child, activity=None):
        """A validated booking of ``child`` tomorrow (the lunch activity by default)."""
        return cls.env["periscolaire.reservation"].create(
            {
                "child_id": child.id,
                "activity_id": (activity or cls.midi).id,
                "date": cls.today + timedelta(days=1),
            }
        )

    # ------------------------------------------------------------------
    # Days, as the rules see them now
    # ------------------------------------------------------------------
    def _status(self, activity, day):
        calendar = self.family._portal_town_calendar(day, day)
        return calendar.day_status(activity._as_rule_spec(), day)

    def _is_open(self, activity, day):
        policy = activity.category_id._get_deadline_policy()
        return self._status(activity, day).runs and rules_deadlines.is_open_for_change(
            day, datetime.now(UTC), policy
        )

    def _first_open_day(self, activity, weekday=None, after=None):
        day = after or self.today
        for _i in range(120):
            day += timedelta(days=1)
            if (weekday is None or day.weekday() == weekday) and self._is_open(activity, day):
                return day
        raise AssertionError("no open day in the test period")

    def _past_deadline_day(self, activity):
        """A day the activity runs on whose deadline is over (today or soon)."""
        for offset in range(10):
            day = self.today + timedelta(days=offset)
            if self._status(activity, day).runs and not self._is_open(activity, day):
                return day
        raise AssertionError("no past-deadline day found")

    # ------------------------------------------------------------------
    # HTTP helpers
    # ------------------------------------------------------------------
    def _login(self, user=None):
        user = user or self.user
        self.authenticate(user.login, user.login)

    def _post(self, url, data=None, files=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data, files=files, **kw)

    def _home_counters(self):
        """The figures of the /my cards as the page's script loads them: Odoo's /my/counters
        asked for every ``data-placeholder_count`` of the page."""
        names = re.findall(r'data-placeholder_count="(\w+)"', self.url_open("/my").text)
        return self.make_jsonrpc_request("/my/counters", {"counters": names})

    def _cell(self, child, activity, day, action="book"):
        return cell_token(child.id, activity.id, day, action)

    def _cart(self, family=None):
        self.env.invalidate_all()
        return self.env["periscolaire.request"]._portal_get_cart(family or self.family)

    def _family_lines(self, family=None):
        self.env.invalidate_all()
        return self.env["periscolaire.request.line"].search(
            [("family_id", "=", (family or self.family).id)]
        )

    def _snapshot(self):
        """Everything the portal may write for the family, to check nothing was."""
        self.env.invalidate_all()
        family_domain = [("family_id", "in", (self.family | self.other_family).ids)]
        return {
            "requests": self.env["periscolaire.request"].search_count(family_domain),
            "lines": sorted(self.env["periscolaire.request.line"].search(family_domain).ids),
            "reservations": sorted(
                self.env["periscolaire.reservation"]
                .search(family_domain)
                .mapped(lambda r: (r.id, r.state, r.attendance))
            ),
            "attachments": self.env["ir.attachment"].search_count(
                [("res_model", "like", "periscolaire.%")]
            ),
        }

    @staticmethod
    def _month(day):
        return f"{day.year:04d}-{day.month:02d}"

    def _cell_html(self, text, day, label):
        """The grid cell of ``day`` whose legend label is ``label`` (None if absent): group 1
        is its state's CSS suffix, group 2 its content."""
        title = f"{rules_dates.long_date(day)} : {label}"
        pattern = re.compile(
            r'<td class="o_pf_cell o_pf_state_(\w+)" title="' + re.escape(title) + r'">(.*?)</td>',
            re.DOTALL,
        )
        return pattern.search(text)
