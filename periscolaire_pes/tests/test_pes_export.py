# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.periscolaire_billing.tests.common import MONTH
from odoo.addons.periscolaire_pes.helios import schema

from .common import PesCommon


@tagged("post_install", "-at_install")
class TestPesExport(PesCommon):
    def test_month_bordereau_of_several_families(self):
        bordereaux, notes = self._export_month()

        self.assertEqual(notes, [])
        self.assertEqual(len(bordereaux), 1)
        bordereau = bordereaux
        self.assertEqual(bordereau.kind, "ormc")
        self.assertEqual(bordereau.state, "generated")
        self.assertEqual((bordereau.exercise, bordereau.number), (self.exercise, 1))
        self.assertEqual(bordereau.label, "Périscolaire mars 2026")
        self.assertEqual(bordereau.amount_total, 113.10)
        # one title per invoice, numbered from 1 in the families' order
        titles = bordereau.title_ids.sorted("number")
        self.assertEqual(titles.mapped("number"), [1, 2, 3])
        invoices = self.invoice_durand | self.invoice_martin | self.invoice_muller
        self.assertEqual(titles.move_id, invoices)
        self.assertEqual(titles.mapped("family_id.name"), ["DURAND", "MARTIN", "MULLER"])
        # what the back office shows on each invoice
        today = fields.Date.context_today(bordereau)
        for invoice, number in zip(invoices, (1, 2, 3), strict=True):
            self.assertEqual(invoice.pes_title_number, number)
            self.assertEqual(invoice.pes_bordereau_id, bordereau)
            self.assertEqual(invoice.pes_export_date, today)
        self.assertEqual(
            self.env["account.move"].search(
                [("pes_bordereau_id", "=", bordereau.id), ("pes_title_number", "=", 2)]
            ),
            self.invoice_martin,
        )

        content = self._content(bordereau)
        self.assertEqual(schema.validate(content), [])
        self.assertTrue(bordereau.file_name.startswith(f"PESORMC_21570323100015_{self.exercise}_"))
        tree = self._tree(bordereau)
        self.assertEqual(self._values(tree, "//TypFic"), ["PESORMC"])
        self.assertEqual(self._values(tree, "//IdPost"), ["057012"])
        self.assertEqual(self._values(tree, "//IdColl"), ["21570323100015"])
        self.assertEqual(self._values(tree, "//NbrPce"), ["3"])
        self.assertEqual(self._values(tree, "//MtBordHt"), ["113.10"])
        durand = "//Piece[1]"
        self.assertEqual(
            self._values(tree, f"{durand}//ObjPce"), ["Périscolaire mars 2026 — Séverine, Victor"]
        )
        # one line per imputation: restauration (MIDI of both children) and accueil (MATIN)
        self.assertEqual(self._values(tree, f"{durand}//CodProdLoc"), ["APS", "RS"])
        self.assertEqual(self._values(tree, f"{durand}//MtHT"), ["12.00", "56.10"])
        self.assertEqual(self._values(tree, f"{durand}//Nature"), ["7067", "7067"])
        self.assertEqual(self._values(tree, f"{durand}//Fonction"), ["251"])
        # the debtor is repeated on each line of the mono-debtor title
        self.assertEqual(self._values(tree, f"{durand}//Tiers/InfoTiers/Civilite"), ["MME"] * 2)
        self.assertEqual(self._values(tree, f"{durand}//Tiers/InfoTiers/Nom"), ["DURAND"] * 2)
        self.assertEqual(self._values(tree, f"{durand}//Tiers/InfoTiers/Prenom"), ["PARENT"] * 2)
        self.assertEqual(
            self._values(tree, f"{durand}//Tiers/Adresse/Adr2"), ["1 RUE DE L'EUROPE"] * 2
        )
        self.assertEqual(self._values(tree, f"{durand}//Tiers/Adresse/CP"), ["57330"] * 2)
        self.assertEqual(self._values(tree, "//Piece[3]//MtHT"), ["20.00"])
        self.assertEqual(
            self._values(tree, "//Piece[3]//ObjPce"), ["Périscolaire mars 2026 — Hugo"]
        )
        # the town sends its own invoices: no "avis des sommes à payer" in the file
        self.assertEqual(tree.xpath("//PES_PJ | //Edition"), [])

    def test_second_export_adds_nothing(self):
        first, _notes = self._export_month()

        again = self._export_wizard_month()
        self.assertEqual(again["tag"], "display_notification")
        self.assertEqual(
            again["params"]["title"], "Rien de nouveau à transmettre au comptable public"
        )
        chosen = (
            self.env["periscolaire.pes.export.wizard"]
            .create({"mode": "selection", "move_ids": self.invoice_martin.ids})
            .action_export()
        )
        self.assertIn("Déjà transmis, laissés de côté", chosen["params"]["message"])
        self.assertEqual(self.env["periscolaire.pes.bordereau"].search([]), first)
        self.assertEqual(self.env["periscolaire.pes.title"].search_count([]), 3)

    def test_credit_note_after_sending_is_a_reduction_in_the_next_bordereau(self):
        ormc, _notes = self._export_month()
        durand_title = self.invoice_durand.pes_title_id
        restauration_line = durand_title.line_ids.filtered(
            lambda line: line.imputation_id == self.imputation_rs
        )
        # a medical certificate arrives after the title was sent
        self.severine_midi[1].action_set_absent_justified()
        credit_note = self.env["periscolaire.monthly.invoicing"]._invoice_month(MONTH)
        self.assertEqual(credit_note.move_type, "out_refund")

        bordereaux, _notes = self._export_month()

        self.assertEqual(len(bordereaux), 1)
        self.assertEqual(bordereaux.kind, "reduction")
        self.assertEqual((bordereaux.exercise, bordereaux.number), (self.exercise, 1))
        reduction = bordereaux.title_ids
        self.assertEqual(reduction.number, 4)  # after the three titles of the exercise
        self.assertEqual(reduction.move_id, credit_note)
        self.assertEqual(reduction.origin_title_id, durand_title)
        self.assertEqual(reduction.line_ids.origin_line_id, restauration_line)
        self.assertEqual(reduction.line_ids.amount, 11.5)
        self.assertEqual(restauration_line.remaining_amount, 44.6)
        self.assertEqual(credit_note.pes_title_number, 4)
        self.assertEqual(credit_note.pes_bordereau_id, bordereaux)

        self.assertEqual(schema.validate(self._content(bordereaux)), [])
        tree = self._tree(bordereaux)
        self.assertEqual(self._values(tree, "//TypFic"), ["PESALR1"])
        self.assertEqual(self._values(tree, "//TypBord"), ["02"])
        self.assertEqual(self._values(tree, "//TypPce"), ["02"])
        self.assertEqual(self._values(tree, "//NatPce"), ["06"])
        self.assertEqual(self._values(tree, "//MtHT"), ["11.50"])
        self.assertEqual(
            self._values(tree, "//RattachPiece/*"),
            ["01", str(self.exercise), str(durand_title.number), str(restauration_line.sequence)],
        )
        self.assertEqual(self._values(tree, "//Tiers/InfoTiers/Nom"), ["DURAND"])
        # the title sent first is untouched
        self.assertEqual(durand_title.amount, 68.10)
        self.assertEqual(ormc.amount_total, 113.10)
        # and the next export has nothing more
        self.assertEqual(self._export_wizard_month()["tag"], "display_notification")
        self.assertEqual(self.env["periscolaire.pes.bordereau"].search_count([]), 2)

    def _export_wizard_month(self):
        return self.env["periscolaire.pes.export.wizard"].create({"month": MONTH}).action_export()

    def test_credit_note_before_sending_is_deducted_from_the_title(self):
        self.severine_midi[0].action_set_absent_justified()
        credit_note = self.env["periscolaire.monthly.invoicing"]._invoice_month(MONTH)

        bordereaux, _notes = self._export_month()

        self.assertEqual(bordereaux.kind, "ormc")
        title = self.invoice_durand.pes_title_id
        self.assertEqual(title.amount, 56.60)
        self.assertEqual(title.move_ids, self.invoice_durand | credit_note)
        self.assertEqual(credit_note.pes_title_id, title)
        self.assertEqual(schema.validate(self._content(bordereaux)), [])
        self.assertEqual(
            self._values(self._tree(bordereaux), "//Piece[1]//MtHT"), ["12.00", "44.60"]
        )

    def test_invoice_fully_credited_before_sending_gives_no_title(self):
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=self.invoice_muller.ids)
            .create({"journal_id": self.invoice_muller.journal_id.id, "reason": "Erreur"})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        credit_note.action_post()

        bordereaux, notes = self._export_month()

        self.assertEqual(bordereaux.title_ids.move_id, self.invoice_durand | self.invoice_martin)
        self.assertEqual(bordereaux.title_ids.mapped("number"), [1, 2])
        self.assertTrue(self.invoice_muller.pes_settled)
        self.assertTrue(credit_note.pes_settled)
        self.assertIn(self.invoice_muller.name, notes[0])

    def test_family_without_address_is_a_clear_error_and_takes_no_number(self):
        payer = self.muller.referent_id
        payer.write({"street": False, "city": False})

        with self.assertRaises(UserError) as error:
            self._export_month()

        message = str(error.exception)
        self.assertIn(self.invoice_muller.name, message)
        self.assertIn("famille MULLER", message)
        self.assertIn("adresse du payeur (rue) [Adr2]", message)
        self.assertIn("ville du payeur [Ville]", message)
        self.assertNotIn(self.invoice_durand.name, message)
        self.assertFalse(self.env["periscolaire.pes.bordereau"].search([]))

        # corrected, the export numbers from 1: the failed attempt left no gap
        payer.write({"street": "3 rue du Moulin", "city": "Cattenom"})
        bordereaux, _notes = self._export_month()
        self.assertEqual(bordereaux.number, 1)
        self.assertEqual(bordereaux.title_ids.mapped("number"), [1, 2, 3])
        self.assertEqual(schema.validate(self._content(bordereaux)), [])

    def test_schema_refusal_names_the_invoice_and_the_field(self):
        self.martin.referent_id.street2 = "."

        with self.assertRaises(UserError) as error:
            self._export_month()

        message = str(error.exception)
        self.assertIn("schéma PES V2", message)
        self.assertIn(f"{self.invoice_martin.name} — famille MARTIN (titre 2)", message)
        self.assertIn("complément d'adresse du payeur [Adr3]", message)
        self.assertFalse(self.env["periscolaire.pes.bordereau"].search([]))

    def test_missing_civility_and_imputation_are_named(self):
        self.martin.referent_id.title = False
        self.company.pes_default_imputation_id = False

        with self.assertRaises(UserError) as error:
            self._export_month()

        message = str(error.exception)
        self.assertIn(f"{self.invoice_martin.name} — famille MARTIN", message)
        self.assertIn("[Civilite]", message)
        # MATIN lines have neither an activity's nor an article's imputation
        self.assertIn(f"{self.invoice_muller.name} — famille MULLER : la ligne", message)
        self.assertIn("n'a pas d'imputation budgétaire", message)

    def test_selection_of_a_credit_note_whose_invoice_is_not_sent(self):
        self.severine_midi[0].action_set_absent_justified()
        credit_note = self.env["periscolaire.monthly.invoicing"]._invoice_month(MONTH)

        with self.assertRaisesRegex(UserError, "n'est pas encore transmise"):
            self.env["periscolaire.pes.export"]._export_moves(credit_note)

    def test_numbers_follow_the_sequence_set_by_the_accountant(self):
        sequence = self.env["periscolaire.pes.sequence"].create(
            {"exercise": self.exercise, "code": "title", "next_number": 120}
        )

        bordereaux, _notes = self._export_month()

        self.assertEqual(bordereaux.title_ids.mapped("number"), [120, 121, 122])
        self.assertEqual(sequence.next_number, 123)
        with self.assertRaisesRegex(Exception, "déjà utilisé"):
            sequence.next_number = 122

    def test_sent_invoice_cannot_go_back_to_draft(self):
        self._export_month()

        with self.assertRaisesRegex(UserError, "déjà dans un titre pour le comptable public"):
            self.invoice_durand.button_draft()

    def test_incomplete_settings_are_named(self):
        self.company.pes_id_post = False

        with self.assertRaisesRegex(UserError, r"Poste comptable \(IdPost\)"):
            self._export_month()
