# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import gzip

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.periscolaire_billing.tests.common import MONTH
from odoo.addons.periscolaire_pes.helios import schema

from .common import PesCommon


@tagged("post_install", "-at_install")
class TestPesBordereau(PesCommon):
    def _reject(self, bordereau, reason):
        self.env["periscolaire.pes.reject.wizard"].create(
            {"bordereau_id": bordereau.id, "reason": reason}
        ).action_reject()

    def test_states_sent_then_acknowledged(self):
        bordereau, _notes = self._export_month()

        bordereau.action_mark_sent()
        self.assertEqual(bordereau.state, "sent")
        self.assertTrue(bordereau.sent_date)
        with self.assertRaisesRegex(UserError, "impossible de régénérer"):
            bordereau.action_regenerate()
        bordereau.action_mark_acknowledged()
        self.assertEqual(bordereau.state, "acknowledged")
        with self.assertRaisesRegex(UserError, "impossible de rejeter"):
            self._reject(bordereau, "trop tard")
        with self.assertRaisesRegex(UserError, "ne se supprime pas"):
            bordereau.sudo().unlink()

    def test_rejected_bordereau_corrected_and_sent_again_with_the_same_numbers(self):
        bordereau, _notes = self._export_month()
        bordereau.action_mark_sent()
        first_file = bordereau.file

        self._reject(bordereau, "Adresse du débiteur MULLER inconnue de La Poste")
        self.assertEqual(bordereau.state, "rejected")
        self.assertEqual(bordereau.reject_reason, "Adresse du débiteur MULLER inconnue de La Poste")
        # a credit note posted meanwhile waits for the corrected bordereau
        self.severine_midi[0].action_set_absent_justified()
        credit_note = self.env["periscolaire.monthly.invoicing"]._invoice_month(MONTH)
        waiting = (
            self.env["periscolaire.pes.export.wizard"].create({"month": MONTH}).action_export()
        )
        self.assertIn("rejeté", waiting["params"]["message"])
        self.assertFalse(credit_note.pes_title_id)

        self.muller.referent_id.street = "7 rue de la Gare"
        bordereau.action_regenerate()

        self.assertEqual(bordereau.state, "generated")
        self.assertEqual(bordereau.generation_count, 2)
        self.assertNotEqual(bordereau.file, first_file)
        self.assertEqual(bordereau.title_ids.sorted("number").mapped("number"), [1, 2, 3])
        self.assertEqual(self.env["periscolaire.pes.bordereau"].search_count([]), 1)
        self.assertEqual(schema.validate(self._content(bordereau)), [])
        tree = self._tree(bordereau)
        self.assertEqual(self._values(tree, "//Piece[3]//Adr2"), ["7 RUE DE LA GARE"])
        # the credit note is deducted from the DURAND title sent again
        self.assertEqual(credit_note.pes_title_id, self.invoice_durand.pes_title_id)
        self.assertEqual(self._values(tree, "//Piece[1]//MtHT"), ["12.00", "44.60"])
        self.assertTrue(bordereau.file_name.endswith("_2.xml"))

    def test_asap_pdf_attached_when_the_treasury_sends_them(self):
        self.company.write(
            {"pes_asap_mode": "dgfip", "pes_asap_payment_note": "Paiement sur www.payfip.gouv.fr"}
        )

        bordereau, _notes = self._export_month()

        self.assertTrue(bordereau.with_asap)
        content = self._content(bordereau)
        self.assertEqual(schema.validate(content), [])
        tree = self._tree(bordereau)
        self.assertEqual(self._values(tree, "//BlocPiece/Edition"), ["06"] * 3)
        self.assertEqual(self._values(tree, "//BlocPiece/PJRef/TypePJ"), ["010"] * 3)
        references = self._values(tree, "//BlocPiece/PJRef/IdUnique")
        self.assertEqual(self._values(tree, "//PES_PJ/PJ/IdUnique"), references)
        self.assertEqual(len(set(references)), 3)
        self.assertEqual(
            self._values(tree, "//PES_PJ/PJ/NomPJ")[0], f"ASAP_{self.exercise}_00000001.pdf"
        )
        pdf = gzip.decompress(
            base64.b64decode(tree.xpath("//PES_PJ/PJ[1]/Contenu/Fichier")[0].text)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))

        # the same report from the title, for the accountant
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("periscolaire_pes.action_report_asap", bordereau.title_ids[:1].ids)[
                0
            ]
            .decode()
        )
        self.assertIn("Avis des sommes à payer", html)
        self.assertIn("Paiement sur www.payfip.gouv.fr", html)
        self.assertIn("SGC de Thionville", html)
