# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    periscolaire_mandate_ids = fields.One2many(
        "account.banking.mandate", "periscolaire_family_id", string="Mandats de prélèvement"
    )
    periscolaire_mandate_count = fields.Integer(
        string="Mandats", compute="_compute_periscolaire_mandate_count"
    )

    def _compute_periscolaire_mandate_count(self):
        counts = dict(
            self.env["account.banking.mandate"]._read_group(
                [("periscolaire_family_id", "in", self.ids)],
                ["periscolaire_family_id"],
                ["__count"],
            )
        )
        for family in self:
            family.periscolaire_mandate_count = counts.get(family, 0)

    def _periscolaire_active_mandates(self):
        """The mandates in force or waiting for the staff's check, latest first."""
        return self.env["account.banking.mandate"].search(
            [("periscolaire_family_id", "in", self.ids), ("state", "in", ("draft", "valid"))],
            order="signature_date desc, id desc",
        )

    def _periscolaire_portal_mandate(self):
        """The family's mandate as the portal shows it (a dict), or None; for the family's own
        parents only."""
        self.ensure_one()
        self.check_access("read")
        mandate = self.sudo()._periscolaire_active_mandates()[:1]
        if not mandate:
            return None
        return {
            "id": mandate.id,
            "reference": mandate.unique_mandate_reference,
            "valid": mandate.state == "valid",
            "iban": mandate.partner_bank_id.acc_number or "",
            "holder": mandate.partner_bank_id.acc_holder_name or mandate.partner_id.name,
            "signature_date": mandate.signature_date,
            "signed_online": mandate.periscolaire_signed_online,
        }

    def _periscolaire_portal_company(self):
        """The town as the creditor of the mandate (a dict), for the portal."""
        self.ensure_one()
        self.check_access("read")
        company = self.sudo().company_id
        return {
            "name": company.name,
            "ics": company.sepa_creditor_identifier or "",
            "open": bool(
                company.sepa_creditor_identifier and company.periscolaire_sepa_payment_mode_id
            ),
            "notice_days": company.periscolaire_sepa_notice_days,
            "collection_day": company.periscolaire_sepa_collection_day,
        }

    def _periscolaire_portal_mandate_text(self):
        self.ensure_one()
        self.check_access("read")
        company = self.sudo().company_id
        return self.env["account.banking.mandate"]._periscolaire_mandate_text(company)

    def action_periscolaire_mandates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_banking_mandate.mandate_action"
        )
        action["domain"] = [("periscolaire_family_id", "=", self.id)]
        action["context"] = {
            "default_periscolaire_family_id": self.id,
            "default_partner_id": self.referent_id.id,
            "default_company_id": self.company_id.id,
        }
        return action
