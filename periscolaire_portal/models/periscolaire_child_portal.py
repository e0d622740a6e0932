# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class PeriscolaireChild(models.Model):
    _inherit = "periscolaire.child"

    # Children are read-only for parents (a parent must not change a birth date or a site):
    # the portal's two edits go through these methods, which check that the parent reads the
    # child (record rules: their own family) before writing as superuser. The texts come
    # cleaned by the portal's input parsers.

    def _portal_set_allergies(self, allergies):
        self.ensure_one()
        self.check_access("read")
        if (self.allergies or "") != allergies:
            self.sudo().write({"allergies": allergies or False})
        return True

    def _portal_add_pickup_person(self, name, phone, relationship, family=None):
        """A person allowed to fetch the child from the périscolaire, by ``family`` (the
        household of the parent; the child's first by default)."""
        self.ensure_one()
        self.check_access("read")
        family = family or self.family_id
        if family not in self.family_ids:
            raise UserError(self.env._("Cet enfant n'appartient pas à votre famille."))
        family.check_access("read")
        if not name:
            raise UserError(self.env._("Indiquez le nom de la personne autorisée."))
        return (
            self.env["periscolaire.pickup.person"]
            .sudo()
            .create(
                {
                    "child_id": self.id,
                    "family_id": family.id,
                    "name": name,
                    "phone": phone,
                    "relationship": relationship,
                }
            )
        )
