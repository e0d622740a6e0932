# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PeriscolaireNews(models.Model):
    _name = "periscolaire.news"
    _description = "Actualité du portail familles"
    _order = "sequence, date_start desc, id desc"

    name = fields.Char(string="Titre", required=True)
    summary = fields.Text(
        string="Résumé", help="Quelques lignes affichées sur l'accueil du portail."
    )
    body = fields.Html(string="Contenu")
    link = fields.Char(
        string="Lien « En savoir plus »",
        help="Adresse ouverte par « En savoir plus » (une vidéo, une page du site de la ville…).",
    )
    date_start = fields.Date(string="Publiée du", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Publiée jusqu'au", help="Vide : sans date de fin.")
    company_id = fields.Many2one(
        "res.company", string="Société", required=True, default=lambda self: self.env.company
    )
    sequence = fields.Integer(string="Séquence", default=10)
    active = fields.Boolean(default=True)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for news in self:
            if news.date_end and news.date_end < news.date_start:
                raise ValidationError(
                    self.env._("La fin de publication de « %s » précède son début.", news.name)
                )

    @api.model
    def _get_published(self, today=None):
        """News shown on the parents' home page on ``today``, in display order."""
        today = today or fields.Date.context_today(self)
        return self.search(
            [
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
                ("company_id", "in", self.env.companies.ids),
            ]
        )

    @api.model
    def _portal_published(self):
        """The news shown to parents: what is published is for every family of the town."""
        return self.sudo()._get_published()
