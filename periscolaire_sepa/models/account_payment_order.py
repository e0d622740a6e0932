# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.periscolaire_portal.rules import dates, sepa
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.texts import rule_text


class AccountPaymentOrder(models.Model):
    _inherit = "account.payment.order"

    periscolaire_month = fields.Date(string="Mois prélevé", readonly=True)

    @api.model
    def _periscolaire_default_collection_date(self, company=None):
        company = company or self.env.company
        return sepa.collection_date(
            fields.Date.context_today(self),
            company.periscolaire_sepa_collection_day,
            company.periscolaire_sepa_notice_days,
        )

    @api.model
    def _periscolaire_invoices_to_debit(self, month):
        """The month's posted invoices still to pay of the families with a valid mandate, with
        that mandate, not yet in a direct-debit order."""
        company = self.env.company
        invoices = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("periscolaire_family_id", "!=", False),
                ("periscolaire_month", "=", month.replace(day=1)),
                ("payment_state", "in", ("not_paid", "partial")),
                ("periscolaire_debit_date", "=", False),
            ]
        )
        mandates = self.env["account.banking.mandate"].search(
            [
                ("periscolaire_family_id", "in", invoices.periscolaire_family_id.ids),
                ("state", "=", "valid"),
                ("company_id", "=", company.id),
            ],
            order="signature_date desc, id desc",
        )
        mandate_of = {}
        for mandate in mandates:
            mandate_of.setdefault(mandate.periscolaire_family_id, mandate)
        return [
            (invoice, mandate_of[invoice.periscolaire_family_id])
            for invoice in invoices
            if invoice.periscolaire_family_id in mandate_of
        ]

    @api.model
    def _periscolaire_build_month_order(self, month, collection_date):
        """The direct-debit payment order of a month's invoices, collected on
        ``collection_date``; the families get their pre-notification. Returns the order, or
        an empty recordset when there is nothing to debit."""
        company = self.env.company
        mode = company.periscolaire_sepa_payment_mode_id
        if not mode or not company.sepa_creditor_identifier:
            raise UserError(
                self.env._(
                    "Renseignez l'identifiant créancier SEPA (ICS) de la mairie et le mode de "
                    "paiement des prélèvements dans les paramètres de la Comptabilité."
                )
            )
        try:
            sepa.check_collection_date(
                fields.Date.context_today(self),
                collection_date,
                company.periscolaire_sepa_notice_days,
            )
        except RuleError as error:
            raise UserError(rule_text(self.env, error.message)) from None
        to_debit = self._periscolaire_invoices_to_debit(month)
        if not to_debit:
            return self.browse()
        order = self.create(
            {
                "payment_mode_id": mode.id,
                "date_prefered": "fixed",
                "date_scheduled": collection_date,
                "periscolaire_month": month.replace(day=1),
                "description": self.env._(
                    "Périscolaire, %s", dates.month_label(month.year, month.month)
                ),
            }
        )
        line_values = []
        for invoice, mandate in to_debit:
            receivable = invoice.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            )
            for line in receivable:
                values = line._prepare_payment_line_vals(order)
                values.update(
                    {"mandate_id": mandate.id, "partner_bank_id": mandate.partner_bank_id.id}
                )
                line_values.append(values)
            invoice.write(
                {
                    "periscolaire_debit_date": collection_date,
                    "periscolaire_debit_mandate_id": mandate.id,
                }
            )
        self.env["account.payment.line"].create(line_values)
        invoices = self.env["account.move"].union(*(invoice for invoice, _m in to_debit))
        invoices._periscolaire_send_prenotification()
        return order

    def action_cancel(self):
        """A cancelled order debits nothing: its invoices can be paid otherwise again."""
        res = super().action_cancel()
        self.payment_line_ids.move_line_id.move_id.filtered("periscolaire_debit_date").write(
            {"periscolaire_debit_date": False, "periscolaire_debit_mandate_id": False}
        )
        return res
