# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Another family's report URL is refused quietly: 403, and no ERROR in the log."""

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestReportAccess(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._tomorrow_reservation(cls.severine)
        cls.other = cls._tomorrow_reservation(cls.lucas)

    def test_other_family_reports_are_refused_without_error(self):
        self._login()
        refused = (
            f"/report/html/periscolaire_portal.report_attendance_sheet/{self.other.id}",
            f"/report/pdf/periscolaire_portal.report_attendance_sheet/{self.own.id},{self.other.id}",
            f"/report/html/periscolaire_portal.report_attendance_sheet/{self.other.id + 10**6}",
            "/report/html/periscolaire_portal.report_attendance_sheet/99999999999",
            "/report/html/periscolaire_portal.report_attendance_sheet",
            f"/report/html/periscolaire_portal.report_periscolaire_calendar/{self.other_family.id}",
        )
        with self.assertNoLogs(level="ERROR"):
            for url in refused:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 403, url)
                self.assertNotIn(self.lucas.name, response.text, url)
        own = self.url_open(
            f"/report/html/periscolaire_portal.report_periscolaire_calendar/{self.family.id}"
        )
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.severine.name, own.text)
        self.assertNotIn(self.lucas.name, own.text)
