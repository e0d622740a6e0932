# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MONTH, SCHOOL_DAYS, PeriscolaireBillingCommon

MIDI = "2) MIDI ELE EUROPA"


@tagged("post_install", "-at_install")
class TestMonthlyInvoicing(PeriscolaireBillingCommon):
    def _late_booking(self, child, activity, day):
        request = self.env["periscolaire.request"].create(
            {"family_id": child.family_id.id, "company_id": self.company.id}
        )
        line = self.env["periscolaire.request.line"].create(
            {
                "request_id": request.id,
                "child_id": child.id,
                "activity_id": activity.id,
                "date": day,
                "is_late": True,
                "state": "validated",
            }
        )
        reservation = self._book(child, activity, [day], request_line_id=line.id)
        line.reservation_id = reservation
        return reservation

    def test_billed_and_not_billed_cases(self):
        days = SCHOOL_DAYS
        present = self._book(self.severine, self.midi, days[0:2], attendance="present")
        unjustified = self._book(
            self.severine, self.midi, days[2:3], attendance="absent_unjustified"
        )
        not_ticked = self._book(self.severine, self.midi, days[3:4])
        late_cancelled = self._book(
            self.severine, self.midi, days[4:5], state="cancelled", cancel_reason="family_late"
        )
        unbooked = self._book(self.severine, self.midi, days[5:6], attendance="unbooked")
        late_booked = self._late_booking(self.severine, self.midi, days[6])
        justified = self._book(self.severine, self.midi, days[7:8], attendance="absent_justified")
        closure = self._book(
            self.severine, self.midi, days[8:9], state="cancelled", cancel_reason="town_closure"
        )
        cancelled_in_time = self._book(
            self.severine, self.midi, days[9:10], state="cancelled", cancel_reason="family"
        )
        request = self.env["periscolaire.request"].create(
            {"family_id": self.durand.id, "company_id": self.company.id}
        )
        waiting = self.env["periscolaire.request.line"].create(
            {
                "request_id": request.id,
                "child_id": self.severine.id,
                "activity_id": self.matin.id,
                "date": days[10],
                "state": "waiting",
                "waiting_rank": 1,
            }
        )

        invoice = self._invoice()

        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.durand.referent_id)
        self.assertEqual(invoice.periscolaire_family_id, self.durand)
        self.assertEqual(invoice.periscolaire_month, MONTH)
        lines = invoice.invoice_line_ids
        self.assertEqual(
            [(line.name, line.quantity, line.price_unit) for line in lines],
            [
                (f"{MIDI} — Séverine — mars 2026 (4 séances)", 4, 11.5),
                (f"{MIDI} — Séverine — mars 2026 (1 séance réservée hors délai)", 1, 17.25),
                (f"{MIDI} — Séverine — mars 2026 (1 séance annulée hors délai)", 1, 11.5),
                (f"{MIDI} — Séverine — mars 2026 (1 présence sans réservation)", 1, 15.0),
            ],
        )
        self.assertEqual(invoice.amount_total, 89.75)  # 46,00 + 17,25 + 11,50 + 15,00
        # the late surcharge is a penalty, the meal part stays 4,50 a session
        self.assertEqual(lines[1].periscolaire_penalty_amount, 5.75)
        self.assertEqual(lines[0].periscolaire_meal_amount, 18.0)
        self.assertEqual(lines[0].periscolaire_reservation_ids, present | unjustified | not_ticked)
        self.assertEqual(lines[1].periscolaire_reservation_ids, late_booked)
        self.assertEqual(lines[2].periscolaire_reservation_ids, late_cancelled)
        self.assertEqual(lines[3].periscolaire_reservation_ids, unbooked)
        for reservation in justified | closure | cancelled_in_time:
            self.assertFalse(reservation.invoice_line_id)
            self.assertEqual(reservation.billing_state, "not_billable")
        self.assertFalse(waiting.reservation_id)
        self.assertNotIn(self.matin, lines.periscolaire_activity_id)

    def test_family_follows_its_invoices_and_credit_notes(self):
        grandmother = self.env["res.partner"].create(
            {"name": "Mamie DURAND", "email": "mamie@example.com"}
        )
        self.durand.adult_ids = grandmother
        reservations = self._book(self.severine, self.midi, SCHOOL_DAYS[:2])
        invoice = self._invoice()
        reservations[0]._cancel("town_closure")
        credit_note = self._invoice()

        for move in invoice | credit_note:
            self.assertEqual(
                move.message_partner_ids, self.durand.referent_id | grandmother, move.name
            )
            followers = move.message_follower_ids
            self.assertIn(self.env.ref("mail.mt_comment"), followers.subtype_ids)

    def test_line_product_analytic_and_description(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS, attendance="present")
        invoice = self._invoice()
        line = invoice.invoice_line_ids
        self.assertEqual(line.name, f"{MIDI} — Séverine — mars 2026 (12 séances)")
        self.assertEqual(line.quantity, 12)
        self.assertEqual(line.product_id, self.product_midi)
        self.assertEqual(line.analytic_distribution, {str(self.analytic_canteen.id): 100})
        self.assertFalse(line.tax_ids)
        self.assertEqual(line.price_subtotal, 138.0)
        self.assertEqual(invoice.invoice_date, fields.Date.context_today(invoice))

    def test_analytic_distribution_models_still_apply(self):
        self._book(self.victor, self.matin, SCHOOL_DAYS[:2])
        self.env["account.analytic.distribution.model"].create(
            {
                "partner_id": self.durand.referent_id.id,
                "analytic_distribution": {str(self.analytic_canteen.id): 100},
            }
        )
        line = self._invoice().invoice_line_ids
        self.assertEqual(line.product_id, self.product_matin)
        self.assertEqual(line.analytic_distribution, {str(self.analytic_canteen.id): 100})

    def test_without_a_distribution_model_no_line_searches_one(self):
        self._book(self.victor, self.matin, SCHOOL_DAYS[:2])
        self._book(self.lucas, self.matin, SCHOOL_DAYS[:2])
        self.env["account.analytic.distribution.model"].search([]).unlink()
        Model = self.registry["account.analytic.distribution.model"]
        with patch.object(Model, "_get_distribution", autospec=True, return_value={}) as search:
            lines = self._invoice().invoice_line_ids
        self.assertEqual(len(lines), 2)
        self.assertFalse(any(lines.mapped("analytic_distribution")))
        search.assert_not_called()

    def test_each_reservation_knows_its_invoice(self):
        reservations = self._book(self.severine, self.midi, SCHOOL_DAYS[:2]) | self._book(
            self.lucas, self.matin, SCHOOL_DAYS[:1]
        )
        moves = self._invoice()
        self.assertEqual(len(moves), 2)
        self.env.invalidate_all()
        for reservation in reservations:
            self.assertTrue(reservation.invoice_id)
            self.assertEqual(reservation.invoice_id, reservation.invoice_line_id.move_id)
        self.assertEqual(
            self.env["periscolaire.reservation"].search([("invoice_id", "in", moves.ids)]),
            reservations,
        )

    def test_one_invoice_per_family_and_month(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS[:3])
        self._book(self.victor, self.midi, SCHOOL_DAYS[:2])
        self._book(self.severine, self.matin, SCHOOL_DAYS[:5])
        self._book(self.lucas, self.matin, SCHOOL_DAYS[:1])
        # a day of another month is not part of March
        self._book(self.lucas, self.matin, [date(2026, 4, 2)])

        moves = self._invoice(families=self.durand)
        self.assertEqual(moves.periscolaire_family_id, self.durand)
        self.assertEqual(len(moves.invoice_line_ids), 3)

        moves = self._invoice()
        self.assertEqual(moves.periscolaire_family_id, self.martin)
        self.assertEqual(moves.invoice_line_ids.quantity, 1)
        self.assertEqual(len(self._family_moves(self.durand)), 1)
        self.assertNotEqual(moves.name, self._family_moves(self.durand).name)

    def test_invoicing_a_month_twice_creates_nothing(self):
        reservations = self._book(self.severine, self.midi, SCHOOL_DAYS[:4])
        reservations |= self._book(self.lucas, self.matin, SCHOOL_DAYS[:2])
        first = self._invoice()
        self.assertEqual(len(first), 2)
        links = {reservation: reservation.invoice_line_id for reservation in reservations}
        move_count = self.env["account.move"].search_count([])

        second = self._invoice()

        self.assertFalse(second)
        self.assertEqual(self.env["account.move"].search_count([]), move_count)
        for reservation, line in links.items():
            self.assertEqual(reservation.invoice_line_id, line)

    def test_booking_added_after_invoicing_gets_its_own_invoice(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS[:2], attendance="present")
        first = self._invoice()
        self._book(self.severine, self.matin, SCHOOL_DAYS[:1], attendance="unbooked")
        second = self._invoice()
        self.assertEqual(len(second), 1)
        self.assertNotEqual(second, first)
        self.assertEqual(second.invoice_line_ids.periscolaire_kind, "unbooked")
        self.assertEqual(first.amount_total, 23.0)

    def test_credit_note_after_late_certificate(self):
        reservations = self._book(self.severine, self.midi, SCHOOL_DAYS[:3], attendance="present")
        invoice = self._invoice()
        self.assertEqual(invoice.amount_total, 34.5)

        # the medical certificate arrives after the invoice was posted
        reservations[1].action_set_absent_justified()
        self.assertEqual(reservations[1].billing_state, "to_refund")
        credit_note = self._invoice()

        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(credit_note.periscolaire_month, MONTH)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 1)
        self.assertEqual(credit_note.invoice_line_ids.price_unit, 11.5)
        self.assertIn("absence justifiée", credit_note.invoice_line_ids.name)
        self.assertEqual(reservations[1].refund_line_id, credit_note.invoice_line_ids)
        self.assertEqual(reservations[1].billing_state, "refunded")
        # the posted invoice is untouched; the credit note settles part of it
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 34.5)
        self.assertEqual(invoice.invoice_line_ids.quantity, 3)
        self.assertEqual(invoice.amount_residual, 23.0)
        # and nothing more on the next run
        self.assertFalse(self._invoice())

    def test_closure_after_invoicing_gives_a_credit_note(self):
        reservations = self._book(self.severine, self.matin, SCHOOL_DAYS[:2])
        invoice = self._invoice()
        reservations[0]._cancel("town_closure")
        credit_note = self._invoice()
        self.assertEqual(credit_note.amount_total, 6.0)
        self.assertIn("fermeture par la ville", credit_note.invoice_line_ids.name)
        self.assertEqual(invoice.payment_state, "partial")

    def test_penalties_are_billed_once(self):
        penalty = self.env["periscolaire.penalty"].create(
            {
                "child_id": self.victor.id,
                "product_id": self.penalty_product.id,
                "date": SCHOOL_DAYS[3],
                "quantity": 2,
                "company_id": self.company.id,
            }
        )
        invoice = self._invoice()
        line = invoice.invoice_line_ids
        self.assertEqual(line.periscolaire_kind, "penalty")
        self.assertEqual(line.product_id, self.penalty_product)
        self.assertEqual(line.price_subtotal, 10.0)  # 2 × 5,00
        self.assertEqual(line.periscolaire_penalty_amount, line.price_subtotal)
        self.assertEqual(penalty.invoice_line_id, line)
        self.assertFalse(self._invoice())
        with self.assertRaises(UserError):
            penalty.quantity = 1

    def test_month_not_over_cannot_be_invoiced(self):
        today = fields.Date.context_today(self.env.user)
        with self.assertRaises(UserError):
            self._invoice(month=today)
        with self.assertRaises(UserError):
            self._invoice(month=today + timedelta(days=40))

    def test_wizard_invoices_selected_families(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS[:1])
        self._book(self.lucas, self.matin, SCHOOL_DAYS[:1])
        wizard = self.env["periscolaire.invoicing.wizard"].create(
            {"month": date(2026, 3, 17), "family_ids": [(6, 0, self.martin.ids)]}
        )
        self.assertEqual(wizard.month_label, "mars 2026")
        action = wizard.action_invoice()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(moves.periscolaire_family_id, self.martin)
        self.assertFalse(self._family_moves(self.durand))

    def test_month_summary(self):
        reservations = self._book(self.severine, self.midi, SCHOOL_DAYS[:2])
        self._book(self.lucas, self.matin, SCHOOL_DAYS[:1])
        self._invoice()
        reservations[0].action_set_absent_justified()
        self._invoice()
        self.env.flush_all()
        summary = self.env["periscolaire.invoicing.summary"].search(
            [("company_id", "=", self.company.id), ("month", "=", MONTH)]
        )
        self.assertEqual(summary.family_count, 2)
        self.assertEqual(summary.invoice_count, 2)
        self.assertEqual(summary.invoiced_amount, 29.0)
        self.assertEqual(summary.refund_count, 1)
        self.assertEqual(summary.refunded_amount, 11.5)
        self.assertEqual(summary.net_amount, 17.5)

    def test_revenue_report_by_activity_and_month(self):
        reservations = self._book(self.severine, self.midi, SCHOOL_DAYS[:2])
        self._book(self.victor, self.matin, SCHOOL_DAYS[:3])
        self._invoice()
        reservations[0].action_set_absent_justified()
        self._invoice()
        self.env.flush_all()
        groups = self.env["periscolaire.revenue.report"]._read_group(
            [("company_id", "=", self.company.id)],
            ["activity_id", "site_id", "month:month"],
            ["amount:sum", "quantity:sum"],
        )
        by_activity = {
            activity: (amount, quantity) for activity, _site, _m, amount, quantity in groups
        }
        self.assertEqual(by_activity[self.midi], (11.5, 1.0))
        self.assertEqual(by_activity[self.matin], (18.0, 3.0))
        self.assertEqual({site for _a, site, _m, _s, _q in groups}, {self.site})
