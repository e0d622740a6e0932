# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.periscolaire_portal.rules import caf
from odoo.addons.periscolaire_portal.rules import dates as rules_dates

ATTENDED = ("present", "unbooked")
KINDS = [(kind.value, label) for kind, label in caf.KIND_LABELS.items()]
AGE_BANDS = [(band.value, label) for band, label in caf.AGE_BAND_LABELS.items()]
#: Key of the transaction lock taken while a period is computed (any number of ours).
COMPUTE_LOCK = 0x43414601
ZERO = Decimal(0)


class PeriscolaireCafLine(models.Model):
    """A child's day in one accueil (site and kind) as declared to the CAF:
    hours attended and hours billed, after the CAF's caps. Computed from the
    reservations and their recorded attendance by :meth:`_compute_period`."""

    _name = "periscolaire.caf.line"
    _description = "Heures CAF d'un enfant sur une journée"
    _order = "date desc, site_id, kind, child_id"

    company_id = fields.Many2one("res.company", string="Société", required=True, index=True)
    date = fields.Date(string="Jour", required=True, index=True)
    month = fields.Date(string="Mois", required=True, index=True)
    site_id = fields.Many2one("periscolaire.site", required=True, index=True)
    kind = fields.Selection(KINDS, string="Accueil", required=True)
    age_band = fields.Selection(AGE_BANDS, string="Tranche d'âge", required=True)
    child_id = fields.Many2one(
        "periscolaire.child", string="Enfant", required=True, index=True, ondelete="cascade"
    )
    attending_child_id = fields.Many2one(
        "periscolaire.child",
        string="Enfants présents",
        help="L'enfant quand il a été présent ce jour-là : compté une fois par regroupement.",
    )
    hours_attended = fields.Float(string="Heures réalisées", aggregator="sum")
    hours_billed = fields.Float(string="Heures facturées", aggregator="sum")
    hours_attended_before_caps = fields.Float(
        string="Heures de présence avant plafond", aggregator="sum"
    )
    hours_billed_before_caps = fields.Float(
        string="Heures facturées avant plafond", aggregator="sum"
    )
    reservation_ids = fields.Many2many(
        "periscolaire.reservation",
        "periscolaire_caf_line_reservation_rel",
        "line_id",
        "reservation_id",
        string="Réservations",
    )
    computed_on = fields.Datetime(string="Calculé le", required=True)

    _sql_constraints = [
        (
            "child_day_accueil_unique",
            "UNIQUE (company_id, child_id, date, site_id, kind)",
            "Une seule ligne CAF par enfant, jour et accueil.",
        ),
    ]

    @api.depends("child_id", "date", "kind")
    def _compute_display_name(self):
        labels = dict(KINDS)
        for line in self:
            day = line.date.strftime("%d/%m/%Y") if line.date else ""
            line.display_name = f"{line.child_id.name or ''} — {day} — {labels.get(line.kind, '')}"

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def _compute_period(self, date_from, date_to, company=None):
        """(Re)compute the lines of ``company`` (the current one by default)
        from ``date_from`` to ``date_to``: lines of that period are replaced,
        so a period can be computed again after attendance was corrected."""
        company = company or self.env.company
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", COMPUTE_LOCK, company.id))
        reservations = self._reservations_of(company, date_from, date_to)
        calendar = self.env["periscolaire.closed.day"]._get_town_calendar(
            company, date_from, date_to
        )
        slots = [self._slot_of(reservation, calendar) for reservation in reservations]
        lines = caf.caf_lines(slots, company._get_periscolaire_caf_caps())
        self.search(
            [("company_id", "=", company.id), ("date", ">=", date_from), ("date", "<=", date_to)]
        ).unlink()
        now = fields.Datetime.now()
        return self.create(
            [
                {
                    "company_id": company.id,
                    "date": line.day,
                    "month": line.day.replace(day=1),
                    "site_id": line.site_id,
                    "kind": line.kind.value,
                    "age_band": line.age_band.value,
                    "child_id": line.child_id,
                    "attending_child_id": line.child_id if line.attended_minutes else False,
                    "hours_attended": float(line.hours_attended),
                    "hours_billed": float(line.hours_billed),
                    "hours_attended_before_caps": float(
                        caf.minutes_to_hours(line.attended_raw_minutes)
                    ),
                    "hours_billed_before_caps": float(
                        caf.minutes_to_hours(line.billed_raw_minutes)
                    ),
                    "reservation_ids": [fields.Command.set(list(line.slot_keys))],
                    "computed_on": now,
                }
                for line in lines
            ]
        )

    @api.model
    def _reservations_of(self, company, date_from, date_to):
        """Reservations that may count: confirmed ones (attended or billed) and
        cancellations billed (late)."""
        return (
            self.env["periscolaire.reservation"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    "|",
                    ("state", "=", "confirmed"),
                    ("cancel_reason", "=", "family_late"),
                ]
            )
        )

    @api.model
    def _slot_of(self, reservation, calendar):
        activity = reservation.activity_id
        known, holiday_name = calendar.school_holidays.lookup(reservation.date)
        # Holidays of a school year nobody entered: trust the kind of days of the activity.
        in_holidays = bool(holiday_name) if known else activity.day_kind == "holiday"
        return caf.Slot(
            key=reservation.id,
            child_id=reservation.child_id.id,
            birth_date=reservation.child_id.birth_date,
            day=reservation.date,
            site_id=reservation.site_id.id,
            kind=caf.accueil_kind(reservation.date, in_holidays, activity.caf_kind),
            hour_start=activity.hour_start,
            hour_end=activity.hour_end,
            has_meal=activity.has_meal,
            attended=reservation.state == "confirmed" and reservation.attendance in ATTENDED,
            billed=bool(reservation._get_billing_kind()),
        )

    @api.model
    def _cron_compute_previous_month(self):
        """Compute last month for every company that has reservations."""
        first, last = rules_dates.month_bounds(*self._previous_month())
        companies = (
            self.env["periscolaire.reservation"]
            .sudo()
            ._read_group([("date", ">=", first), ("date", "<=", last)], ["company_id"])
        )
        for (company,) in companies:
            self.with_company(company)._compute_period(first, last, company)

    @api.model
    def _previous_month(self):
        today = fields.Date.context_today(self)
        month = today.replace(day=1) - rules_dates.ONE_DAY
        return month.year, month.month

    # ------------------------------------------------------------------
    # Declaration (PDF)
    # ------------------------------------------------------------------
    def _get_declaration(self):
        """The declaration's rows for these lines, for the PDF: one per site,
        accueil, month and age band, with the rules core's totals."""
        rule_lines = [
            caf.CafLine(
                child_id=line.child_id.id,
                day=line.date,
                site_id=line.site_id.id,
                kind=caf.AccueilKind(line.kind),
                age_band=caf.AgeBand(line.age_band),
                attended_minutes=round(line.hours_attended * 60),
                billed_minutes=round(line.hours_billed * 60),
                attended_raw_minutes=round(line.hours_attended_before_caps * 60),
                billed_raw_minutes=round(line.hours_billed_before_caps * 60),
            )
            for line in self
        ]
        summary = caf.summarise(rule_lines)
        sites = {site.id: site for site in self.site_id}
        caps = (self.company_id[:1] or self.env.company)._get_periscolaire_caf_caps()
        return {
            "day_cap": caf.hours_label(caps.wednesday_day_with_meal),
            "half_day_cap": caf.hours_label(caps.wednesday_half_day),
            "rows": [
                {
                    "site": sites[row.site_id],
                    "kind": caf.KIND_LABELS[row.kind],
                    "month": rules_dates.month_label(row.month.year, row.month.month),
                    "age_band": caf.AGE_BAND_LABELS[row.age_band],
                    "hours_attended": caf.hours_label(row.hours_attended),
                    "hours_billed": caf.hours_label(row.hours_billed),
                    "children": row.children,
                }
                for row in summary
            ],
            "date_from": min(self.mapped("date"), default=False),
            "date_to": max(self.mapped("date"), default=False),
            "hours_attended": caf.hours_label(sum((r.hours_attended for r in summary), ZERO)),
            "hours_billed": caf.hours_label(sum((r.hours_billed for r in summary), ZERO)),
            "children": len(self.attending_child_id),
        }
