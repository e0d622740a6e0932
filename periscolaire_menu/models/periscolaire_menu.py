# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.periscolaire_portal.rules import menus as rules_menus


class PeriscolaireMenu(models.Model):
    """The menus of one week for a kitchen's sites (or a few sites): the dishes
    of each day. Parents see it on the portal once it is published."""

    _name = "periscolaire.menu"
    _description = "Menus de la semaine"
    _inherit = ["mail.thread"]
    _order = "week_start desc, id desc"

    name = fields.Char(string="Semaine", compute="_compute_name", store=True)
    week_start = fields.Date(
        string="Semaine du",
        required=True,
        index=True,
        tracking=True,
        help="Le lundi de la semaine (une autre date est ramenée au lundi de sa semaine).",
    )
    week_end = fields.Date(string="Au", compute="_compute_name", store=True)
    kitchen_id = fields.Many2one("periscolaire.kitchen", string="Cuisine", tracking=True)
    site_ids = fields.Many2many(
        "periscolaire.site",
        string="Sites",
        compute="_compute_site_ids",
        store=True,
        readonly=False,
        help="Les sites qui servent ces menus : ceux de la cuisine, ou choisis un par un.",
    )
    state = fields.Selection(
        [("draft", "Brouillon"), ("published", "Publié")],
        string="État",
        required=True,
        default="draft",
        tracking=True,
    )
    line_ids = fields.One2many("periscolaire.menu.line", "menu_id", string="Plats", copy=True)
    note = fields.Text(
        string="Information aux familles",
        help="Affichée sous les menus sur le portail (produits locaux, repas à thème…).",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )

    @api.depends("week_start")
    def _compute_name(self):
        for menu in self:
            if menu.week_start:
                menu.name = rules_menus.week_title(menu.week_start)
                menu.week_end = menu.week_start + timedelta(days=6)
            else:
                menu.name = menu.week_end = False

    @api.depends("kitchen_id")
    def _compute_site_ids(self):
        for menu in self.filtered("kitchen_id"):
            menu.site_ids = menu.kitchen_id.site_ids

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_week(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_week(vals)
        return super().write(vals)

    @staticmethod
    def _normalize_week(vals):
        if vals.get("week_start"):
            day = fields.Date.to_date(vals["week_start"])
            vals["week_start"] = rules_menus.week_start(day)

    @api.constrains("state", "site_ids", "week_start")
    def _check_one_published_menu_per_site(self):
        published = self.filtered(lambda menu: menu.state == "published")
        if not published:
            return
        if published.filtered(lambda menu: not menu.site_ids):
            raise ValidationError(self.env._("Choisissez les sites de ces menus avant de publier."))
        candidates = self.search(
            [
                ("state", "=", "published"),
                ("week_start", "in", published.mapped("week_start")),
                ("site_ids", "in", published.site_ids.ids),
            ]
        )
        for menu in published:
            clash = (candidates - menu).filtered(
                lambda other, menu=menu: (
                    other.week_start == menu.week_start and other.site_ids & menu.site_ids
                )
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Le site %(site)s a déjà des menus publiés pour la %(week)s.",
                        site=(clash.site_ids & menu.site_ids)[:1].name,
                        week=menu.name.lower(),
                    )
                )

    def action_publish(self):
        self.write({"state": "published"})
        return True

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    def action_copy_next_week(self):
        """The same dishes a week later, as a draft to adjust."""
        self.ensure_one()
        copy = self.copy({"week_start": self.week_start + timedelta(days=7), "state": "draft"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": copy.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _published_menus(self, sites, date_from, date_to):
        """Published menus serving ``sites`` in weeks that meet the period."""
        return self.search(
            [
                ("state", "=", "published"),
                ("site_ids", "in", sites.ids),
                ("week_start", "<=", date_to),
                ("week_end", ">=", date_from),
            ]
        )

    def _portal_days(self):
        """The menu's days for the portal: the school days, and a weekend day
        only when it has dishes. Each day: ``date``, ``title``, ``anchor``,
        ``dishes`` (standard, by course) and ``alternatives`` (special meals)."""
        self.ensure_one()
        by_date = self.line_ids.sorted(lambda line: (line.course_rank, line.sequence, line.id))
        by_date = by_date.grouped("date")
        days = rules_menus.week_days(self.week_start, 7)
        return [
            {
                "date": day,
                "title": rules_menus.day_title(day),
                "anchor": f"menu-{day.isoformat()}",
                "dishes": lines.filtered(lambda line: not line.special_meal),
                "alternatives": lines.filtered("special_meal"),
            }
            for day in days
            for lines in [by_date.get(day, self.env["periscolaire.menu.line"])]
            if day.weekday() < rules_menus.SCHOOL_WEEK_DAYS or lines
        ]
