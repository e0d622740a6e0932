# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2.errors import SerializationFailure

from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestFillLock(TransactionCase):
    """Filling an activity's places, as the nightly run and staff validations do, against
    transactions that started before it committed (real cursors: Odoo's REPEATABLE READ)."""

    def _fill_and_commit(self, activity_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["periscolaire.request.line"]._lock_activities(
                env["periscolaire.activity"].browse(activity_id)
            )

    def _started_cursor(self):
        cr = self.registry.cursor()
        cr.execute("SELECT 1")  # takes the transaction's snapshot
        self.addCleanup(cr.close)
        return cr

    def _committed_activity_id(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM periscolaire_activity ORDER BY id LIMIT 1")
            row = cr.fetchone()
        if not row:
            self.skipTest("needs an activity of the demo data")
        return row[0]

    @mute_logger("odoo.sql_db")  # the refusal below is the point
    def test_a_filler_on_an_old_snapshot_must_start_again(self):
        activity_id = self._committed_activity_id()
        self._fill_and_commit(activity_id)  # the activity's lock row exists from now on
        late_filler = self._started_cursor()
        self._fill_and_commit(activity_id)
        env = api.Environment(late_filler, api.SUPERUSER_ID, {})
        with self.assertRaises(SerializationFailure):
            env["periscolaire.request.line"]._lock_activities(
                env["periscolaire.activity"].browse(activity_id)
            )

    def test_a_parent_booking_meanwhile_is_not_held_up(self):
        activity_id = self._committed_activity_id()
        parent = self._started_cursor()
        self._fill_and_commit(activity_id)
        # What the foreign key of a new request line or reservation checks.
        parent.execute(
            "SELECT 1 FROM periscolaire_activity WHERE id = %s FOR KEY SHARE", [activity_id]
        )
        self.assertEqual(parent.fetchone(), (1,))
