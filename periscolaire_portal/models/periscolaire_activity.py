# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..rules import calendar as rules_calendar
from ..rules import capacity as rules_capacity
from ..rules import money

WEEKDAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PeriscolaireActivity(models.Model):
    _name = "periscolaire.activity"
    _description = "Activité périscolaire"
    _inherit = ["mail.thread"]
    _order = "category_id, number, name"
    _rec_names_search = ["name", "number"]

    number = fields.Integer(string="Numéro", required=True, tracking=True)
    name = fields.Char(string="Nom", required=True, tracking=True)
    active = fields.Boolean(string="Actif", default=True)
    category_id = fields.Many2one(
        "periscolaire.activity.category",
        string="Catégorie",
        required=True,
        index=True,
        tracking=True,
    )
    site_id = fields.Many2one("periscolaire.site", required=True, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    description = fields.Text()
    date_start = fields.Date(string="Début de période", required=True, tracking=True)
    date_end = fields.Date(string="Fin de période", required=True, tracking=True)
    hour_start = fields.Float(string="Heure de début", required=True)
    hour_end = fields.Float(string="Heure de fin", required=True)
    mon = fields.Boolean(string="Lundi")
    tue = fields.Boolean(string="Mardi")
    wed = fields.Boolean(string="Mercredi")
    thu = fields.Boolean(string="Jeudi")
    fri = fields.Boolean(string="Vendredi")
    sat = fields.Boolean(string="Samedi")
    sun = fields.Boolean(string="Dimanche")
    day_kind = fields.Selection(
        [
            ("school", "Jours d'école"),
            ("holiday", "Vacances scolaires"),
            ("both", "Tous"),
        ],
        string="Jours",
        required=True,
        default="school",
    )
    capacity_mode = fields.Selection(
        [("places", "Nombre de places"), ("staffing", "Selon l'encadrement")],
        string="Capacité",
        required=True,
        default="places",
        tracking=True,
    )
    capacity = fields.Integer(string="Places", tracking=True)
    staff_count = fields.Integer(string="Animateurs", tracking=True)
    has_pedt = fields.Boolean(
        string="PEDT",
        help="Projet éducatif territorial : taux d'encadrement assouplis.",
    )
    has_meal = fields.Boolean(string="Avec repas")
    has_waiting_list = fields.Boolean(string="Liste d'attente", default=True)
    accept_over_capacity = fields.Boolean(
        string="Accueil garanti",
        help="Toutes les demandes sont acceptées, même au-delà de la capacité "
        "(restauration scolaire : un élève ne peut pas être refusé faute de place). "
        "Le personnel ajuste alors l'encadrement.",
    )
    age_min = fields.Integer(string="Âge minimum")
    age_max = fields.Integer(string="Âge maximum")
    product_id = fields.Many2one(
        "product.product",
        string="Article de facturation",
        domain=[("type", "=", "service")],
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    list_price = fields.Monetary(
        string="Tarif",
        compute="_compute_list_price",
        currency_field="currency_id",
        compute_sudo=True,
        help="Prix de vente de l'article de facturation.",
    )
    weekday_label = fields.Char(string="Jours de la semaine", compute="_compute_weekday_label")

    _sql_constraints = [
        (
            "period_check",
            "CHECK (date_end >= date_start)",
            "La fin de période doit suivre son début.",
        ),
        (
            "capacity_positive",
            "CHECK (capacity >= 0)",
            "Le nombre de places ne peut pas être négatif.",
        ),
        (
            "staff_positive",
            "CHECK (staff_count >= 0)",
            "Le nombre d'animateurs ne peut pas être négatif.",
        ),
    ]

    @api.depends("number", "name")
    def _compute_display_name(self):
        for activity in self:
            activity.display_name = f"{activity.number}) {activity.name or ''}"

    @api.depends("product_id.lst_price")
    def _compute_list_price(self):
        for activity in self:
            activity.list_price = activity.product_id.lst_price

    @api.depends(*WEEKDAY_FIELDS)
    def _compute_weekday_label(self):
        labels = dict(
            zip(
                WEEKDAY_FIELDS,
                (
                    "Lundi",
                    "Mardi",
                    "Mercredi",
                    "Jeudi",
                    "Vendredi",
                    "Samedi",
                    "Dimanche",
                ),
                strict=True,
            )
        )
        for activity in self:
            activity.weekday_label = ", ".join(
                labels[name] for name in WEEKDAY_FIELDS if activity[name]
            )

    @api.constrains("hour_start", "hour_end")
    def _check_hours(self):
        for activity in self:
            # The rules core works with times of day: midnight is no end time.
            if not 0 <= activity.hour_start < activity.hour_end < 24:
                raise ValidationError(
                    self.env._(
                        "« %s » : l'heure de fin doit suivre l'heure de début, "
                        "dans la même journée (au plus tard 23:59).",
                        activity.display_name,
                    )
                )

    @api.constrains("age_min", "age_max")
    def _check_ages(self):
        for activity in self:
            if activity.age_max and activity.age_min > activity.age_max:
                raise ValidationError(
                    self.env._(
                        "« %s » : l'âge minimum dépasse l'âge maximum.",
                        activity.display_name,
                    )
                )

    def _get_weekdays(self):
        """ISO weekday numbers (Monday = 0) on which the activity runs."""
        self.ensure_one()
        return {index for index, name in enumerate(WEEKDAY_FIELDS) if self[name]}

    def _get_session_price(self, child, day, late=False, family=None):
        """Price of one session as a ``Decimal``; billing refines it (tariffs, the QF and
        residence of ``family``, the household that books: the child's first by default)."""
        self.ensure_one()
        return self._get_product_session_price()

    def _get_product_session_price(self):
        """Price of one session from the billing product, as a ``Decimal``."""
        self.ensure_one()
        return money.round_cents(self.list_price or 0.0)

    def _get_session_prices(self, child, days, late=False, family=None):
        """{day: price of one session as a ``Decimal``} for ``days``; billing
        prices them together."""
        self.ensure_one()
        return {day: self._get_session_price(child, day, late=late, family=family) for day in days}

    # ------------------------------------------------------------------
    # Open days (rules core)
    # ------------------------------------------------------------------
    def _as_rule_spec(self):
        """The activity as the rules core sees it."""
        self.ensure_one()
        return rules_calendar.ActivitySpec(
            id=self.id,
            period_start=self.date_start,
            period_end=self.date_end,
            weekdays=[name for name in WEEKDAY_FIELDS if self[name]],
            day_kind=self.day_kind,
            site_id=self.site_id.id,
            name=self.display_name,
            hour_start=self.hour_start,
            hour_end=self.hour_end,
            deadline_policy=self.category_id._get_deadline_policy(),
        )

    def _get_town_calendar(self, date_from, date_to):
        company = self.company_id[:1] or self.env.company
        return self.env["periscolaire.closed.day"]._get_town_calendar(company, date_from, date_to)

    def _get_open_days(self, date_from=None, date_to=None, calendar=None):
        """Days of ``[date_from, date_to]`` (clipped to the period) on which the
        activity runs: its weekdays and kind of days, minus public holidays,
        school holidays (as stored in the closed days) and applied closures."""
        self.ensure_one()
        date_from = max(date_from or self.date_start, self.date_start)
        date_to = min(date_to or self.date_end, self.date_end)
        if date_from > date_to:
            return []
        calendar = calendar or self._get_town_calendar(date_from, date_to)
        return calendar.open_days(self._as_rule_spec(), date_from, date_to)

    def _get_day_status(self, day, calendar=None):
        """``DayStatus`` of the rules core: runs, or the reason why not."""
        self.ensure_one()
        calendar = calendar or self._get_town_calendar(day, day)
        return calendar.day_status(self._as_rule_spec(), day)

    def _is_open_on(self, day):
        self.ensure_one()
        return self._get_day_status(day).runs

    # ------------------------------------------------------------------
    # Places
    # ------------------------------------------------------------------
    def _get_slot_rules(self):
        """Capacity settings of the activity for the rules core."""
        self.ensure_one()
        spec = self._as_rule_spec()
        return rules_capacity.SlotRules(
            mode=self.capacity_mode,
            places=self.capacity,
            staff=self.staff_count,
            pedt=self.has_pedt,
            over_5h=rules_capacity.is_over_5h(spec.hour_start, spec.hour_end),
            has_waiting_list=self.has_waiting_list,
            accept_over_capacity=self.accept_over_capacity,
        )

    def _get_free_places(self, day):
        """Places left on ``day``; with staffing ratios, the places left for
        children under 6 (the stricter ratio)."""
        self.ensure_one()
        return self._get_free_places_by_slot([(self, day)])[self.id, day]

    @api.model
    def _get_free_places_by_slot(self, slots):
        """{(activity id, day): places left} for ``slots``, pairs of an
        activity and a day, counting the confirmed reservations in one query."""
        slots = set(slots)
        occupancy = self._get_slot_occupancy(slots)
        return {
            (activity.id, day): rules_capacity.free_places(
                activity._get_slot_rules(), occupancy[activity.id, day]
            )
            for activity, day in slots
        }

    @api.model
    def _get_slot_occupancy(self, slots):
        """{(activity id, day): ``Occupancy``} of the confirmed reservations on
        ``slots`` (pairs of an activity and a day), in one grouped query
        whatever the number of slots; the children's birth dates are read only
        for the activities whose capacity follows the staffing ratios."""
        slot_ids = {(activity.id, day) for activity, day in slots}
        if not slot_ids:
            return {}
        self.env["periscolaire.reservation"].flush_model(["activity_id", "date", "state"])
        self.env["periscolaire.child"].flush_model(["birth_date"])
        self.flush_model(["capacity_mode"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.activity_id, r.date, c.birth_date, count(*)
                  FROM periscolaire_reservation r
                  JOIN (VALUES %s) AS slot(activity_id, date)
                    ON slot.activity_id = r.activity_id AND slot.date = r.date
                  JOIN periscolaire_activity a ON a.id = r.activity_id
             LEFT JOIN periscolaire_child c
                    ON c.id = r.child_id AND a.capacity_mode = 'staffing'
                 WHERE r.state = 'confirmed'
              GROUP BY r.activity_id, r.date, c.birth_date
                """,
                SQL(", ").join(SQL("(%s, %s::date)", *slot) for slot in sorted(slot_ids)),
            )
        )
        counts = defaultdict(dict)
        for activity_id, day, birth_date, count in rows:
            counts[activity_id, day][birth_date] = count
        return {
            (activity_id, day): rules_capacity.Occupancy.of_children(
                day, counts.get((activity_id, day), {})
            )
            for activity_id, day in slot_ids
        }
