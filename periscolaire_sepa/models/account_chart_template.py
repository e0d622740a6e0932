# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Examples with valid check digits, not a real town's.
DEMO_ICS = "FR08ZZZ570323"
DEMO_IBAN = "FR643000100571C571000000000"


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """With demo data, the demo town's direct debit is set up once its chart (and so its
        bank journal) exists: the chart is often loaded after the addons, and replaces the
        journals created before it."""
        res = super()._post_load_data(template_code, company, template_data)
        demo_town = self.env.ref("base.main_company", raise_if_not_found=False)
        if company == demo_town and self.env.ref("base.module_periscolaire_sepa").demo:
            self._periscolaire_sepa_demo(company)
        return res

    @api.model
    def _periscolaire_sepa_demo(self, company):
        """Demo: the ICS, the régie's bank account on the bank journal and the direct-debit
        payment mode of ``company``, once it has a chart of accounts."""
        company = self.env["res.company"].browse(
            company if isinstance(company, int) else company.id
        )
        if not company.chart_template or company.periscolaire_sepa_payment_mode_id:
            return
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        if not journal:
            return
        if not journal.bank_account_id:
            journal.bank_account_id = self.env["res.partner.bank"].create(
                {
                    "acc_number": DEMO_IBAN,
                    "partner_id": company.partner_id.id,
                    "company_id": company.id,
                }
            )
        mode = self.env["account.payment.mode"].create(
            {
                "name": self.env._("Prélèvement SEPA du périscolaire"),
                "company_id": company.id,
                "payment_method_id": self.env.ref(
                    "account_banking_sepa_direct_debit.sepa_direct_debit"
                ).id,
                "bank_account_link": "fixed",
                "fixed_journal_id": journal.id,
            }
        )
        company.write(
            {
                "sepa_creditor_identifier": company.sepa_creditor_identifier or DEMO_ICS,
                "periscolaire_sepa_payment_mode_id": mode.id,
            }
        )
