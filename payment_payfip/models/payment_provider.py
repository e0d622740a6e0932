# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urljoin

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import payfip_client

RETURN_ROUTE = "/payment/payfip/return"
NOTIFY_ROUTE = "/payment/payfip/notify"


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("payfip", "PayFiP")], ondelete={"payfip": "set default"}
    )
    payfip_numcli = fields.Char(
        string="Numéro client PayFiP",
        help="Numéro à 6 chiffres attribué par la DGFiP à la collectivité (numcli).",
        required_if_provider="payfip",
        groups="base.group_system",
    )
    payfip_test_saisie = fields.Selection(
        [("T", "Test"), ("X", "Activation")],
        string="Mode PayFiP en test",
        default="T",
        required=True,
        help="Mode envoyé à PayFiP tant que le fournisseur est en mode test : « Test » (aucun "
        "paiement réel) ou « Activation » (recette avec la DGFiP avant la mise en production). "
        "Activé, le fournisseur envoie le mode « Production ».",
    )
    payfip_object = fields.Char(
        string="Objet du paiement",
        default="Facture",
        help="Texte court transmis à PayFiP avec le numéro de la facture (lettres et chiffres).",
    )
    payfip_exercise = fields.Integer(
        string="Exercice",
        help="Exercice budgétaire transmis à PayFiP ; vide : l'année de la facture.",
    )
    payfip_service_url = fields.Char(
        string="Adresse du service web PayFiP",
        help="Vide : le service de la DGFiP. À renseigner seulement pour un service de test.",
        groups="base.group_system",
    )
    payfip_timeout = fields.Integer(
        string="Délai de réponse PayFiP (s)",
        default=15,
        help="Au-delà, la demande à PayFiP est abandonnée et le parent est invité à réessayer.",
    )

    def _get_supported_currencies(self):
        currencies = super()._get_supported_currencies()
        if self.code == "payfip":
            currencies = currencies.filtered(lambda currency: currency.name == "EUR")
        return currencies

    def _get_default_payment_method_codes(self):
        codes = super()._get_default_payment_method_codes()
        return {"payfip"} if self.code == "payfip" else codes

    def _payfip_saisie(self):
        return "W" if self.state == "enabled" else self.payfip_test_saisie

    def _payfip_backend(self):
        """eopayment's PayFiP backend with this provider's settings."""
        self.ensure_one()
        provider = self.sudo()
        base_url = provider.get_base_url()
        return payfip_client.make_backend(
            numcli=provider.payfip_numcli,
            saisie=provider._payfip_saisie(),
            return_url=urljoin(base_url, RETURN_ROUTE),
            notify_url=urljoin(base_url, NOTIFY_ROUTE),
            service_url=provider.payfip_service_url,
            timeout=provider.payfip_timeout,
        )

    @api.constrains("payfip_numcli")
    def _check_payfip_numcli(self):
        for provider in self.sudo():
            numcli = provider.payfip_numcli
            if numcli and not (numcli.isdigit() and len(numcli) == 6):
                raise ValidationError(
                    self.env._("Le numéro client PayFiP compte 6 chiffres (numcli de la DGFiP).")
                )
