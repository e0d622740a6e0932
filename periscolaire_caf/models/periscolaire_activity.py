# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.periscolaire_portal.rules import caf


class PeriscolaireActivity(models.Model):
    _inherit = "periscolaire.activity"

    caf_kind = fields.Selection(
        [
            (caf.AUTO, "Selon le jour"),
            (caf.AccueilKind.PERISCOLAIRE.value, "Périscolaire"),
            (caf.AccueilKind.MERCREDI.value, "Mercredi"),
            (caf.AccueilKind.EXTRASCOLAIRE.value, "Extrascolaire"),
            (caf.EXCLUDED, "Non déclarée à la CAF"),
        ],
        string="Accueil CAF",
        required=True,
        default=caf.AUTO,
        help="Selon le jour : le mercredi hors vacances compte en « Mercredi », les vacances "
        "scolaires et le week-end en « Extrascolaire », les autres jours en « Périscolaire ».",
    )
