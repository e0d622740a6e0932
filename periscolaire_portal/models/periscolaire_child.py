# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PeriscolaireChild(models.Model):
    _name = "periscolaire.child"
    _description = "Enfant"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_name, first_name, id"

    family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="family_id.company_id", store=True, index=True, string="Société"
    )
    active = fields.Boolean(string="Actif", default=True)
    first_name = fields.Char(string="Prénom", required=True, tracking=True)
    last_name = fields.Char(string="Nom", required=True, tracking=True)
    name = fields.Char(string="Nom complet", compute="_compute_name", store=True)
    birth_date = fields.Date(string="Date de naissance", required=True, tracking=True)
    age = fields.Integer(string="Âge", compute="_compute_age")
    site_id = fields.Many2one("periscolaire.site", tracking=True)
    school = fields.Char(string="École", tracking=True)
    class_level = fields.Selection(
        [
            ("ps", "Petite section"),
            ("ms", "Moyenne section"),
            ("gs", "Grande section"),
            ("cp", "CP"),
            ("ce1", "CE1"),
            ("ce2", "CE2"),
            ("cm1", "CM1"),
            ("cm2", "CM2"),
        ],
        string="Classe",
        tracking=True,
    )
    allergies = fields.Text(tracking=True)
    has_pai = fields.Boolean(
        string="PAI",
        tracking=True,
        help="Projet d'accueil individualisé (allergie, traitement, régime).",
    )
    pickup_person_ids = fields.One2many(
        "periscolaire.pickup.person",
        "child_id",
        string="Personnes autorisées à venir le chercher",
    )
    reservation_ids = fields.One2many("periscolaire.reservation", "child_id", string="Réservations")

    @api.depends("first_name", "last_name")
    def _compute_name(self):
        for child in self:
            child.name = " ".join(
                part.upper() for part in (child.last_name, child.first_name) if part
            )

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for child in self:
            child.age = child._age_on(today)

    def _age_on(self, day):
        """Age in whole years on ``day`` (0 without a birth date)."""
        self.ensure_one()
        if not self.birth_date:
            return 0
        return relativedelta(day, self.birth_date).years

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for child in self:
            if child.birth_date and child.birth_date > today:
                raise ValidationError(
                    self.env._("La date de naissance ne peut pas être dans le futur.")
                )

    @api.onchange("family_id")
    def _onchange_family_id(self):
        if self.family_id and not self.last_name:
            self.last_name = self.family_id.name

    def action_open_booking_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Inscrire sur une période"),
            "res_model": "periscolaire.booking.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_child_ids": self.ids},
        }
