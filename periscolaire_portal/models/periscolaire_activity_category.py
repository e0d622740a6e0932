# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import deadlines as rules_deadlines


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
        help="Nombre de jours ouvrés avant le jour de l'activité jusqu'auquel "
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
        for category in self:
            if category.deadline_working_days < 0:
                raise ValidationError(self.env._("Le délai ne peut pas être négatif."))
            if not 0 <= category.deadline_cutoff <= 24:
                raise ValidationError(
                    self.env._("L'heure limite doit être comprise entre 0 et 24 h.")
                )

    def _get_deadline_policy(self):
        """The category's deadline settings for the rules core."""
        self.ensure_one()
        return rules_deadlines.DeadlinePolicy(
            working_days=self.deadline_working_days,
            cutoff_hour=self.deadline_cutoff,
            public_holidays_are_working_days=self.deadline_public_holidays_count,
        )
