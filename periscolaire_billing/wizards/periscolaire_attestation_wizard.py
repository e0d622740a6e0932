# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireAttestationWizard(models.TransientModel):
    _name = "periscolaire.attestation.wizard"
    _description = "Établir les attestations fiscales"

    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    year = fields.Integer(
        string="Année des paiements", required=True, default=lambda self: self._default_year()
    )
    family_ids = fields.Many2many(
        "periscolaire.family",
        string="Familles",
        help="Laisser vide pour toutes les familles.",
    )
    send = fields.Boolean(
        string="Envoyer par e-mail",
        default=True,
        help="Envoie aux payeurs les attestations nouvelles ou recalculées.",
    )

    def action_generate(self):
        self.ensure_one()
        attestations = self.env["periscolaire.tax.attestation"]._generate(
            self.year, self.family_ids or None
        )
        if self.send:
            attestations.filtered(lambda a: a.state == "draft").action_send()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_tax_attestation_action"
        )
        action["domain"] = [("year", "=", self.year)]
        action["context"] = {}
        action["name"] = self.env._("Attestations fiscales %s", self.year)
        return action
