# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The PayFiP client: eopayment's `payfip_ws` backend, as it is, with one addition.

eopayment's PayFiP client takes a `service_url` but always posts to the address of its bundled
WSDL (the DGFiP's). The provider's "service URL" setting (a test service, a proxy) needs it
honoured: the client below sets the SOAP address the way eopayment's Saga backend does.
"""

import re

from eopayment import common, payfip_ws

# PayFiP's refdet: 1 to 30 letters and digits (eopayment's REFDET_RE).
REFDET_MAX = 30
# An idOp as PayFiP returns it: letters, digits and dashes.
IDOP_RE = re.compile(r"[A-Za-z0-9-]{1,64}")

PAID = common.PAID
DENIED = common.DENIED
CANCELLED = common.CANCELLED
EXPIRED = common.EXPIRED
WAITING = common.WAITING
PayFiPError = payfip_ws.PayFiPError


class PayFiPService(payfip_ws.PayFiP):
    @property
    def client(self):
        client = super().client
        if self.service_url:
            client.service._binding_options["address"] = self.service_url
        return client


def make_backend(numcli, saisie, return_url, notify_url, service_url=None, timeout=None):
    """eopayment's PayFiP backend for one client number and mode (T, X or W)."""
    backend = payfip_ws.Payment(
        {
            "numcli": numcli,
            "saisie": saisie,
            "normal_return_url": return_url,
            "automatic_return_url": notify_url,
        }
    )
    backend.payfip = PayFiPService(service_url=service_url or None)
    if timeout:
        backend.payfip.default_timeout = timeout
    return backend


def clean_idop(value):
    """The idOp sent back by the payer's browser or PayFiP, or None when it cannot be one (a
    repeated parameter, control characters, anything but letters, digits and dashes)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if len(value) == 1 else None
    return value if isinstance(value, str) and IDOP_RE.fullmatch(value) else None


def refdet_from_reference(reference):
    """PayFiP's debt reference from an invoice number: its letters and digits (FAC/2026/0042
    gives FAC20260042), keeping the end when it is too long."""
    return re.sub(r"[^A-Za-z0-9]", "", reference or "")[-REFDET_MAX:]
