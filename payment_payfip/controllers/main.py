# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from ..models.payment_provider import NOTIFY_ROUTE, RETURN_ROUTE

_logger = logging.getLogger(__name__)


class PayFiPController(http.Controller):
    @http.route(
        RETURN_ROUTE,
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def payfip_return(self, **data):
        """The payer's browser back from PayFiP. Whatever the outcome, the payment status page
        (which follows the transaction of the session) tells the parent where they are."""
        try:
            request.env["payment.transaction"]._payfip_handle_notification(data)
        except ValidationError:
            _logger.warning("PayFiP: a return matched no payment (%d parameters)", len(data))
        return request.redirect("/payment/status")

    @http.route(NOTIFY_ROUTE, type="http", auth="public", methods=["POST"], csrf=False)
    def payfip_notify(self, **data):
        """PayFiP's server-to-server notification at the end of a payment."""
        try:
            request.env["payment.transaction"]._payfip_handle_notification(data)
        except ValidationError:
            _logger.warning("PayFiP: a notification matched no payment (%d parameters)", len(data))
        return ""
