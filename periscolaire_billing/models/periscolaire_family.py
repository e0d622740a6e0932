# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.periscolaire_portal.rules import pricing
from odoo.addons.periscolaire_portal.rules.money import to_decimal

#: What a family is billed with: invoices and credit notes.
MOVE_TYPES = ("out_invoice", "out_refund")


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    invoice_ids = fields.One2many(
        "account.move", "periscolaire_family_id", string="Factures et avoirs"
    )
    attestation_ids = fields.One2many(
        "periscolaire.tax.attestation", "family_id", string="Attestations fiscales"
    )
    penalty_ids = fields.One2many("periscolaire.penalty", "family_id", string="Pénalités")
    currency_id = fields.Many2one(related="company_id.currency_id", string="Devise")
    invoice_count = fields.Integer(string="Factures", compute="_compute_billing_figures")
    attestation_count = fields.Integer(string="Attestations", compute="_compute_billing_figures")
    amount_due = fields.Monetary(
        string="Reste à payer",
        currency_field="currency_id",
        compute="_compute_billing_figures",
        help="Solde des factures et avoirs validés de la famille (négatif : avoir en sa faveur).",
    )

    def _compute_billing_figures(self):
        moves = self.env["account.move"].sudo()
        move_groups = moves._read_group(
            [
                ("periscolaire_family_id", "in", self.ids),
                ("state", "=", "posted"),
                ("move_type", "in", MOVE_TYPES),
            ],
            ["periscolaire_family_id"],
            ["__count", "amount_residual_signed:sum"],
        )
        figures = {family.id: (count, due) for family, count, due in move_groups}
        attestation_groups = (
            self.env["periscolaire.tax.attestation"]
            .sudo()
            ._read_group([("family_id", "in", self.ids)], ["family_id"], ["__count"])
        )
        attestations = {family.id: count for family, count in attestation_groups}
        for family in self:
            count, due = figures.get(family.id, (0, 0.0))
            family.invoice_count = count
            family.amount_due = due
            family.attestation_count = attestations.get(family.id, 0)

    # ------------------------------------------------------------------
    # Portal: what the logged-in parent may read of it
    # ------------------------------------------------------------------
    def _portal_move_domain(self):
        """The family's posted invoices and credit notes."""
        self.ensure_one()
        return [
            ("periscolaire_family_id", "=", self.id),
            ("state", "=", "posted"),
            ("move_type", "in", MOVE_TYPES),
        ]

    def _portal_amount_due(self):
        """What the family still owes (negative: a credit in its favour), summed by the
        database over the invoices and credit notes that the user may read."""
        Move = self.env["account.move"]
        if not Move.has_access("read"):
            return to_decimal(0)
        [(total,)] = Move._read_group(
            self._portal_move_domain(), aggregates=["amount_residual_signed:sum"]
        )
        return to_decimal(total or 0)

    def _get_rule_pricing(self):
        """What the family's prices depend on, for the rules core. A QF counts
        when it is filled in (a non-zero value or a validity start)."""
        self.ensure_one()
        has_qf = bool(self.qf or self.qf_date_start)
        return pricing.FamilyPricing(
            resident=self.is_resident,
            qf=self.qf if has_qf else None,
            qf_start=self.qf_date_start or None,
            qf_end=self.qf_date_end or None,
        )

    def _get_sibling_ranks(self):
        """{child id: rank in the household, the eldest being 1}: a child of separated
        parents counts among the children of each of its households."""
        self.ensure_one()
        children = self.with_context(active_test=False).household_child_ids.filtered("active")
        return pricing.sibling_ranks((child.id, child.birth_date or None) for child in children)

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_invoice_action"
        )
        action["domain"] = [("periscolaire_family_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    def action_view_attestations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_tax_attestation_action"
        )
        action["domain"] = [("family_id", "=", self.id)]
        action["context"] = {"default_family_id": self.id}
        return action
