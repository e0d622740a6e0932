# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from .periscolaire_child import SPECIAL_MEALS
from .periscolaire_dish import COURSES

WEEKDAYS = [
    ("0", "Lundi"),
    ("1", "Mardi"),
    ("2", "Mercredi"),
    ("3", "Jeudi"),
    ("4", "Vendredi"),
    ("5", "Samedi"),
    ("6", "Dimanche"),
]
COURSE_RANK = {code: rank for rank, (code, _label) in enumerate(COURSES)}


class PeriscolaireMenuLine(models.Model):
    """A dish served on one day of a menu; with a special meal, the dish that
    replaces the same course for the children who have that special meal."""

    _name = "periscolaire.menu.line"
    _description = "Plat du menu"
    _order = "menu_id, weekday, sequence, id"

    menu_id = fields.Many2one(
        "periscolaire.menu", string="Menus", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="menu_id.company_id", store=True, string="Société")
    weekday = fields.Selection(WEEKDAYS, string="Jour", required=True, default="0")
    date = fields.Date(compute="_compute_date", store=True, index=True)
    sequence = fields.Integer(default=10)
    dish_id = fields.Many2one("periscolaire.dish", string="Plat", required=True)
    course = fields.Selection(
        COURSES,
        string="Service",
        compute="_compute_course",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    course_rank = fields.Integer(compute="_compute_course_rank")
    allergen_ids = fields.Many2many(related="dish_id.allergen_ids", string="Allergènes")
    special_meal = fields.Selection(
        SPECIAL_MEALS,
        string="Repas spécial",
        help="Vide : le plat de tous les enfants. Sinon, le plat servi à la place, pour ce "
        "service, aux enfants qui ont ce repas spécial.",
    )

    @api.depends("menu_id.week_start", "weekday")
    def _compute_date(self):
        for line in self:
            start = line.menu_id.week_start
            line.date = start + timedelta(days=int(line.weekday)) if start else False

    @api.depends("dish_id")
    def _compute_course(self):
        for line in self:
            line.course = line.dish_id.course or line.course or "main"

    @api.depends("course")
    def _compute_course_rank(self):
        for line in self:
            line.course_rank = COURSE_RANK.get(line.course, len(COURSE_RANK))
