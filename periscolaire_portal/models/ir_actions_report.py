# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError

from ..rules.inputs import parse_id

#: Reports of the addons (their technical names start with the addons' prefix).
OUR_REPORTS_PREFIX = "periscolaire_"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        if report.report_name.startswith(OUR_REPORTS_PREFIX):
            self._check_printable(report, docids)
        return super()._get_rendering_context(report, docids, data)

    def _check_printable(self, report, docids):
        """Refuse, before rendering, records that do not exist or that the user may not read.

        Reached through ``/report/<pdf|html>/<report>/<ids>`` with another family's ids, the
        template would fail halfway (QWebException: an ERROR line and a traceback in the log for
        a mere refusal); an AccessError answers 403 with one WARNING line. Missing ids are
        refused the same way: a parent cannot tell another family's record from none.
        """
        refused = AccessError(self.env._("Ce document n'existe pas ou ne vous est pas accessible."))
        ids = [parse_id(value) for value in docids or []]
        if not ids or not all(ids):
            raise refused
        records = self.env[report.model].browse(ids)
        if len(records.exists()) != len(set(ids)) or not records.has_access("read"):
            # Odoo's own message would name the other family's records.
            raise refused
