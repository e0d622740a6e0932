# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import Form, new_test_user, tagged

from .common import PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestBackOfficeFlow(PeriscolaireCommon):
    """From the back-office forms alone: family, portal access, a month of
    bookings, a parent's request, attendance, a strike; each in the chatter."""

    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_staff_day(self):
        agent = new_test_user(
            self.env,
            login="agent_flow",
            groups="periscolaire_portal.group_periscolaire_manager",
            name="Agent Flow",
        )
        env = self.env(user=agent)
        referent = env["res.partner"].create(
            {"name": "Sophie LAMBERT", "email": "sophie@example.com"}
        )

        with Form(env["periscolaire.family"]) as family_form:
            family_form.name = "LAMBERT"
            family_form.referent_id = referent
            for first_name, birth_date in (
                ("Léo", date(2022, 2, 1)),
                ("Zoé", date(2019, 9, 1)),
            ):
                with family_form.child_ids.new() as child_form:
                    child_form.first_name = first_name
                    child_form.last_name = "LAMBERT"
                    child_form.birth_date = birth_date
                    child_form.site_id = self.site_a
        family = family_form.record
        self.assertEqual(family.child_ids.mapped("name"), ["LAMBERT LÉO", "LAMBERT ZOÉ"])
        self.assertTrue(family.message_ids, "family creation is logged")

        family.action_grant_portal_access()
        parent = referent.user_ids
        self.assertTrue(parent._is_portal())
        self.assertTrue(family.message_ids.filtered(lambda m: "Accès au portail" in (m.body or "")))

        # A month of bookings for Léo, Mondays to Fridays of March 2030.
        leo = family.child_ids.filtered(lambda child: child.first_name == "Léo")
        self.activity.capacity = 30
        with Form(
            env["periscolaire.booking.wizard"].with_context(default_child_ids=leo.ids)
        ) as wizard_form:
            wizard_form.activity_id = self.activity
            wizard_form.date_from = date(2030, 3, 1)
            wizard_form.date_to = date(2030, 3, 31)
        month = env["periscolaire.request"].browse(wizard_form.record.action_confirm()["res_id"])
        self.assertEqual(len(month.line_ids), 21)  # weekdays of March 2030
        self.assertEqual(set(month.line_ids.mapped("state")), {"validated"})
        self.assertEqual(len(self._messages(month, "a été traitée")), 1)

        # Zoé's parent asks from the portal (the booking pages add the line
        # after their checks; the family's documents are not this test's
        # business); the agent validates.
        env["periscolaire.document.type"].search([]).write({"blocking": False})
        zoe = family.child_ids - leo
        cart = (
            self.env["periscolaire.request"].with_user(parent)._portal_get_cart(family, create=True)
        )
        self.env["periscolaire.request.line"].sudo().create(
            {
                "request_id": cart.id,
                "child_id": zoe.id,
                "activity_id": self.activity.id,
                "date": date(2030, 3, 4),
            }
        )
        cart._portal_submit()
        request = cart.with_user(agent)
        request.action_validate_lines()
        self.assertEqual(request.line_ids.state, "validated")
        self.assertEqual(len(self._messages(request, "a été transmise")), 1)
        self.assertEqual(len(self._messages(request, "a été traitée")), 1)

        # Attendance of 4 March: Léo present, Zoé absent.
        with Form(env["periscolaire.attendance.wizard"]) as attendance_form:
            attendance_form.date = date(2030, 3, 4)
            attendance_form.site_id = self.site_a
        action = attendance_form.record.action_open()
        sheet = env["periscolaire.reservation"].search(action["domain"])
        self.assertEqual(sheet.child_id, leo | zoe)
        # Ticking happens in a later transaction than the booking (tracking
        # ignores records created in the running one).
        self._flush_tracking()
        sheet.filtered(lambda r: r.child_id == leo).action_set_present()
        sheet.filtered(lambda r: r.child_id == zoe).action_set_absent_unjustified()
        self._flush_tracking()
        for reservation in sheet:
            self.assertTrue(
                reservation.sudo().message_ids.tracking_value_ids.filtered(
                    lambda t: t.field_id.name == "attendance"
                ),
                reservation.child_id.name,
            )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("periscolaire_portal.action_report_attendance_sheet", sheet.ids)[0]
            .decode()
        )
        self.assertIn("LAMBERT LÉO", html)
        self.assertIn("Feuille de présence", html)

        # A strike on 5 March at site A.
        with Form(env["periscolaire.closure"]) as closure_form:
            closure_form.name = "Grève du 5 mars"
            closure_form.reason = "strike"
            closure_form.date_start = date(2030, 3, 5)
            closure_form.date_end = date(2030, 3, 5)
            closure_form.site_ids.add(self.site_a)
        closure = closure_form.record
        closure.action_apply()
        cancelled = env["periscolaire.reservation"].search(
            [("child_id", "=", leo.id), ("date", "=", date(2030, 3, 5))]
        )
        self.assertEqual(cancelled.cancel_reason, "town_closure")
        self._flush_tracking()
        self.assertTrue(closure.message_ids.filtered(lambda m: "annulée(s)" in (m.body or "")))
        self.assertEqual(len(self._messages(family, "fermeture décidée par la ville")), 1)
