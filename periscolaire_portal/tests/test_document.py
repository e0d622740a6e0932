# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, freeze_time, tagged
from odoo.tools import mute_logger

from .common import PeriscolaireCommon

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestDocument(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The town's own types must not interfere with the assertions below.
        cls.env["periscolaire.document.type"].search([]).active = False
        Type = cls.env["periscolaire.document.type"]
        cls.type_insurance = Type.create(
            {
                "name": "ASSURANCE TEST",
                "code": "T_ASSURANCE",
                "sequence": 1,
                "target": "child",
                "validity": "school_year",
                "blocking": True,
            }
        )
        cls.type_photo = Type.create(
            {
                "name": "PHOTO TEST",
                "code": "T_PHOTO",
                "sequence": 2,
                "target": "child",
                "validity": "months",
                "validity_months": 12,
                "blocking": False,
            }
        )
        cls.type_qf = Type.create(
            {
                "name": "QF TEST",
                "code": "T_QF",
                "sequence": 3,
                "target": "referent",
                "validity": "months",
                "validity_months": 12,
                "blocking": False,
            }
        )

    def _document(self, doc_type, child=None, family=None, **vals):
        family = family or (child.family_id if child else self.family_a)
        return self.env["periscolaire.document"].create(
            {
                "family_id": family.id,
                "child_id": child.id if child else False,
                "type_id": doc_type.id,
                **vals,
            }
        )

    def _flush_tracking(self):
        """Tracking messages are written when the transaction is about to commit."""
        self.env.flush_all()
        self.env.cr.flush()

    def _family_messages(self, family, subject):
        return self.env["mail.message"].search(
            [
                ("model", "=", "periscolaire.family"),
                ("res_id", "=", family.id),
                ("subject", "=", subject),
            ]
        )

    # ------------------------------------------------------------------------------------------

    @freeze_time("2026-02-18")
    def test_validate_records_date_user_and_expiry_from_the_type(self):
        insurance = self._document(self.type_insurance, self.severine, state="to_check")
        photo = self._document(self.type_photo, self.severine, state="to_check")
        self._flush_tracking()
        (insurance | photo).action_validate()
        self._flush_tracking()
        insurance.invalidate_recordset(["message_ids"])

        self.assertEqual(insurance.state, "validated")
        self.assertEqual(insurance.validated_on, date(2026, 2, 18))
        self.assertEqual(insurance.validated_by_id, self.env.user)
        self.assertEqual(insurance.expiry_date, date(2026, 8, 31), "end of the school year")
        self.assertEqual(photo.expiry_date, date(2027, 2, 17), "twelve months")
        tracked = insurance.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(tracked[:1].new_value_char, "Validé", "the change shows in the chatter")

    @freeze_time("2026-03-10")
    def test_cron_marks_expired_documents_and_reminds_once(self):
        today = fields.Date.context_today(self.env["periscolaire.document"])
        outdated = self._document(
            self.type_insurance,
            self.severine,
            state="validated",
            validated_on=today - timedelta(days=400),
            expiry_date=today - timedelta(days=1),
        )
        expiring = self._document(
            self.type_insurance,
            self.victor,
            state="validated",
            validated_on=today - timedelta(days=300),
            expiry_date=today + timedelta(days=10),
        )
        later = self._document(
            self.type_photo,
            self.victor,
            state="validated",
            validated_on=today,
            expiry_date=today + timedelta(days=45),
        )
        subject = "Documents à renouveler avant leur expiration"

        self.env["periscolaire.document"]._cron_check_expiry()

        self.assertEqual(outdated.state, "expired")
        self.assertEqual(expiring.state, "validated")
        self.assertEqual(later.state, "validated")
        reminders = self._family_messages(self.family_a, subject)
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.user_a.partner_id, reminders.partner_ids, "sent to the référent")
        self.assertIn("ASSURANCE TEST", str(reminders.body))
        self.assertNotIn("PHOTO TEST", str(reminders.body), "45 days ahead is not yet due")
        self.assertEqual(expiring.reminder_sent_for, expiring.expiry_date)
        self.assertFalse(later.reminder_sent_for)
        self.assertFalse(self._family_messages(self.family_b, subject))

        self.env["periscolaire.document"]._cron_check_expiry()
        self.assertEqual(
            len(self._family_messages(self.family_a, subject)),
            1,
            "a second run sends no second reminder",
        )

        # renewed: the family sends next year's certificate, staff validate it; the reminder
        # for the new expiry date will be sent when its time comes
        expiring._submit_files([{"name": "assurance-2.pdf", "raw": PDF}])
        self.assertEqual(expiring.state, "to_check")
        expiring.action_validate()
        self.assertFalse(expiring.reminder_sent_for)
        self.assertGreater(expiring.expiry_date, today + timedelta(days=10))

    def test_refuse_with_reason_mails_the_family(self):
        doc = self._document(self.type_insurance, self.victor)
        doc.with_user(self.user_a)._submit_files([{"name": "assurance.pdf", "raw": PDF}])
        self.assertEqual(doc.state, "to_check")

        wizard = Form(
            self.env["periscolaire.document.refuse.wizard"].with_context(
                default_document_ids=doc.ids
            )
        )
        wizard.reason = "Garantie extrascolaire absente"
        wizard.save().action_confirm()

        self.assertEqual(doc.state, "refused")
        self.assertEqual(doc.refuse_reason, "Garantie extrascolaire absente")
        message = doc.message_ids.filtered(lambda m: m.subject and "Document refusé" in m.subject)
        self.assertEqual(len(message), 1)
        self.assertIn(self.user_a.partner_id, message.partner_ids)
        self.assertIn("Garantie extrascolaire absente", str(message.body))
        self.assertTrue(
            message.notification_ids.filtered(
                lambda n: (
                    n.res_partner_id == self.user_a.partner_id and n.notification_type == "email"
                )
            ),
            "a mail goes to the référent",
        )
        # columns: référent, Séverine, Victor
        self.assertEqual(
            self.family_a._get_document_alert_table()["rows"][0]["cells"][2]["label"],
            "Refusé : Garantie extrascolaire absente",
        )

    def test_refuse_needs_a_reason(self):
        doc = self._document(self.type_insurance, self.victor, state="to_check")
        with self.assertRaises(UserError):
            doc.action_refuse("   ")
        self.assertEqual(doc.state, "to_check")

    @freeze_time("2026-03-10")
    def test_blocking_documents(self):
        today = fields.Date.context_today(self.env["periscolaire.document"])
        blockers = self.family_a._get_blocking_documents()
        self.assertEqual(
            {(b["type"], b["child"], b["state"]) for b in blockers},
            {
                (self.type_insurance, self.severine, "to_provide"),
                (self.type_insurance, self.victor, "to_provide"),
            },
            "missing blocking documents block; the non-blocking photo does not",
        )
        self.assertFalse(blockers[0]["document"], "no record exists yet")

        insurance_s = self._document(
            self.type_insurance,
            self.severine,
            state="validated",
            validated_on=today,
            expiry_date=today + timedelta(days=100),
        )
        insurance_v = self._document(
            self.type_insurance,
            self.victor,
            state="validated",
            validated_on=today - timedelta(days=400),
            expiry_date=today - timedelta(days=1),
        )
        self.assertFalse(self.severine._get_blocking_documents())
        blockers = self.victor._get_blocking_documents()
        self.assertEqual(
            [(b["document"], b["state"]) for b in blockers],
            [(insurance_v, "expired")],
            "outdated before the daily action ran",
        )
        with self.assertRaisesRegex(UserError, "ASSURANCE TEST"):
            self.family_a._check_blocking_documents(children=self.victor)
        self.family_a._check_blocking_documents(children=self.severine)

        insurance_v.state = "to_check"
        self.assertFalse(self.victor._get_blocking_documents(), "awaiting check does not block")
        insurance_s.action_refuse("Illisible")
        self.assertEqual([b["state"] for b in self.severine._get_blocking_documents()], ["refused"])

        self.type_qf.blocking = True
        self.assertEqual(
            [(b["type"], b["child"]) for b in self.victor._get_blocking_documents()],
            [(self.type_qf, self.env["periscolaire.child"])],
            "a missing référent document blocks every child",
        )

    def test_alert_table_of_the_portal(self):
        self._document(
            self.type_insurance,
            self.severine,
            state="validated",
            validated_on=date(2026, 2, 18),
            expiry_date=date(2099, 8, 31),
        )
        self._document(self.type_qf, state="to_check")
        table = self.family_a._get_document_alert_table()

        self.assertEqual(
            [c["name"] for c in table["columns"]],
            ["Julie DURAND", self.severine.name, self.victor.name],
        )
        self.assertEqual(
            [c["child"] for c in table["columns"]],
            [self.env["periscolaire.child"], self.severine, self.victor],
        )
        labels = [[c and c["label"] for c in row["cells"]] for row in table["rows"]]
        self.assertEqual(
            labels,
            [
                [None, "Validé le : 18/02/26", "À fournir"],
                [None, "À fournir", "À fournir"],
                ["En cours de vérification", None, None],
            ],
        )
        self.assertEqual(table["alert_count"], 3)
        self.assertEqual(self.family_a.document_alert_count, 3)

    def test_one_document_per_member_and_type(self):
        self._document(self.type_qf)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._document(self.type_qf)
            self.env.flush_all()

    def test_portal_parent_reads_only_their_family_documents(self):
        doc_a = self._document(self.type_insurance, self.severine)
        doc_a._submit_files([{"name": "assurance.pdf", "raw": PDF}])
        doc_b = self._document(self.type_insurance, self.lucas)
        Document = self.env["periscolaire.document"]

        self.assertEqual(Document.with_user(self.user_b).search([]), doc_b)
        self.assertFalse(
            Document.with_user(self.user_b).search([("family_id", "=", self.family_a.id)])
        )
        with self.assertRaises(AccessError):
            doc_a.with_user(self.user_b).read(["state"])
        with self.assertRaises(AccessError):
            doc_a.with_user(self.user_b)._submit_files([{"name": "x.pdf", "raw": PDF}])
        with self.assertRaises(AccessError):
            doc_b.with_user(self.user_b).write({"state": "validated"})

        self.assertEqual(Document.with_user(self.user_a).search([]), doc_a)
        self.assertEqual(doc_a.with_user(self.user_a).state, "to_check")

    def test_portal_upload_creates_the_missing_document(self):
        family = self.family_a.with_user(self.user_a)
        doc = family._get_document_for(self.type_qf.with_user(self.user_a))
        self.assertEqual(doc.state, "to_provide")
        doc._submit_files([{"name": "qf.pdf", "raw": PDF}])
        self.assertEqual(doc.state, "to_check")
        self.assertEqual(doc.attachment_ids.res_id, doc.id)
        with self.assertRaises(UserError):
            doc._submit_files([{"name": "script.sh", "raw": b"#!/bin/sh\necho 1\n"}])
        with self.assertRaises(UserError):
            family._get_document_for(self.type_insurance, self.lucas)
        with self.assertRaises(AccessError):
            self.family_b.with_user(self.user_a)._get_document_for(self.type_qf)


@tagged("post_install", "-at_install")
class TestNews(TransactionCase):
    def test_published_news(self):
        News = self.env["periscolaire.news"]
        News.search([]).active = False
        current = News.create({"name": "Portail ouvert", "date_start": date(2026, 9, 1)})
        ended = News.create(
            {
                "name": "Inscriptions d'été",
                "date_start": date(2026, 5, 1),
                "date_end": date(2026, 7, 1),
            }
        )
        future = News.create({"name": "Noël", "date_start": date(2026, 12, 1)})

        self.assertEqual(News._get_published(date(2026, 9, 15)), current)
        self.assertEqual(News._get_published(date(2026, 6, 1)), ended)
        self.assertEqual(set(News._get_published(date(2026, 12, 1)).ids), {current.id, future.id})
