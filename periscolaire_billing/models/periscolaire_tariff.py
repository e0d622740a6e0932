# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.periscolaire_portal.rules import dates, pricing
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.rules.money import to_decimal
from odoo.addons.periscolaire_portal.texts import rule_text

# Fields that change what a family pays: frozen once an invoice used the tariff.
PRICING_FIELDS = {
    "activity_id",
    "date_start",
    "bracket_ids",
    "sibling_discount_ids",
    "late_surcharge_percent",
    "unbooked_price",
}


class PeriscolaireTariff(models.Model):
    _name = "periscolaire.tariff"
    _description = "Tarif d'une activité périscolaire"
    _inherit = ["mail.thread"]
    _order = "activity_id, date_start desc, id desc"

    name = fields.Char(string="Nom", compute="_compute_name", store=True)
    activity_id = fields.Many2one(
        "periscolaire.activity",
        string="Activité",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="activity_id.company_id", string="Société", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Devise")
    date_start = fields.Date(
        string="Applicable à partir du",
        required=True,
        tracking=True,
        help="Une nouvelle version du tarif commence à cette date ; la version précédente "
        "s'applique jusqu'à la veille.",
    )
    date_end = fields.Date(
        string="Jusqu'au",
        compute="_compute_date_end",
        help="Veille de la version suivante du tarif de la même activité.",
    )
    school_year = fields.Char(string="Année scolaire", compute="_compute_school_year", store=True)
    bracket_ids = fields.One2many(
        "periscolaire.tariff.bracket",
        "tariff_id",
        string="Tranches de quotient familial",
        copy=True,
    )
    sibling_discount_ids = fields.One2many(
        "periscolaire.tariff.sibling.discount",
        "tariff_id",
        string="Réductions fratrie",
        copy=True,
    )
    late_surcharge_percent = fields.Float(
        string="Majoration hors délai (%)",
        tracking=True,
        help="Majoration d'une séance réservée par une demande exceptionnelle hors délai ; "
        "elle est facturée comme une pénalité (hors attestation fiscale).",
    )
    unbooked_price = fields.Monetary(
        string="Prix d'une présence sans réservation",
        currency_field="currency_id",
        tracking=True,
        help="Prix forfaitaire d'un enfant présent sans réservation (sa part repas est celle "
        "de la tranche). À 0, la présence est facturée au prix d'une séance.",
    )
    note = fields.Text(string="Notes")
    active = fields.Boolean(string="Actif", default=True)
    is_used = fields.Boolean(string="Utilisé sur une facture validée", compute="_compute_is_used")

    _sql_constraints = [
        (
            "activity_date_unique",
            "UNIQUE (activity_id, date_start)",
            "Une activité ne peut avoir qu'une version de tarif par date de début.",
        ),
        (
            "late_surcharge_positive",
            "CHECK (late_surcharge_percent >= 0)",
            "La majoration hors délai ne peut pas être négative.",
        ),
        (
            "unbooked_price_positive",
            "CHECK (unbooked_price >= 0)",
            "Le prix d'une présence sans réservation ne peut pas être négatif.",
        ),
    ]

    @api.depends("activity_id.display_name", "date_start")
    def _compute_name(self):
        for tariff in self:
            start = tariff.date_start and tariff.date_start.strftime("%d/%m/%Y") or ""
            tariff.name = self.env._(
                "%(activity)s — à partir du %(start)s",
                activity=tariff.activity_id.display_name or "",
                start=start,
            )

    @api.depends("date_start")
    def _compute_school_year(self):
        for tariff in self:
            tariff.school_year = (
                dates.school_year_label(dates.school_year_of(tariff.date_start))
                if tariff.date_start
                else False
            )

    @api.depends("activity_id", "date_start")
    def _compute_date_end(self):
        groups = self.with_context(active_test=False)._read_group(
            [("activity_id", "in", self.activity_id.ids)],
            ["activity_id"],
            ["date_start:array_agg"],
        )
        starts = {activity.id: sorted(filter(None, days)) for activity, days in groups}
        for tariff in self:
            later = [
                day
                for day in starts.get(tariff.activity_id.id, [])
                if tariff.date_start and day > tariff.date_start
            ]
            tariff.date_end = later and later[0] - timedelta(days=1) or False

    @api.constrains("bracket_ids", "sibling_discount_ids", "late_surcharge_percent")
    def _check_rules(self):
        for tariff in self:
            try:
                tariff._to_rule()
            except RuleError as error:
                raise ValidationError(
                    self.env._(
                        "Tarif « %(tariff)s » : %(error)s",
                        tariff=tariff.display_name,
                        error=rule_text(self.env, error.message),
                    )
                ) from None

    def _compute_is_used(self):
        used = self._get_used_tariffs()
        for tariff in self:
            tariff.is_used = tariff in used

    def _get_used_tariffs(self):
        """The tariffs of ``self`` that priced a line of a posted invoice or credit note."""
        if not self.ids:
            return self.browse()
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("periscolaire_tariff_id", "in", self.ids),
                    ("parent_state", "=", "posted"),
                ],
                ["periscolaire_tariff_id"],
            )
        )
        return self.browse([tariff.id for (tariff,) in groups])

    def _check_not_used(self):
        used = self._get_used_tariffs()
        if used:
            raise UserError(
                self.env._(
                    "Le tarif « %s » a déjà servi à une facture validée : il ne peut plus être "
                    "modifié. Créez une nouvelle version (bouton « Nouvelle version ») avec sa "
                    "date de début.",
                    used[0].display_name,
                )
            )

    def write(self, vals):
        if PRICING_FIELDS.intersection(vals):
            self._check_not_used()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self._check_not_used()

    def action_new_version(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Nouvelle version du tarif"),
            "res_model": "periscolaire.tariff.version.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_tariff_id": self.id},
        }

    @api.model
    def _get_applicable(self, activities, days):
        """{(activity_id, day): tariff} for every pair of ``activities`` × ``days``
        that has a version starting on or before the day."""
        if not activities or not days:
            return {}
        tariffs = self.sudo().search(
            [
                ("activity_id", "in", activities.ids),
                ("date_start", "<=", max(days)),
            ],
            order="date_start desc",
        )
        by_activity = {}
        for tariff in tariffs:
            by_activity.setdefault(tariff.activity_id.id, []).append(tariff)
        result = {}
        for activity in activities:
            versions = by_activity.get(activity.id, [])
            for day in days:
                tariff = next((t for t in versions if t.date_start <= day), None)
                if tariff:
                    result[activity.id, day] = tariff.with_env(self.env)
        return result

    # ------------------------------------------------------------------
    # Prices (rules core)
    # ------------------------------------------------------------------
    def _to_rule(self):
        """The tariff as the rules core's :class:`pricing.Tariff`."""
        self.ensure_one()
        return pricing.Tariff(
            brackets=tuple(
                pricing.Bracket(
                    qf_min=bracket.qf_min,
                    qf_max=bracket.qf_max or None,
                    resident=to_decimal(bracket.price_resident),
                    outside=to_decimal(bracket.price_outside),
                    meal=to_decimal(bracket.meal_part),
                )
                for bracket in self.bracket_ids
            ),
            sibling_discounts=self._get_sibling_discounts(),
            late_surcharge_percent=to_decimal(self.late_surcharge_percent),
            unbooked_price=to_decimal(self.unbooked_price) if self.unbooked_price else None,
        )

    def _get_sibling_discounts(self):
        """Discounts in percent for ranks 2, 3… (a rank without its own line
        keeps the discount of the rank before)."""
        self.ensure_one()
        by_rank = {
            line.rank: to_decimal(line.discount_percent) for line in self.sibling_discount_ids
        }
        if not by_rank:
            return ()
        discounts, current = [], to_decimal(0)
        for rank in range(2, max(by_rank) + 1):
            current = by_rank.get(rank, current)
            discounts.append(current)
        return tuple(discounts)

    def _price_session(
        self, child, day, late=False, unbooked=False, rule_tariff=None, rank=None, family=None
    ):
        """:class:`pricing.SessionPrice` of one session of ``child`` on ``day``,
        booked by ``family`` (its QF, residence and siblings; the child's first
        household by default).

        ``rule_tariff`` and ``rank`` let a caller pricing many sessions convert
        the tariff and rank the siblings once."""
        self.ensure_one()
        family = family or child.family_id
        if rank is None:
            rank = child._get_sibling_rank(family)
        try:
            return pricing.session_price(
                rule_tariff or self._to_rule(),
                family._get_rule_pricing(),
                day,
                sibling_rank=rank,
                late=late,
                unbooked=unbooked and bool(self.unbooked_price),
            )
        except RuleError as error:
            raise UserError(
                self.env._(
                    "Tarif « %(tariff)s » : %(error)s",
                    tariff=self.display_name,
                    error=rule_text(self.env, error.message),
                )
            ) from None
