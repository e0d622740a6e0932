# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import RequestEntityTooLarge, abort

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Read the form of an upload route now, within the route's ``max_content_length``.

        A request too large for werkzeug (``RequestEntityTooLarge``) would otherwise end on
        the website's bare error page (HTTP 418: it has no page for 413). A route that
        declares ``upload_too_large`` (a callable returning a response) answers it instead,
        with the product's message on the page of the form.
        """
        result = super()._pre_dispatch(rule, args)
        answer = rule.endpoint.routing.get("upload_too_large")
        if answer and request.httprequest.method == "POST":
            try:
                request.httprequest.form  # noqa: B018 - parses the body once, now
            except RequestEntityTooLarge:
                abort(answer())
        return result

    @classmethod
    def _serve_fallback(cls):
        # A URL that matches no route is looked up as a page or an attachment: with a NUL in its
        # path, PostgreSQL refused the query (HTTP 500). No page has such a path: 404.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()

    @classmethod
    def _dispatch(cls, endpoint):
        # Odoo calls the endpoint with every query and form parameter as a keyword argument:
        # one named "self" would collide with the controller (TypeError, HTTP 500).
        request.params.pop("self", None)
        return super()._dispatch(endpoint)
