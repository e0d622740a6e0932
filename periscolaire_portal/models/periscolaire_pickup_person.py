# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscolairePickupPerson(models.Model):
    _name = "periscolaire.pickup.person"
    _description = "Personne autorisée à venir chercher l'enfant"
    _order = "child_id, id"

    child_id = fields.Many2one(
        "periscolaire.child",
        string="Enfant",
        required=True,
        index=True,
        ondelete="cascade",
    )
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Foyer",
        compute="_compute_family_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Le foyer qui l'a autorisée : en garde partagée, chaque parent gère les siennes et "
        "ne voit pas celles de l'autre.",
    )
    company_id = fields.Many2one(related="child_id.company_id", store=True)
    name = fields.Char(string="Nom et prénom", required=True)
    phone = fields.Char(string="Téléphone")
    relationship = fields.Char(string="Lien avec l'enfant")

    @api.depends("child_id")
    def _compute_family_id(self):
        for person in self:
            # Kept when it is one of the child's households (the portal sets it).
            if person.family_id not in person.child_id.family_ids:
                person.family_id = person.child_id.family_id
            else:
                person.family_id = person.family_id

    def _portal_remove(self):
        """Removed by the family from the portal: the parent must read the person (record
        rules: their own family's children) before the superuser deletes it."""
        self.check_access("read")
        return self.sudo().unlink()
