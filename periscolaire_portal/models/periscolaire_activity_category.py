# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import deadlines as rules_deadlines
from ..rules.errors import RuleError
from ..texts import rule_text


class PeriscolaireActivityCategory(models.Model):
    _name = "periscolaire.activity.category"
    _description = "Catégorie d'activités"
    _order = "sequence, name"

    name = fields.Char(string="Nom", required=True)
    sequence = fields.Integer(string="Séquence", default=10)
    active = fields.Boolean(string="Actif", default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    activity_ids = fields.One2many("periscolaire.activity", "category_id", string="Activités")
    deadline_working_days = fields.Integer(
        string="Délai (jours ouvrés)",
        default=2,
        help="Nombre de jours ouvrés (0 à 60) avant le jour de l'activité jusqu'auquel "
        "une inscription ou une annulation est possible.",
    )
    deadline_cutoff = fields.Float(
        string="Heure limite",
        default=24.0,
        help="Heure limite le jour du délai (24:00 = fin de journée).",
    )
    deadline_public_holidays_count = fields.Boolean(
        string="Jours fériés comptés comme ouvrés",
        help="Cochez si les jours fériés comptent comme jours ouvrés dans le délai.",
    )

    @api.constrains("deadline_working_days", "deadline_cutoff")
    def _check_deadline(self):
        """The rules core's limits: the policy refuses what it cannot compute."""
        for category in self:
            try:
                category._get_deadline_policy()
            except RuleError as error:
                raise ValidationError(rule_text(self.env, error.message)) from None

    def _get_deadline_policy(self):
        """The category's deadline settings for the rules core."""
        self.ensure_one()
        return rules_deadlines.DeadlinePolicy(
            working_days=self.deadline_working_days,
            cutoff_hour=self.deadline_cutoff,
            public_holidays_are_working_days=self.deadline_public_holidays_count,
        )

    @api.model
    def _portal_deadline_tables(self):
        """The deadline tables shown to parents: one per deadline policy of the
        categories whose activities are not over, with the weekdays those
        activities run on. Returns dicts: ``categories`` (names), ``rows``
        (:class:`~..rules.deadlines.DeadlineRow`), ``holidays_move_it`` (public
        holidays are not working days)."""
        today = fields.Date.context_today(self)
        activities = self.env["periscolaire.activity"].search([("date_end", ">=", today)])
        tables = {}
        for activity in activities:
            category = activity.category_id
            table = tables.setdefault(
                category._get_deadline_policy(), {"categories": [], "weekdays": set()}
            )
            if category.name not in table["categories"]:
                table["categories"].append(category.name)
            table["weekdays"] |= activity._get_weekdays()
        return [
            {
                "categories": table["categories"],
                "rows": rules_deadlines.deadline_table(policy, table["weekdays"]),
                "holidays_move_it": not policy.public_holidays_are_working_days,
            }
            for policy, table in tables.items()
        ]
