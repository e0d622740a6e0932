# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.periscolaire_billing.tests.common import (
    MONTH,
    SCHOOL_DAYS,
    PeriscolaireBillingCommon,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# DURAND's last booking is on 20 March 2026: gone from 20 March 2028, documents kept until
# 31 August 2028; its March 2026 invoice is kept until 31 December 2036.
DOCUMENTS_DUE = "2028-09-01"
ANONYMISATION_DUE = "2037-01-02"


@tagged("post_install", "-at_install")
class TestRetention(PeriscolaireBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = new_test_user(
            cls.env, login="durand.retention", groups="base.group_portal", name="Julie DURAND"
        )
        cls.durand.referent_id = cls.parent.partner_id
        cls.grandma = cls.env["res.partner"].create({"name": "Mamie DURAND", "email": "m@d.fr"})
        cls.durand.adult_ids = [Command.link(cls.grandma.id)]
        # the grandmother is also the référent of a family still here
        cls.cousins = cls._create_family("COUSINS", referent_id=cls.grandma.id)
        cls.reservations = cls._book(cls.severine, cls.midi, SCHOOL_DAYS, attendance="present")
        certificate = cls.env["ir.attachment"].create(
            {"name": "certificat.pdf", "raw": PDF, "res_model": "periscolaire.reservation"}
        )
        cls.reservations[0].justification_ids = [Command.link(certificate.id)]
        cls.severine.write({"allergies": "Arachide", "has_pai": True, "school": "Europa"})
        cls.severine.pickup_person_ids = [Command.create({"name": "Paul DURAND"})]
        vaccines = cls.env.ref("periscolaire_portal.document_type_vaccins")
        cls.document = cls.env["periscolaire.document"].create(
            {"family_id": cls.durand.id, "child_id": cls.severine.id, "type_id": vaccines.id}
        )
        cls.document.sudo()._submit_files([{"name": "vaccins.pdf", "raw": PDF}])
        cls.invoice = cls.env["periscolaire.monthly.invoicing"]._invoice_month(MONTH, cls.durand)
        cls.families = cls.env["periscolaire.family"].with_context(active_test=False)
        # families of other tests or of the demo stay out of the way
        cls.families.search([("id", "not in", (cls.durand | cls.cousins).ids)]).write(
            {"retention_hold": True, "retention_hold_reason": "Hors test"}
        )

    def _cron(self, **kwargs):
        return self.families._cron_retention(**kwargs)

    def test_schedule_from_the_last_booking_and_the_last_invoice(self):
        self.assertTrue(self.invoice.filtered(lambda m: m.state == "posted"))
        self.durand._retention_refresh()
        self.assertEqual(
            (
                self.durand.retention_last_activity,
                self.durand.retention_departure_date,
                self.durand.retention_documents_date,
                self.durand.retention_accounting_date,
                self.durand.retention_anonymise_date,
            ),
            (
                date(2026, 3, 20),
                date(2028, 3, 20),
                date(2028, 8, 31),
                date(2036, 12, 31),
                date(2036, 12, 31),
            ),
        )
        with freeze_time("2028-04-01"):
            self.assertEqual(self.durand.retention_stage, "left")
        self.company.periscolaire_retention_inactive_years = 3
        self.durand._retention_refresh()
        self.assertEqual(self.durand.retention_documents_date, date(2029, 8, 31))

    def test_documents_and_health_data_go_after_the_school_year_of_departure(self):
        with freeze_time("2028-08-31"):
            self._cron()
        self.assertTrue(self.document.exists(), "kept until the last day")
        files = self.document.attachment_ids | self.reservations.justification_ids
        self.assertEqual(len(files), 2)
        with freeze_time(DOCUMENTS_DUE):
            self.assertEqual(self._cron(), 0)
        self.assertFalse(self.document.exists())
        self.assertFalse(files.exists(), "files sent and medical certificates deleted")
        self.assertEqual((self.severine.allergies, self.severine.has_pai), (False, False))
        self.assertFalse(self.severine.pickup_person_ids)
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "periscolaire.child"),
                ("mail_message_id.res_id", "=", self.severine.id),
                ("field_id.name", "=", "allergies"),
            ]
        )
        self.assertFalse(tracked, "no old allergy left in the history")
        self.assertEqual(self.durand.retention_documents_purged_on, date(2028, 9, 1))
        self.assertEqual(self.durand.name, "DURAND", "not anonymised yet: invoices are kept")
        self.assertEqual(self.severine.first_name, "Séverine")

    def test_a_child_of_separated_parents_stays_with_the_household_still_here(self):
        # Séverine's mother (COUSINS, still booking) shares her; DURAND leaves.
        self.severine.write({"second_family_id": self.cousins.id, "custody_pattern": "free"})
        kept_person = self.env["periscolaire.pickup.person"].create(
            {"child_id": self.severine.id, "family_id": self.cousins.id, "name": "Tata COUSIN"}
        )
        address = self.env.ref("periscolaire_portal.document_type_justif_domicile")
        own_address = self.durand._get_document_for(address, self.severine)
        files = self.document.attachment_ids
        with freeze_time(DOCUMENTS_DUE):
            self._cron()
        self.assertEqual(self.severine.family_ids, self.cousins)
        self.assertEqual(self.durand.child_ids, self.victor)
        self.assertEqual(self.document.family_id, self.cousins, "her vaccines stay hers")
        self.assertTrue(files.exists())
        self.assertFalse(own_address.exists(), "DURAND's proof of address goes with DURAND")
        self.assertEqual(self.severine.pickup_person_ids, kept_person)
        self.assertEqual(self.severine.allergies, "Arachide")
        self.assertEqual(self.reservations.family_id, self.durand, "DURAND's bookings stay his")

    def test_anonymised_after_the_invoices_retention_amounts_and_numbers_stay(self):
        self.cousins.retention_hold = True
        # a required choice, when the canteen's addon is installed, goes back to its default
        diet = "special_meal" in self.severine._fields
        if diet:
            self.severine.special_meal = "no_pork"
        invoice = self.invoice
        number, total = invoice.name, invoice.amount_total
        self.assertIn("Séverine", " ".join(invoice.invoice_line_ids.mapped("name")))
        with freeze_time("2036-12-31"):
            self._cron()
        self.assertEqual(self.durand.name, "DURAND", "kept ten years")
        with freeze_time(ANONYMISATION_DUE):
            self._cron()
        family = self.durand
        self.assertEqual(family.name, f"Famille anonymisée {family.id}")
        self.assertFalse(family.active)
        self.assertEqual(family.retention_stage, "anonymised")
        self.assertEqual(family.referent_id.name, f"Anonyme {self.parent.partner_id.id}")
        self.assertFalse(family.referent_id.email)
        self.assertFalse(self.parent.active, "no portal access left")
        self.assertNotEqual(self.parent.login, "durand.retention")
        self.assertEqual(
            (self.severine.first_name, self.severine.birth_date), ("Enfant", date(2019, 1, 1))
        )
        self.assertFalse(self.severine.school)
        if diet:
            self.assertEqual(self.severine.special_meal, "standard")
        self.assertEqual(
            (invoice.state, invoice.name, invoice.amount_total), ("posted", number, total)
        )
        self.assertEqual(invoice.invoice_partner_display_name, family.referent_id.name)
        self.assertNotIn("Séverine", " ".join(invoice.invoice_line_ids.mapped("name")))
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "periscolaire.family"), ("res_id", "=", family.id)]
            ),
            "its history is gone",
        )
        self.assertEqual(self.grandma.name, "Mamie DURAND", "still the référent of a family")
        self.assertEqual(self.cousins.name, "COUSINS")

    def test_a_held_family_is_kept_then_batches_go_on(self):
        self.durand.write({"retention_hold": True, "retention_hold_reason": "Litige en cours"})
        with freeze_time(ANONYMISATION_DUE):
            self.assertEqual(self._cron(), 0)
        self.assertEqual(self.durand.name, "DURAND")
        self.assertTrue(self.document.exists())
        self.assertTrue(self.cousins.retention_anonymised_on, "the others go on")
        self.assertEqual(self.grandma.name, "Mamie DURAND", "DURAND still needs her")

        self.durand.action_retention_release()
        left = self.families.create(
            [
                {
                    "name": f"PARTIE {index}",
                    "referent_id": self.grandma.id,
                    "company_id": self.company.id,
                }
                for index in range(2)
            ]
        )
        cron = self.env.ref("periscolaire_retention.ir_cron_retention")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        families = self.families.with_context(ir_cron_progress_id=progress.id)
        with freeze_time(ANONYMISATION_DUE):
            # due: the two new families (never booked), then DURAND
            self.assertEqual(families._cron_retention(batch_size=2), 1)
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertFalse(self.durand.retention_anonymised_on)
            self.assertEqual(families._cron_retention(batch_size=2), 0)
            self.assertEqual(families._cron_retention(batch_size=2), 0)
        self.assertTrue(all(left.mapped("retention_anonymised_on")))
        self.assertEqual(self.grandma.name, f"Anonyme {self.grandma.id}", "no family left for her")
