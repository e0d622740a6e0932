# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import UTC, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import SQL, float_compare

from .. import payfip_client

_logger = logging.getLogger(__name__)

# PayFiP takes payments from 1 € (eopayment's Payment.minimal_amount) to 100,000 €.
MIN_AMOUNT = 1.0
MAX_AMOUNT = 100000.0
# A pending payment is asked for again by the cron once PayFiP can tell an abandon (eopayment
# reports an abandon as "waiting" for 2 minutes, while the payer may still come back).
PENDING_CHECK_AFTER = timedelta(minutes=5)
PENDING_CHECK_BATCH = 50


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    payfip_checked_at = fields.Datetime(
        string="État demandé à PayFiP le", readonly=True, copy=False
    )

    # --- Creation: one invoice, its residual amount ------------------------------------------

    @api.model
    def _get_specific_create_values(self, provider_code, values):
        res = super()._get_specific_create_values(provider_code, values) or {}
        if provider_code != "payfip" or values.get("operation") == "validation":
            return res
        invoice = self._payfip_invoice_from_values(values)
        amount = invoice.amount_residual
        if float_compare(amount, MIN_AMOUNT, precision_digits=2) < 0:
            raise ValidationError(
                self.env._("PayFiP n'accepte pas les paiements de moins de 1,00 €.")
            )
        if float_compare(amount, MAX_AMOUNT, precision_digits=2) > 0:
            raise ValidationError(
                self.env._("PayFiP n'accepte pas les paiements de plus de 100 000 €.")
            )
        # The amount paid is the invoice's residual, whatever the payment form sent.
        return {**res, "amount": amount}

    @api.model
    def _payfip_invoice_from_values(self, values):
        invoice_ids = set()
        for command in values.get("invoice_ids") or []:
            if command[0] == Command.SET:
                invoice_ids.update(command[2])
            elif command[0] == Command.LINK:
                invoice_ids.add(command[1])
        invoice = self.env["account.move"].sudo().browse(sorted(invoice_ids)).exists()
        if len(invoice) != 1:
            raise ValidationError(
                self.env._("Avec PayFiP, chaque facture se règle séparément : choisissez-en une.")
            )
        if invoice.state != "posted" or invoice.move_type != "out_invoice":
            raise ValidationError(self.env._("Cette facture ne peut pas être payée en ligne."))
        return invoice

    # --- Redirection to PayFiP ----------------------------------------------------------------

    def _get_specific_rendering_values(self, processing_values):
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code != "payfip":
            return res
        invoice = self.invoice_ids[:1]
        provider = self.provider_id.sudo()
        if not self.partner_email:
            raise ValidationError(
                self.env._(
                    "PayFiP envoie le justificatif de paiement par e-mail : ajoutez votre adresse "
                    "e-mail à votre compte, puis réessayez."
                )
            )
        exercise = provider.payfip_exercise or (invoice.invoice_date or fields.Date.today()).year
        try:
            idop, _kind, url = provider._payfip_backend().request(
                self.amount,
                email=self.partner_email,
                refdet=payfip_client.refdet_from_reference(invoice.name or self.reference),
                exer=str(exercise),
                subject=provider.payfip_object,
            )
        except (payfip_client.PayFiPError, ValueError) as error:
            _logger.warning("PayFiP: no payment created for %s: %s", self.reference, error)
            raise ValidationError(
                self.env._(
                    "Le service de paiement en ligne de la DGFiP (PayFiP) ne répond pas pour le "
                    "moment. Votre facture reste à payer : réessayez un peu plus tard."
                )
            ) from error
        self.provider_reference = idop
        return {"api_url": url.split("?", 1)[0], "idop": idop}

    # --- Return and notification --------------------------------------------------------------

    @api.model
    def _payfip_handle_notification(self, data):
        """The return of the payer and PayFiP's notification: the data only say which payment
        (idOp); its state is always asked to PayFiP. Safe to call twice or concurrently."""
        return self.sudo()._handle_notification_data("payfip", data)

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "payfip" or len(tx) == 1:
            return tx
        idop = payfip_client.clean_idop(
            notification_data.get("idOp") or notification_data.get("idop")
        )
        tx = idop and self.search(
            [("provider_code", "=", "payfip"), ("provider_reference", "=", idop)], limit=1
        )
        if not tx:
            raise ValidationError(self.env._("PayFiP : aucun paiement ne correspond à ce retour."))
        return tx

    def _process_notification_data(self, notification_data):
        super()._process_notification_data(notification_data)
        if self.provider_code != "payfip":
            return
        self._payfip_update_state()

    def _payfip_update_state(self):
        """Ask PayFiP the state of the payment and apply it, once.

        The row lock makes a concurrent return and notification wait for each other; under
        Odoo's repeatable-read isolation the one that waited is retried by Odoo's request loop
        and then finds the transaction already final."""
        self.ensure_one()
        # A concurrent update fails here with a serialization error that the request loop
        # retries: not worth an error in the log.
        self.env.cr.execute(
            SQL("SELECT 1 FROM payment_transaction WHERE id = %s FOR NO KEY UPDATE", self.id),
            log_exceptions=False,
        )
        self.invalidate_recordset()
        if self.state in ("done", "cancel", "error") or not self.provider_reference:
            return
        created = self.create_date.replace(tzinfo=UTC)
        self.payfip_checked_at = fields.Datetime.now()
        try:
            response = self.provider_id._payfip_backend().payment_status(
                self.provider_reference, transaction_date=created
            )
        except payfip_client.PayFiPError as error:
            _logger.warning("PayFiP: state of %s unknown for now: %s", self.reference, error)
            self._set_pending()
            return
        self._payfip_apply_response(response)

    def _payfip_apply_response(self, response):
        result = response.result
        if result == payfip_client.PAID:
            paid = int(response.bank_data.get("montant") or 0) / 100
            if float_compare(paid, self.amount, precision_rounding=self.currency_id.rounding):
                self._set_error(
                    self.env._(
                        "PayFiP a encaissé %(paid)s € au lieu de %(amount)s € : le service "
                        "comptable de la mairie vérifie ce paiement.",
                        paid=paid,
                        amount=self.amount,
                    )
                )
                return
            self._set_done()
            # The payment is posted now, under the lock, not later by the status page or cron.
            self._post_process()
        elif result == payfip_client.DENIED:
            self._set_canceled(
                self.env._(
                    "Paiement refusé par votre banque : rien n'a été prélevé et votre facture "
                    "reste à payer. Vous pouvez réessayer ou payer autrement."
                )
            )
        elif result in (payfip_client.CANCELLED, payfip_client.EXPIRED):
            self._set_canceled(
                self.env._(
                    "Paiement abandonné : rien n'a été prélevé et votre facture reste à payer."
                )
            )
        elif result == payfip_client.WAITING:
            self._set_pending()
        else:
            self._set_error(
                self.env._("PayFiP a renvoyé un état inconnu (%s).", response.bank_status)
            )

    @api.model
    def _cron_payfip_check_pending(self):
        """Settle the payments whose end PayFiP never notified (an abandon, a lost call), a
        batch at a time; a payment still in progress is asked again at a later run."""
        due = fields.Datetime.now() - PENDING_CHECK_AFTER
        domain = [
            ("provider_code", "=", "payfip"),
            ("state", "in", ("draft", "pending")),
            ("provider_reference", "!=", False),
            ("create_date", "<", due),
            "|",
            ("payfip_checked_at", "=", False),
            ("payfip_checked_at", "<", due),
        ]
        batch = self.search(domain, limit=PENDING_CHECK_BATCH, order="id")
        for tx in batch:
            tx._payfip_update_state()
        remaining = self.search_count(domain) if len(batch) == PENDING_CHECK_BATCH else 0
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
