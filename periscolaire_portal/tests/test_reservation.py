# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MONDAY, TUESDAY, PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestReservationUnique(PeriscolaireCommon):
    def test_second_confirmed_reservation_is_refused_by_the_database(self):
        self._book(self.severine, self.activity, MONDAY)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._book(self.severine, self.activity, MONDAY)
                self.env.flush_all()

    def test_confirmed_through_sql_is_refused_too(self):
        first = self._book(self.severine, self.activity, MONDAY)
        second = self._book(self.severine, self.activity, TUESDAY)
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE periscolaire_reservation SET date = %s WHERE id = %s",
                    [first.date, second.id],
                )

    def test_cancelled_reservation_does_not_block_a_new_booking(self):
        first = self._book(self.severine, self.activity, MONDAY)
        first.action_cancel()
        second = self._book(self.severine, self.activity, MONDAY)
        self.env.flush_all()
        self.assertEqual(first.state, "cancelled")
        self.assertEqual(second.state, "confirmed")
        # Other children, activities and days are independent.
        self._book(self.victor, self.activity, MONDAY)
        self._book(self.severine, self.activity_b, MONDAY)
        self._book(self.severine, self.activity, TUESDAY)
        self.env.flush_all()
        self.assertEqual(
            self.env["periscolaire.reservation"].search_count(
                [
                    ("child_id", "in", (self.severine | self.victor).ids),
                    ("state", "=", "confirmed"),
                ]
            ),
            4,
        )

    def test_reactivating_a_cancelled_duplicate_is_refused(self):
        first = self._book(self.severine, self.activity, MONDAY)
        first.action_cancel()
        self._book(self.severine, self.activity, MONDAY)
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                first.state = "confirmed"
                self.env.flush_all()
