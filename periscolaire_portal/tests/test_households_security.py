# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The two households of a child of separated parents never see each other's records:
each reads the child and the child's shared documents, nothing else of the other."""

from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MONDAY, PeriscolaireCommon
from .households_common import HouseholdsMixin
from .test_security import FAMILY_MODELS

HOUSEHOLD_MODELS = (*FAMILY_MODELS, "periscolaire.document")


@tagged("post_install", "-at_install")
class TestHouseholdsIsolation(HouseholdsMixin, PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_households(cls.site_a)
        Type = cls.env["periscolaire.document.type"]
        vaccines = cls.env.ref("periscolaire_portal.document_type_vaccins")
        address = cls.env.ref("periscolaire_portal.document_type_justif_domicile")
        qf = cls.env.ref("periscolaire_portal.document_type_attestation_qf")
        Type.search([]).write({"blocking": False})
        cls.shared_document = cls.father_home._get_document_for(vaccines, cls.jade)
        cls.father_documents = cls.shared_document
        cls.mother_documents = cls.shared_document
        for family, attr in ((cls.father_home, "father"), (cls.mother_home, "mother")):
            own = family._get_document_for(address, cls.jade) | family._get_document_for(qf)
            setattr(cls, f"{attr}_own_documents", own)
        cls.father_documents |= cls.father_own_documents
        cls.mother_documents |= cls.mother_own_documents
        cls.mother_documents |= cls.mother_home._get_document_for(vaccines, cls.tom)
        odd_monday, even_monday = MONDAY, MONDAY + timedelta(days=7)
        cls.father_request = cls._submit_as_staff(cls.father_home, even_monday)
        cls.mother_request = cls._submit_as_staff(cls.mother_home, odd_monday)
        cls.father_cart = cls.env["periscolaire.request"].create({"family_id": cls.father_home.id})
        for family, name in ((cls.father_home, "Oncle MOREAU"), (cls.mother_home, "Mamie LEROY")):
            cls.jade._portal_add_pickup_person(name, "0600000000", "Famille", family=family)

    @classmethod
    def _submit_as_staff(cls, family, day):
        request = cls.env["periscolaire.request"]._create_staff_request(
            cls.jade, cls.activity, [day], family=family
        )
        assert request.line_ids.reservation_id.family_id == family
        return request

    def _records(self, family, documents):
        env = self.env
        domain = [("family_id", "=", family.id)]
        return {
            "periscolaire.family": family,
            "periscolaire.child": family.household_child_ids,
            "periscolaire.pickup.person": env["periscolaire.pickup.person"].search(domain),
            "periscolaire.request": env["periscolaire.request"].search(domain),
            "periscolaire.request.line": env["periscolaire.request.line"].search(domain),
            "periscolaire.reservation": env["periscolaire.reservation"].search(domain),
            "periscolaire.document": documents,
        }

    def _assert_sees_only(self, user, own, other, shared):
        for model in HOUSEHOLD_MODELS:
            Model = self.env[model].with_user(user)
            self.assertTrue(own[model], model)
            self.assertEqual(Model.search([]), own[model].with_user(user), model)
            hidden = other[model] - shared.get(model, self.env[model])
            self.assertFalse(Model.search_count([("id", "in", hidden.ids)]), model)
            for record in hidden:
                with self.assertRaises(AccessError, msg=model):
                    record.with_user(user).read(["display_name"])
            own[model].with_user(user).read(["display_name"])

    def test_each_household_reads_only_its_own_and_the_shared_child(self):
        father = self._records(self.father_home, self.father_documents)
        mother = self._records(self.mother_home, self.mother_documents)
        shared = {"periscolaire.child": self.jade, "periscolaire.document": self.shared_document}
        self.assertEqual(father["periscolaire.reservation"].family_id, self.father_home)
        # Tom is hidden from his mother's ex-partner; Jade is read by both.
        self.assertIn(self.tom, mother["periscolaire.child"])
        self._assert_sees_only(self.father, father, mother, shared)
        self._assert_sees_only(self.mother, mother, father, shared)

    def test_the_other_households_contact_and_qf_stay_hidden(self):
        jade = self.jade.with_user(self.mother)
        self.assertEqual(jade.name, "MOREAU JADE")
        # What the parent's session can call: read() checks the record rules.
        for field in ("street", "city", "phone", "email", "qf", "is_resident"):
            with self.assertRaises(AccessError, msg=field):
                jade.family_id.read([field])
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            jade.family_id.referent_id.read(["street"])
        with self.assertRaises(AccessError):
            self.father_home.with_user(self.mother).read(["qf", "street", "email"])

    def test_shared_documents_are_validated_once_for_both(self):
        self.shared_document.action_validate()
        for family in (self.father_home, self.mother_home):
            table = family._get_document_alert_table()
            cells = {
                (row["type"].code, cell["child"].first_name): cell["state"]
                for row in table["rows"]
                for cell in row["cells"]
                if cell
            }
            self.assertEqual(cells[("VACCINS", "Jade")], "validated", family.name)
            self.assertEqual(cells[("JUSTIF_DOMICILE", "Jade")], "to_provide", family.name)
        # Each household's proof of address is its own document.
        self.father_own_documents.filtered(lambda d: d.child_id).action_validate()
        mother_table = self.mother_home._get_document_alert_table()
        address = next(row for row in mother_table["rows"] if row["type"].code == "JUSTIF_DOMICILE")
        jade_cell = next(cell for cell in address["cells"] if cell and cell["child"] == self.jade)
        self.assertEqual(jade_cell["state"], "to_provide")
        self.assertEqual(jade_cell["document"].family_id, self.mother_home)
        # Asking for the shared document from either household gives the same record.
        vaccines = self.env.ref("periscolaire_portal.document_type_vaccins")
        self.assertEqual(
            self.mother_home.with_user(self.mother)._get_document_for(vaccines, self.jade),
            self.shared_document,
        )
        self.assertEqual(
            self.shared_document.notified_partner_ids,
            self.father.partner_id | self.mother.partner_id,
        )
