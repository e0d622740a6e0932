# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from decimal import Decimal
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SCHOOL_DAYS, PeriscolaireBillingCommon

DAY = SCHOOL_DAYS[0]


@tagged("post_install", "-at_install")
class TestTariff(PeriscolaireBillingCommon):
    def _price(self, child, activity=None, day=DAY, late=False):
        return (activity or self.midi)._get_session_price(child, day, late=late)

    def test_qf_bracket_chosen(self):
        self.assertEqual(self._price(self.severine), Decimal("11.50"))
        low = self._create_family("PETIT", qf=450, qf_date_start=date(2025, 9, 1))
        ines = self._create_child(low, "Inès", date(2017, 2, 1))
        self.assertEqual(self._price(ines), Decimal("8.50"))
        high = self._create_family("BERNARD", qf=1001)
        chloe = self._create_child(high, "Chloé", date(2017, 2, 1))
        self.assertEqual(self._price(chloe), Decimal("12.50"))
        # the bracket is chosen on the invoice too
        self._book(ines, self.midi, SCHOOL_DAYS[:2])
        invoice = self._invoice(families=low)
        self.assertEqual(invoice.invoice_line_ids.price_unit, 8.5)

    def test_top_bracket_without_valid_qf(self):
        self.assertEqual(self._price(self.lucas), Decimal("12.50"))
        # a QF that expired before the day no longer counts
        self.durand.qf_date_end = date(2026, 2, 28)
        self.assertEqual(self._price(self.severine), Decimal("12.50"))
        self.assertEqual(self._price(self.severine, day=date(2026, 2, 27)), Decimal("11.50"))

    def test_outside_town_price(self):
        self.assertEqual(self._price(self.hugo), Decimal("10.50"))
        self.assertEqual(self._price(self.hugo, self.matin), Decimal("5.00"))
        self.muller.is_resident = True
        self.assertEqual(self._price(self.hugo), Decimal("8.50"))

    def test_sibling_discount_on_care_part(self):
        # Victor is the 2nd child: 10 % off the 7,00 € of care, not off the 4,50 € meal
        self.assertEqual(self._price(self.victor), Decimal("10.80"))
        self.assertEqual(self._price(self.severine), Decimal("11.50"))
        # no sibling discount in the MATIN tariff
        self.assertEqual(self._price(self.victor, self.matin), Decimal("6.00"))
        self._book(self.victor, self.midi, SCHOOL_DAYS[:3])
        line = self._invoice().invoice_line_ids
        self.assertEqual((line.price_unit, line.quantity), (10.8, 3))
        self.assertEqual(line.periscolaire_meal_amount, 13.5)

    def test_late_booking_surcharge(self):
        self.assertEqual(self._price(self.severine, late=True), Decimal("17.25"))
        self.assertEqual(self._price(self.severine, self.matin, late=True), Decimal("6.00"))

    def test_portal_cart_shows_tariff_price(self):
        request = self.env["periscolaire.request"].create(
            {"family_id": self.durand.id, "company_id": self.company.id}
        )
        line = self.env["periscolaire.request.line"].create(
            {
                "request_id": request.id,
                "child_id": self.victor.id,
                "activity_id": self.midi.id,
                "date": DAY,
            }
        )
        self.assertEqual(line.price, 10.8)

    def test_activity_without_tariff_uses_its_product_price(self):
        self.tariff_matin.active = False
        self.assertEqual(self._price(self.severine, self.matin), Decimal("6.00"))
        self.product_matin.lst_price = 6.4
        self.assertEqual(self._price(self.severine, self.matin), Decimal("6.40"))

    def test_tariff_used_on_posted_invoice_is_never_edited(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS[:2])
        march = self._invoice()
        self.assertTrue(self.tariff_midi.is_used)
        bracket = self.tariff_midi.bracket_ids.filtered(lambda b: b.qf_min == 501)
        with self.assertRaisesRegex(UserError, "nouvelle version"):
            bracket.price_resident = 12.0
        with self.assertRaisesRegex(UserError, "nouvelle version"):
            self.tariff_midi.late_surcharge_percent = 20
        with self.assertRaisesRegex(UserError, "nouvelle version"):
            self.tariff_midi.bracket_ids = [Command.create(self._bracket(2000, 0, 20, 20, 4.5))]
        with self.assertRaises(UserError):
            self.tariff_midi.unlink()
        self.tariff_midi.note = "Délibération du conseil municipal"

        wizard = self.env["periscolaire.tariff.version.wizard"].create(
            {"tariff_id": self.tariff_midi.id, "date_start": date(2026, 4, 1)}
        )
        action = wizard.action_create_version()
        version = self.env["periscolaire.tariff"].browse(action["res_id"])
        self.assertEqual(len(version.bracket_ids), 3)
        version.bracket_ids.filtered(lambda b: b.qf_min == 501).price_resident = 12.0
        self.assertEqual(self.tariff_midi.date_end, date(2026, 3, 31))

        self.assertEqual(self._price(self.severine, day=date(2026, 4, 2)), Decimal("12.00"))
        self.assertEqual(self._price(self.severine), Decimal("11.50"))
        self._book(self.severine, self.midi, [date(2026, 4, 2)])
        april = self._invoice(month=date(2026, 4, 1))
        self.assertEqual(april.invoice_line_ids.price_unit, 12.0)
        self.assertEqual(april.invoice_line_ids.periscolaire_tariff_id, version)
        self.assertEqual(march.invoice_line_ids.price_unit, 11.5)

    def test_parts_of_a_used_tariff_are_frozen_too(self):
        self._book(self.severine, self.midi, SCHOOL_DAYS[:2])
        self._invoice()
        Discount = self.env["periscolaire.tariff.sibling.discount"]
        with self.assertRaisesRegex(UserError, "nouvelle version"):
            Discount.create({"tariff_id": self.tariff_midi.id, "rank": 3, "discount_percent": 5})
        # A part of an unused tariff cannot be moved onto the used one either.
        discount = Discount.create(
            {"tariff_id": self.tariff_matin.id, "rank": 3, "discount_percent": 5}
        )
        with self.assertRaisesRegex(UserError, "nouvelle version"):
            discount.tariff_id = self.tariff_midi
        bracket = self.tariff_matin.bracket_ids[0]
        with self.assertRaisesRegex(UserError, "nouvelle version"):
            bracket.tariff_id = self.tariff_midi
        discount.discount_percent = 8
        self.assertEqual(discount.tariff_id, self.tariff_matin)

    def test_unused_tariff_can_be_edited(self):
        self.assertFalse(self.tariff_matin.is_used)
        self.tariff_matin.bracket_ids[0].price_resident = 4.2
        self.assertEqual(
            self._price(
                self._create_child(self._create_family("LOW", qf=100), "Léa", date(2018, 1, 1)),
                self.matin,
            ),
            Decimal("4.20"),
        )

    def test_brackets_must_follow_each_other(self):
        with self.assertRaises(ValidationError):
            self.env["periscolaire.tariff"].create(
                {
                    "activity_id": self.matin.id,
                    "date_start": date(2026, 5, 1),
                    "bracket_ids": [
                        Command.create(self._bracket(0, 500, 4, 5, 0)),
                        Command.create(self._bracket(600, 0, 6, 7, 0)),
                    ],
                }
            )
        with self.assertRaises(ValidationError):
            self.env["periscolaire.tariff"].create(
                {
                    "activity_id": self.matin.id,
                    "date_start": date(2026, 5, 1),
                    "bracket_ids": [Command.create(self._bracket(0, 500, 4, 5, 0))],
                }
            )

    def test_prices_of_many_days_match_the_price_of_each_day(self):
        # A second version from April, a QF ending in March and a day before
        # any tariff (product price): every case of the day-by-day price.
        self.env["periscolaire.tariff"].create(
            {
                "activity_id": self.midi.id,
                "date_start": date(2026, 4, 1),
                "late_surcharge_percent": 20,
                "bracket_ids": [
                    Command.create(self._bracket(0, 500, 9.0, 11.0, 4.0)),
                    Command.create(self._bracket(501, 0, 12.0, 14.0, 4.0)),
                ],
                "sibling_discount_ids": [Command.create({"rank": 2, "discount_percent": 20})],
            }
        )
        self.durand.qf_date_end = date(2026, 3, 15)
        days = [date(2025, 8, 29), *SCHOOL_DAYS, date(2026, 4, 2), date(2026, 4, 3)]
        Tariff = self.registry["periscolaire.tariff"]
        to_rule = Tariff._to_rule
        converted = []

        def spy(tariff):
            converted.append(tariff.id)
            return to_rule(tariff)

        for child in (self.severine, self.victor, self.hugo):
            for late in (False, True):
                converted.clear()
                with patch.object(Tariff, "_to_rule", spy):
                    prices = self.midi._get_session_prices(child, days, late=late)
                self.assertEqual(len(converted), 2)
                self.assertEqual(
                    prices,
                    {day: self._price(child, day=day, late=late) for day in days},
                )
        self.assertEqual(prices[days[0]], Decimal("11.50"))
        self.assertNotEqual(prices[SCHOOL_DAYS[0]], prices[date(2026, 4, 2)])
