# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.periscolaire_portal.rules import money, sepa


class AccountMove(models.Model):
    _inherit = "account.move"

    periscolaire_debit_date = fields.Date(
        string="Prélèvement le",
        readonly=True,
        copy=False,
        tracking=True,
        help="Date du prélèvement SEPA prévu pour cette facture : elle ne se paie pas en ligne.",
    )
    periscolaire_debit_mandate_id = fields.Many2one(
        "account.banking.mandate", string="Mandat prélevé", readonly=True, copy=False
    )

    def _has_to_be_paid(self):
        """No "Pay" on the portal for an invoice that will be debited: nobody pays twice."""
        return super()._has_to_be_paid() and not self.periscolaire_debit_date

    def _periscolaire_debit_label(self):
        """``Prélèvement le 10/04/2026`` for the portal, empty when no debit is planned."""
        self.ensure_one()
        if not self.periscolaire_debit_date:
            return ""
        return self.env._("Prélèvement le %s", sepa.full_date(self.periscolaire_debit_date))

    def _periscolaire_debit_values(self):
        """What the pre-notification and the reject mails tell the family."""
        self.ensure_one()
        mandate = self.periscolaire_debit_mandate_id.sudo()
        return {
            "amount": money.format_eur(money.to_decimal(self.amount_residual)),
            "date": sepa.full_date(self.periscolaire_debit_date)
            if self.periscolaire_debit_date
            else "",
            "iban": sepa.masked_iban(mandate.partner_bank_id.acc_number or ""),
            "reference": mandate.unique_mandate_reference or "",
            "ics": self.company_id.sepa_creditor_identifier or "",
        }

    def _periscolaire_send_prenotification(self):
        """Mail the family the amount and date of the debit; as a comment, the parents also
        read it in the invoice's history on the portal."""
        template = self.env.ref("periscolaire_sepa.mail_template_sepa_prenotification")
        for invoice in self:
            invoice.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=invoice.partner_id.ids,
            )

    def _payment_returned(self, return_line):
        """A debit came back unpaid (account_payment_return): the invoice is open again and the
        family is told, and may pay it online."""
        res = super()._payment_returned(return_line)
        debited = self.filtered("periscolaire_debit_date")
        template = self.env.ref("periscolaire_sepa.mail_template_sepa_rejected")
        for invoice in debited:
            # Called before the payment is unreconciled: the returned amount is what it paid.
            partials = invoice.line_ids.matched_credit_ids.filtered(
                lambda partial: partial.credit_move_id in return_line.move_line_ids
            )
            returned = money.format_eur(money.to_decimal(sum(partials.mapped("amount"))))
            invoice.with_context(
                periscolaire_return_reason=return_line.reason_id.name or "",
                periscolaire_return_amount=returned,
            ).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=invoice.partner_id.ids,
            )
        debited.write({"periscolaire_debit_date": False, "periscolaire_debit_mandate_id": False})
        return res
