# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import fields
from odoo.tests import Form, TransactionCase, freeze_time, tagged

from odoo.addons.periscolaire_portal.rules import dates as rules_dates
from odoo.addons.periscolaire_portal.tests.common import MONDAY, TUESDAY, PeriscolaireCommon

WEDNESDAY = date(2030, 3, 13)
THURSDAY = date(2030, 3, 14)
MARCH = (date(2030, 3, 1), date(2030, 3, 31))


@tagged("post_install", "-at_install")
class TestCafReport(PeriscolaireCommon):
    """Séverine and Victor DURAND (4 in March 2030) and Lucas MARTIN (8) at the
    evening activities (16:00-17:00, sites A and B) and at the Wednesday centre
    (7:30-18:00 with a meal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.severine | cls.victor).birth_date = date(2025, 9, 1)
        cls.wednesday_centre = cls._create_activity(
            5, "MERCREDI CENTRE", cls.site_b, hour_start=7.5, hour_end=18.0, has_meal=True
        )
        cls.lunch = cls._create_activity(6, "MIDI", cls.site_a, hour_start=11.75, hour_end=13.5)
        cls.lunch.caf_kind = "excluded"
        cls.lines = cls.env["periscolaire.caf.line"]

    def _present(self, child, activity, day, attendance="present"):
        reservation = self._book(child, activity, day)
        reservation.attendance = attendance
        return reservation

    def _compute(self):
        return self.lines._compute_period(*MARCH)

    def test_hours_attended_and_billed_per_child_and_day(self):
        self._present(self.severine, self.activity, MONDAY)
        self._present(self.severine, self.activity_b, MONDAY)  # another site, same day
        self._present(self.victor, self.activity, MONDAY, "absent_unjustified")
        self._present(self.victor, self.activity, TUESDAY, "absent_justified")
        self._present(self.lucas, self.activity_b, TUESDAY, "unbooked")
        late = self._book(self.lucas, self.activity_b, THURSDAY)
        late._cancel("family_late")
        self._present(self.lucas, self.lunch, MONDAY)  # excluded from the CAF

        lines = self._compute()
        got = sorted(
            (
                line.child_id.name,
                line.date,
                line.site_id.name,
                line.hours_attended,
                line.hours_billed,
            )
            for line in lines
        )
        self.assertEqual(
            got,
            [
                ("DURAND SÉVERINE", MONDAY, "EUROPA TEST", 1.0, 1.0),
                ("DURAND SÉVERINE", MONDAY, "SOETRICH TEST", 1.0, 1.0),
                ("DURAND VICTOR", MONDAY, "EUROPA TEST", 0.0, 1.0),
                ("MARTIN LUCAS", TUESDAY, "SOETRICH TEST", 1.0, 1.0),
                ("MARTIN LUCAS", THURSDAY, "SOETRICH TEST", 0.0, 1.0),
            ],
        )
        self.assertEqual(set(lines.mapped("kind")), {"periscolaire"})
        victor = lines.filtered(lambda line: line.child_id == self.victor)
        self.assertFalse(victor.attending_child_id, "an absent child is no attending child")

    def test_wednesday_capped_and_caps_are_settings(self):
        self._present(self.severine, self.wednesday_centre, WEDNESDAY)
        line = self._compute()
        self.assertEqual(line.kind, "mercredi")
        self.assertEqual((line.hours_attended_before_caps, line.hours_attended), (10.5, 9.0))
        self.assertEqual(line.hours_billed, 9.0)

        settings = Form(self.env["res.config.settings"])
        settings.periscolaire_caf_day_cap = 10.0
        settings.save().execute()
        self.assertEqual(self._compute().hours_attended, 10.0)

    def test_age_band_on_the_day_and_distinct_children(self):
        self.victor.birth_date = date(2024, 3, 13)  # 6 on Wednesday 13 March 2030
        self.lucas.birth_date = date(2025, 1, 1)
        for day in (MONDAY, TUESDAY, THURSDAY):
            self._present(self.victor, self.activity, day)
        self._present(self.severine, self.activity, MONDAY)
        self._present(self.lucas, self.activity, MONDAY)
        self._compute()
        groups = self.lines._read_group(
            [("date", ">=", MARCH[0]), ("date", "<=", MARCH[1])],
            ["age_band"],
            ["hours_attended:sum", "attending_child_id:count_distinct"],
        )
        self.assertEqual(
            sorted(groups),
            # under 6: Séverine, Lucas and Victor on Monday and Tuesday; then Victor alone
            sorted([("less_than_6", 4.0, 3), ("six_or_more", 1.0, 1)]),
        )

    def test_computing_again_replaces_the_period(self):
        reservation = self._present(self.severine, self.activity, MONDAY)
        first = self._compute()
        reservation.attendance = "absent_justified"
        self.assertFalse(self._compute(), "a justified absence counts nowhere")
        self.assertFalse(first.exists(), "the lines of the period were replaced")
        reservation.attendance = "present"
        self.assertEqual(len(self._compute()), 1)

    def test_wizard_analysis_and_printed_declaration(self):
        self._present(self.severine, self.activity, MONDAY)
        self._present(self.lucas, self.wednesday_centre, WEDNESDAY)
        wizard = self.env["periscolaire.caf.wizard"].create(
            {"date_from": MARCH[0], "date_to": MARCH[1]}
        )
        action = wizard.action_show()
        lines = self.lines.search(action["domain"])
        self.assertEqual(len(lines), 2)
        declaration = lines._get_declaration()
        self.assertEqual(
            [(row["site"].name, row["kind"], row["month"], row["age_band"]) for row in
             declaration["rows"]],
            [
                ("EUROPA TEST", "Périscolaire", "mars 2030", "Moins de 6 ans"),
                ("SOETRICH TEST", "Mercredi", "mars 2030", "6 ans et plus"),
            ],
        )  # fmt: skip
        self.assertEqual(declaration["hours_attended"], "10,00")
        report = self.env.ref("periscolaire_caf.action_report_caf_declaration")
        html = report._render_qweb_html(report.report_name, lines.ids)[0].decode()
        self.assertIn("Heures de présence déclarées à la CAF", html)
        self.assertIn("10,00", html)
        pdf = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, lines.ids
        )[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        print_action = wizard.with_context(discard_logo_check=True).action_print()
        self.assertEqual(print_action["report_name"], "periscolaire_caf.report_caf_declaration")

    def test_scheduled_action_computes_last_month(self):
        self._present(self.severine, self.activity, MONDAY)
        with freeze_time("2030-04-05"):
            self.lines._cron_compute_previous_month()
        line = self.lines.search([("child_id", "=", self.severine.id)])
        self.assertEqual((line.date, line.month), (MONDAY, MARCH[0]))


@tagged("post_install", "-at_install")
class TestCafDemo(TransactionCase):
    """The demo database's last month adds up to the attendance recorded."""

    def test_last_month_adds_up_to_the_attendance_recorded(self):
        if not self.env.ref("periscolaire_portal.demo_family_durand", raise_if_not_found=False):
            self.skipTest("No demo data in this database.")
        lines_model = self.env["periscolaire.caf.line"]
        first, last = rules_dates.month_bounds(*lines_model._previous_month())
        lines = lines_model._compute_period(first, last)
        attended = self.env["periscolaire.reservation"].search(
            [
                ("date", ">=", first),
                ("date", "<=", last),
                ("state", "=", "confirmed"),
                ("attendance", "in", ("present", "unbooked")),
                ("activity_id.caf_kind", "!=", "excluded"),
            ]
        )
        self.assertTrue(attended, "the demo records last month's attendance")
        recorded_hours = sum(r.hour_end - r.hour_start for r in attended)
        self.assertAlmostEqual(sum(lines.mapped("hours_attended_before_caps")), recorded_hours)
        self.assertEqual(lines.attending_child_id, attended.child_id)
        capped = lines.filtered(lambda line: line.hours_attended < line.hours_attended_before_caps)
        self.assertTrue(capped, "the Wednesday centre (10 h 30) is capped")
        self.assertEqual(set(capped.mapped("kind")), {"mercredi"})
        self.assertEqual(set(capped.mapped("hours_attended")), {9.0})
        uncapped = lines - capped
        self.assertAlmostEqual(
            sum(uncapped.mapped("hours_attended")),
            sum(uncapped.mapped("hours_attended_before_caps")),
        )
        absent = self.env["periscolaire.reservation"].search(
            [("date", ">=", first), ("date", "<=", last), ("attendance", "like", "absent")]
        )
        for line in lines.filtered(lambda line: line.reservation_ids <= absent):
            self.assertEqual(line.hours_attended, 0.0, "absences never count")
        self.assertEqual(fields.Date.to_date(min(lines.mapped("month"))), first)
