# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from urllib.parse import parse_qs, urlparse

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PeriscolaireCommon


@tagged("post_install", "-at_install")
class TestInvitation(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referent = cls.env["res.partner"].create(
            {"name": "Paul LEROY", "email": "Paul.Leroy@Example.com"}
        )
        cls.family = cls.env["periscolaire.family"].create(
            {"name": "LEROY", "referent_id": cls.referent.id}
        )

    def _invitations(self):
        return self.env["mail.mail"].search(
            [("model", "=", "periscolaire.family"), ("res_id", "=", self.family.id)]
        )

    def test_grant_creates_a_portal_user_and_mails_a_set_password_link(self):
        self.assertFalse(self.family.has_portal_access)
        self.family.action_grant_portal_access()

        user = self.referent.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "paul.leroy@example.com")
        self.assertTrue(self.family.has_portal_access)
        self.assertEqual(self.family.user_ids, user)

        mail = self._invitations()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.referent)
        body = mail.body_html
        self.assertIn("paul.leroy@example.com", body)
        self.assertIn("/my", body)
        # The set-password link carries a signup token that resolves to the référent.
        links = re.findall(r'href="([^"]*token=[^"]*)"', body)
        self.assertEqual(len(links), 1)
        url = urlparse(links[0].replace("&amp;", "&"))
        self.assertEqual(url.path, "/web/signup")
        token = parse_qs(url.query)["token"][0]
        partner = self.env["res.partner"]._get_partner_from_token(token)
        self.assertEqual(partner, self.referent)
        # No password is ever sent: the user has none yet and the mail never says one.
        self.assertNotIn("mot de passe :", body.lower())
        self.env.cr.execute("SELECT password FROM res_users WHERE id = %s", [user.id])
        self.assertFalse(self.env.cr.fetchone()[0])

        self.assertTrue(
            self.family.message_ids.filtered(lambda m: "Accès au portail donné" in (m.body or ""))
        )

    def test_granting_again_resends_without_a_new_user(self):
        self.family.action_grant_portal_access()
        user = self.referent.user_ids
        self.family.action_grant_portal_access()
        self.assertEqual(self.referent.user_ids, user)
        self.assertEqual(len(self._invitations()), 2)

    def test_referent_without_email_is_refused(self):
        self.referent.email = False
        with self.assertRaises(UserError):
            self.family.action_grant_portal_access()
        self.assertFalse(self.referent.user_ids)
