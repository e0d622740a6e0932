# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.periscolaire_portal.rules import sepa
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.texts import rule_text

# SEPA names (creditor, debtor) are at most 70 characters.
HOLDER_MAX = 70


class AccountBankingMandate(models.Model):
    _inherit = "account.banking.mandate"

    periscolaire_family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        index="btree_not_null",
        tracking=True,
        help="Famille dont les factures du périscolaire sont prélevées avec ce mandat.",
    )
    periscolaire_signed_online = fields.Boolean(string="Signé sur le portail", readonly=True)
    periscolaire_signer_id = fields.Many2one("res.partner", string="Signé par", readonly=True)
    periscolaire_accepted_text = fields.Text(string="Texte du mandat accepté", readonly=True)
    periscolaire_revoked_date = fields.Date(string="Révoqué le", readonly=True)

    @api.constrains("partner_bank_id", "periscolaire_family_id", "format")
    def _check_periscolaire_iban(self):
        """A family's SEPA mandate, on paper or online, debits a SEPA account with a right IBAN:
        the staff hear it when they enter the mandate, not when the bank rejects the file."""
        for mandate in self.filtered(lambda m: m.periscolaire_family_id and m.format == "sepa"):
            try:
                sepa.check_iban(mandate.partner_bank_id.acc_number)
            except RuleError as error:
                raise ValidationError(rule_text(self.env, error.message)) from None

    @api.model
    def _periscolaire_mandate_text(self, company):
        """The text of the mandate the parent signs (SEPA core scheme's required wording)."""
        return self.env._(
            "En signant ce formulaire de mandat, vous autorisez %(creditor)s (identifiant "
            "créancier SEPA %(ics)s) à envoyer des instructions à votre banque pour débiter "
            "votre compte, et votre banque à débiter votre compte conformément aux "
            "instructions de %(creditor)s. Vous bénéficiez du droit d'être remboursé par votre "
            "banque selon les conditions décrites dans la convention que vous avez passée avec "
            "elle. Une demande de remboursement doit être présentée dans les 8 semaines suivant "
            "la date de débit de votre compte pour un prélèvement autorisé. Les factures du "
            "périscolaire sont prélevées chaque mois ; vous êtes prévenu du montant et de la date "
            "au moins %(days)s jours avant.",
            creditor=company.name,
            ics=company.sepa_creditor_identifier or "",
            days=company.periscolaire_sepa_notice_days,
        )

    @api.model
    def _periscolaire_portal_sign(self, family, holder, iban, accepted):
        """A parent signs a recurrent SEPA mandate for their family on the portal. The family
        must be the user's own; the mandate is created, valid (or waiting for the staff's
        check, as the town configures), in place of the family's previous one."""
        if not family or family != self.env["periscolaire.family"]._get_portal_family():
            raise AccessError(self.env._("Cette famille n'est pas la vôtre."))
        family.check_access("read")
        company = family.sudo().company_id
        if not company.sepa_creditor_identifier or not company.periscolaire_sepa_payment_mode_id:
            raise UserError(
                self.env._(
                    "Le prélèvement automatique n'est pas encore proposé par la mairie : "
                    "réglez vos factures en ligne ou à la régie."
                )
            )
        if not accepted:
            raise UserError(self.env._("Cochez la case d'acceptation du mandat pour le signer."))
        holder = " ".join((holder or "").split())
        if not holder:
            raise UserError(self.env._("Indiquez le nom du titulaire du compte."))
        if len(holder) > HOLDER_MAX:
            raise UserError(
                self.env._("Le nom du titulaire compte au plus %s caractères.", HOLDER_MAX)
            )
        iban = sepa.check_iban(iban)
        family_sudo = family.sudo()
        partner = family_sudo.referent_id
        bank = self._periscolaire_bank_account(partner, iban, holder, company)
        family_sudo._periscolaire_active_mandates()._periscolaire_revoke()
        mandate = (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "format": "sepa",
                    "type": "recurrent",
                    "scheme": "CORE",
                    "recurrent_sequence_type": "first",
                    "partner_bank_id": bank.id,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "signature_date": fields.Date.context_today(self),
                    "periscolaire_family_id": family.id,
                    "periscolaire_signed_online": True,
                    "periscolaire_signer_id": self.env.user.partner_id.id,
                    "periscolaire_accepted_text": self._periscolaire_mandate_text(company),
                }
            )
        )
        if not company.periscolaire_sepa_check_mandates:
            mandate.validate()
        mandate.message_post(
            body=self.env._(
                "Mandat signé sur le portail par %s.", self.env.user.partner_id.display_name
            )
        )
        return mandate

    @api.model
    def _periscolaire_bank_account(self, partner, iban, holder, company):
        Bank = self.env["res.partner.bank"].sudo()
        bank = Bank.with_context(active_test=False).search(
            [("partner_id", "=", partner.id), ("sanitized_acc_number", "=", iban)], limit=1
        )
        values = {"acc_holder_name": holder, "active": True}
        if bank:
            bank.write(values)
            return bank
        return Bank.create(
            {**values, "acc_number": iban, "partner_id": partner.id, "company_id": company.id}
        )

    def _periscolaire_portal_revoke(self):
        """A parent revokes their family's mandate on the portal."""
        family = self.env["periscolaire.family"]._get_portal_family()
        mandate = self.sudo()
        if not family or mandate.periscolaire_family_id != family:
            raise AccessError(self.env._("Ce mandat n'est pas celui de votre famille."))
        mandate._periscolaire_revoke()
        mandate.message_post(
            body=self.env._(
                "Mandat révoqué sur le portail par %s.", self.env.user.partner_id.display_name
            )
        )

    def _periscolaire_revoke(self):
        """Cancel the mandates and take their invoices out of the orders not yet confirmed."""
        if not self:
            return
        draft_lines = self.env["account.payment.line"].search(
            [("mandate_id", "in", self.ids), ("order_id.state", "=", "draft")]
        )
        invoices = draft_lines.move_line_id.move_id
        draft_lines.unlink()
        invoices.write({"periscolaire_debit_date": False, "periscolaire_debit_mandate_id": False})
        self.filtered(lambda m: m.state in ("draft", "valid")).cancel()
        self.write({"periscolaire_revoked_date": fields.Date.context_today(self)})
