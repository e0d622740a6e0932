# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import calendar as rules_calendar
from ..rules import dates as rules_dates
from ..rules.errors import RuleError
from ..texts import rule_text

_logger = logging.getLogger(__name__)

DEFAULT_ZONE = "B"
DEFAULT_SUBDIVISION = "57"


class PeriscolaireClosedDay(models.Model):
    _name = "periscolaire.closed.day"
    _description = "Jour fermé (férié ou vacances scolaires)"
    _order = "date_start desc"

    name = fields.Char(string="Libellé", required=True)
    date_start = fields.Date(string="Du", required=True, index=True)
    date_end = fields.Date(string="Au", required=True, index=True)
    kind = fields.Selection(
        [("public", "Jour férié"), ("school", "Vacances scolaires")],
        string="Type",
        required=True,
        default="school",
    )
    zone = fields.Char()
    source = fields.Selection(
        [("computed", "Calculé"), ("manual", "Saisi")],
        string="Origine",
        required=True,
        default="manual",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK (date_end >= date_start)",
            "La date de fin doit suivre la date de début.",
        ),
    ]

    @api.constrains("kind", "date_start", "date_end")
    def _check_public_holiday_single_day(self):
        for closed_day in self:
            if closed_day.kind == "public" and closed_day.date_end != closed_day.date_start:
                raise ValidationError(self.env._("Un jour férié ne dure qu'un jour."))

    @api.model
    def _get_town_calendar(self, company, date_from, date_to):
        """The rules core's ``TownCalendar`` for ``company`` between the bounds.

        The closed days stored here are the reference for school holidays (staff
        may fix the computed ones): a school year without any school-holiday
        record counts as unknown, so its days stay closed. Public holidays are
        always closed (rules core); manual public holidays and applied closures
        close days too.
        """
        first = rules_dates.school_year_bounds(rules_dates.school_year_of(date_from))[0]
        last = rules_dates.school_year_bounds(rules_dates.school_year_of(date_to))[1]
        records = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("date_start", "<=", last),
                ("date_end", ">=", first),
            ]
        )
        school = records.filtered(lambda r: r.kind == "school")
        ranges = [rules_calendar.HolidayRange(r.date_start, r.date_end, r.name) for r in school]
        known_years = {rules_dates.school_year_of(r.date_start) for r in school}
        known_years |= {rules_dates.school_year_of(r.date_end) for r in school}
        extra_days = [
            rules_calendar.Closure(r.date_start, r.date_end, "other", r.name)
            for r in records.filtered(lambda r: r.kind == "public" and r.source == "manual")
        ]
        closures = self.env["periscolaire.closure"]._get_rule_closures(company, date_from, date_to)
        return rules_calendar.TownCalendar(
            subdiv=DEFAULT_SUBDIVISION,
            school_holidays=rules_calendar.SchoolHolidays(
                DEFAULT_ZONE,
                ranges,
                use_package=False,
                known_school_years=known_years,
            ),
            closures=extra_days + closures,
        )

    # ------------------------------------------------------------------
    # Generation from the rules core
    # ------------------------------------------------------------------
    @api.model
    def _generate_school_year(self, school_year, company=None):
        """Create the public holidays and school holidays of a school year
        (year of the rentrée) that are not there yet; return the new records.

        Raises ``RuleError`` when the school holidays of that year are unknown.
        """
        company = company or self.env.company
        zone = DEFAULT_ZONE
        periods = rules_calendar.school_year_closed_periods(
            school_year, zone=zone, subdivision=DEFAULT_SUBDIVISION
        )
        first, last = rules_dates.school_year_bounds(school_year)
        existing = {
            (record.kind, record.date_start)
            for record in self.search(
                [
                    ("company_id", "=", company.id),
                    ("date_start", ">=", first - timedelta(days=31)),
                    ("date_start", "<=", last),
                ]
            )
        }
        vals_list = [
            {
                "name": period.name,
                "kind": period.kind,
                "date_start": period.start,
                "date_end": period.end,
                "zone": zone if period.kind == "school" else False,
                "source": "computed",
                "company_id": company.id,
            }
            for period in periods
            if (period.kind, period.start) not in existing
        ]
        return self.create(vals_list)

    @api.model
    def action_generate_school_years(self):
        """Button: generate the current school year, and the next one when its
        holidays are published."""
        current = rules_dates.school_year_of(fields.Date.context_today(self))
        try:
            created = self._generate_school_year(current)
        except RuleError as error:
            raise UserError(rule_text(self.env, error.message)) from error
        message = self.env._("%s jour(s) fermé(s) ajouté(s).", len(created))
        notification_type = "success"
        try:
            created |= self._generate_school_year(current + 1)
            message = self.env._("%s jour(s) fermé(s) ajouté(s).", len(created))
        except RuleError as error:
            message = f"{message} {rule_text(self.env, error.message)}"
            notification_type = "warning"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": notification_type,
                "message": message,
                "sticky": notification_type == "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _generate_current_and_next(self, company):
        """Generate the current and the next school year of ``company``. Unknown
        holidays of the current year are reported (warning); those of the next
        one are often not published yet (info)."""
        current = rules_dates.school_year_of(fields.Date.context_today(self))
        for school_year, level in (
            (current, logging.WARNING),
            (current + 1, logging.INFO),
        ):
            try:
                self._generate_school_year(school_year, company)
            except RuleError as error:
                _logger.log(level, "%s (%s)", error.message, company.name)

    @api.model
    def _install_current_school_year(self):
        self._generate_current_and_next(self.env.company)

    @api.model
    def _cron_generate_school_years(self):
        """Keep the current and next school years filled for every town
        running activities."""
        groups = self.env["periscolaire.activity"].sudo()._read_group([], ["company_id"])
        for (company,) in groups:
            self._generate_current_and_next(company)
