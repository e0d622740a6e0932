# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _send_email(self):
        """Send the town's invitation instead of Odoo's when a family grants access."""
        family_id = self.env.context.get("periscolaire_family_id")
        if not family_id:
            return super()._send_email()
        self.ensure_one()
        family = self.env["periscolaire.family"].browse(family_id)
        family._send_invitation(self.user_id)
        return True
