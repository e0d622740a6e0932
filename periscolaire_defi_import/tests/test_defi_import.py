# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import date
from pathlib import Path
from unittest.mock import patch

from openpyxl import load_workbook

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

SAMPLE = Path(__file__).parent / "data" / "defi_export_sample.xlsx"
EMAILS = ["marc.martinot@example.org", "anne.martinot@example.org", "ewa.kowalski@example.org"]


@tagged("post_install", "-at_install")
class TestDefiImport(TransactionCase):
    """The synthetic DEFI export of ``data/``: MARTINOT (Léa and Hugo, two parents),
    KOWALSKI (Zoé, her mother) and DA SILVA (Inès, two parents without e-mail)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for name in ("EUROPA", "SOETRICH"):
            if not cls.env["periscolaire.site"].search([("name", "=", name)]):
                cls.env["periscolaire.site"].create({"name": name})
        cls.sample = SAMPLE.read_bytes()
        cls.family_model = cls.env["periscolaire.family"].with_context(active_test=False)

    def _wizard(self, content=None):
        return self.env["periscolaire.defi.import.wizard"].create(
            {"file": base64.b64encode(content or self.sample), "filename": "export.xlsx"}
        )

    def _import(self, content=None):
        wizard = self._wizard(content)
        wizard.action_preview()
        wizard.action_import()
        return wizard

    def _edited_sample(self, edits):
        """The sample with cells replaced: ``edits`` maps "B7"-like cells to values."""
        workbook = load_workbook(io.BytesIO(self.sample))
        for coordinate, value in edits.items():
            workbook.active[coordinate] = value
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()

    def _counts(self):
        return (
            self.family_model.search_count([]),
            self.env["periscolaire.child"].with_context(active_test=False).search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["periscolaire.document"].search_count([]),
        )

    def _family(self, name):
        return self.family_model.search([("name", "=", name)])

    def test_preview_shows_everything_and_creates_nothing(self):
        before = self._counts()
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(self._counts(), before)
        self.assertEqual(
            (wizard.family_create_count, wizard.family_match_count, wizard.child_create_count),
            (3, 0, 4),
        )
        self.assertEqual(wizard.refused_count, 0)
        lines = {(line.kind, line.name): line.action for line in wizard.line_ids}
        self.assertEqual(lines["child", "MARTINOT LÉA"], "create")
        self.assertEqual(lines["guardian", "Marc MARTINOT"], "create")
        self.assertEqual(lines["document", "ATTESTATION QF — MARTINOT LÉA"], "create")
        self.assertNotIn(("document", "ATTESTATION QF — MARTINOT HUGO"), lines, "once a family")

    def test_import_creates_the_families_then_a_second_run_nothing(self):
        before = self._counts()
        wizard = self._import()
        self.assertEqual(wizard.state, "done")
        self.assertIn("3 famille(s) créée(s)", wizard.summary)
        families, children, partners, _documents = self._counts()
        self.assertEqual(
            (families, children, partners), (before[0] + 3, before[1] + 4, before[2] + 5)
        )

        martinot = self._family("MARTINOT")
        self.assertEqual(martinot.referent_id.name, "Marc MARTINOT")
        self.assertEqual(martinot.referent_id.email, "marc.martinot@example.org")
        self.assertEqual(martinot.referent_id.mobile, "0612345678")
        self.assertEqual(martinot.referent_id.phone, "0382000001")
        self.assertEqual((martinot.street, martinot.zip, martinot.city),
                         ("12 rue des Lilas", "57330", "HETTANGE-GRANDE"))  # fmt: skip
        self.assertEqual(martinot.adult_ids.mapped("name"), ["Anne MARTINOT"])
        lea = martinot.child_ids.filtered(lambda child: child.first_name == "Léa")
        self.assertEqual(
            (lea.birth_date, lea.school, lea.class_level, lea.site_id.name),
            (date(2019, 3, 12), "École maternelle Europa", "gs", "EUROPA"),
        )
        documents = {
            (d.type_id.code, d.child_id.first_name or ""): d for d in martinot.document_ids
        }
        vaccines = documents["VACCINS", "Léa"]
        self.assertEqual((vaccines.state, vaccines.validated_on), ("validated", date(2025, 2, 18)))
        self.assertEqual(vaccines.expiry_date, date(2025, 8, 31), "valid for its school year")
        qf = documents["ATTESTATION_QF", ""]
        self.assertEqual((qf.state, qf.expiry_date), ("expired", date(2025, 8, 31)))
        self.assertEqual(documents["FICHE_SANITAIRE", "Hugo"].state, "to_provide")
        self.assertEqual(documents["ASSURANCE", "Léa"].state, "to_provide")
        kowalski = self._family("KOWALSKI")
        refused = kowalski.document_ids
        self.assertEqual((refused.state, refused.refuse_reason), ("refused", "signature manquante"))
        self.assertEqual(self._family("DA SILVA").child_ids.name, "DA SILVA INÈS")

        after = self._counts()
        again = self._wizard()
        again.action_preview()
        self.assertEqual((again.family_create_count, again.family_match_count), (0, 3))
        self.assertFalse(again.line_ids.filtered(lambda line: line.action == "create"))
        again.action_import()
        self.assertEqual(self._counts(), after, "a second run creates nothing")

    def test_broken_rows_are_reported_and_their_family_left_out(self):
        before = self._counts()
        broken = self._edited_sample({"A7": "MARTINOT Hugo né le : 31/02/2016", "I13": "ewa@"})
        wizard = self._import(broken)
        refused = {line.row: line.detail for line in wizard.line_ids if line.action == "refuse"}
        self.assertEqual(refused[7], "Date de naissance illisible.")
        self.assertIn("Courriel invalide", refused[13])
        self.assertIn("une autre de ses lignes est refusée", refused[2], "Léa's row too")
        self.assertFalse(self._family("MARTINOT"), "nothing of a family with a broken row")
        self.assertFalse(self._family("KOWALSKI"))
        self.assertTrue(self._family("DA SILVA"))
        self.assertEqual(self._counts()[0], before[0] + 1)

    def test_a_failure_while_creating_undoes_the_whole_import(self):
        before = self._counts()
        document_class = type(self.env["periscolaire.document"])
        with (
            patch.object(document_class, "create", side_effect=ValidationError("disque plein")),
            self.assertRaisesRegex(UserError, "rien n'a été créé"),
        ):
            self._import()
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.env["res.partner"].search([("email", "in", EMAILS)]))

    def test_existing_family_is_matched_by_email(self):
        ewa = self.env["res.partner"].create(
            {"name": "Ewa KOWALSKA", "email": "Ewa.Kowalski@example.org"}
        )
        family = self.env["periscolaire.family"].create({"name": "KOWALSKA", "referent_id": ewa.id})
        wizard = self._wizard()
        wizard.action_preview()
        lines = {(line.kind, line.name): line.action for line in wizard.line_ids}
        self.assertEqual(lines["family", "KOWALSKA"], "match")
        self.assertEqual(lines["guardian", "Ewa KOWALSKI"], "match")
        wizard.action_import()
        self.assertEqual(family.child_ids.name, "KOWALSKI ZOÉ")
        self.assertFalse(self._family("KOWALSKI"))

    def test_a_file_that_is_no_export_is_refused(self):
        with self.assertRaisesRegex(UserError, "classeur Excel"):
            self._wizard(b"nom;prenom\nDUPONT;Jean\n").action_preview()
