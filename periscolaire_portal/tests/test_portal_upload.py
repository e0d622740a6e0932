# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uploads: the server takes a file exactly where the page offers to send one, and a
file over the limit gets the product's message on the page of the form."""

import shutil
import unittest
from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.periscolaire_portal.rules import documents as rules_documents

from .portal_common import PDF, PortalCommon, page

#: A PDF over the limit whose content ends with a long run without line break: werkzeug keeps
#: such a run in memory and refused it above 10 MiB, whatever the limit of the route.
TOO_LARGE = b"%PDF-1.4\n" + b"x" * rules_documents.MAX_FILE_SIZE


@tagged("post_install", "-at_install")
class TestPortalUpload(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc_type = cls.env["periscolaire.document.type"].create(
            {"name": "ASSURANCE TEST", "code": "ASSURANCE_TEST", "target": "child", "sequence": 1}
        )
        cls.reservation = cls._tomorrow_reservation(cls.severine)

    def setUp(self):
        super().setUp()
        self._login()

    def _document(self, child, state, validated_on=None, expiry_date=None):
        return self.env["periscolaire.document"].create(
            {
                "family_id": self.family.id,
                "child_id": child.id,
                "type_id": self.doc_type.id,
                "state": state,
                "validated_on": validated_on,
                "expiry_date": expiry_date,
            }
        )

    def _upload(self, child):
        return self._post(
            "/my/alerts/upload",
            {"type_id": self.doc_type.id, "child_id": child.id},
            files={"file": ("assurance.pdf", PDF, "application/pdf")},
        )

    def _send_buttons(self):
        """The children whose document of the test's type has an "Envoyer" form."""
        html = page(self.url_open("/my/alerts"))
        return {
            child
            for child in (self.severine, self.victor)
            if f'id="pf_doc_{self.doc_type.id}_{child.id}"' in html
        }

    def test_server_takes_files_exactly_where_the_page_offers_to_send(self):
        validated = self._document(
            self.severine, "validated", self.today, self.today + timedelta(days=200)
        )
        expiring = self._document(
            self.victor,
            "validated",
            self.today - timedelta(days=300),
            self.today + timedelta(days=20),
        )
        self.assertEqual(self._send_buttons(), {self.victor}, "no button for the validated one")

        response = self._upload(self.severine)
        self.assertIn("n'attend pas de nouveau fichier", page(response))
        self.env.invalidate_all()
        self.assertEqual(validated.state, "validated")
        self.assertFalse(validated.attachment_ids)

        response = self._upload(self.victor)
        self.assertIn("envoyé : il sera vérifié", page(response))
        self.env.invalidate_all()
        self.assertEqual(expiring.state, "to_check")
        # Sent and waiting to be checked: no button, and a second file is refused.
        self.assertEqual(self._send_buttons(), set())
        response = self._upload(self.victor)
        self.assertIn("n'attend pas de nouveau fichier", page(response))
        self.env.invalidate_all()
        self.assertEqual(len(expiring.attachment_ids), 1)

    def test_file_over_the_limit_gets_the_message_on_the_form_page(self):
        before = self._snapshot()
        for url, data, field, referrer in (
            ("/my/alerts/upload", {"type_id": self.doc_type.id}, "file", "/my/family"),
            ("/my/absence", {"reservation_ids": self.reservation.id}, "certificate", None),
        ):
            headers = {"Referer": f"{self.base_url()}{referrer}"} if referrer else {}
            data = {**data, "child_id": self.severine.id}
            response = self._post(
                url,
                data,
                files={field: ("scan.pdf", TOO_LARGE, "application/pdf")},
                headers=headers,
            )
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.url, f"{self.base_url()}{referrer or url}")
            self.assertIn(
                "Le fichier dépasse 10 Mo : choisissez un fichier plus petit.", page(response)
            )
        self.assertEqual(self._snapshot(), before)
        self.assertFalse(self.family.document_ids)

    def test_pages_show_the_server_limit(self):
        html = page(self.url_open("/my/alerts"))
        self.assertIn(f'data-max-size="{rules_documents.MAX_FILE_SIZE}"', html)
        self.assertIn("PDF ou image (JPEG, PNG), 10 Mo au plus.", html)
        html = page(self.url_open("/my/absence"))
        self.assertIn(f'data-max-size="{rules_documents.MAX_FILE_SIZE}"', html)


@tagged("post_install", "-at_install")
class TestPortalUploadTour(PortalCommon):
    @unittest.skipUnless(
        any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")),
        "Chromium is not installed on this machine: the browser tour cannot run.",
    )
    def test_browser_refuses_a_file_over_the_limit_before_sending(self):
        self.assertFalse(self.family.document_ids)
        self.start_tour("/my/alerts", "periscolaire_portal_upload_size_tour", login=self.user.login)
        self.env.invalidate_all()
        sent = self.family.document_ids
        self.assertEqual(sent.mapped("state"), ["to_check"], "the small file only")
        self.assertEqual(sent.attachment_ids.mimetype, "image/png")
