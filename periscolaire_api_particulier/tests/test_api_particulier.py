# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import time
from datetime import date, timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.periscolaire_portal.rules.documents import add_months
from odoo.addons.periscolaire_portal.tests.common import PeriscolaireCommon

from ..services.api_particulier import CALLS_PER_SECOND, ApiParticulierClient
from .fake_api_particulier import FakeApiParticulier

TOKEN = "jeton-de-test"
SIRET = "21570323100015"
JULIE = {
    "qf_api_birth_name": "Durand",
    "qf_api_first_names": "Julie Anne",
    "qf_api_sex": "F",
    "qf_api_birth_date": date(1988, 6, 1),
    "qf_api_birth_town": "Thionville",
    "qf_api_birth_department": "57",
}
JULIE_FORM = {**JULIE, "qf_api_birth_date": "1988-06-01"}


def start_fake(test_class):
    fake = FakeApiParticulier(TOKEN, SIRET).start()
    test_class.addClassCleanup(fake.stop)
    fake.allocataires[("DURAND", "JULIE")] = ("CNAF", 650)
    fake.allocataires[("MARTIN", "CLAIRE")] = ("MSA", 1450)
    test_class.env.company.write(
        {
            "api_particulier_environment": "other",
            "api_particulier_url": fake.url,
            "api_particulier_token": TOKEN,
            "api_particulier_recipient": SIRET,
        }
    )
    return fake


@tagged("post_install", "-at_install")
class TestApiParticulier(PeriscolaireCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = start_fake(cls)
        cls.family_a.write({"qf_api_consent": True, **JULIE})

    def setUp(self):
        super().setUp()
        self.fake.reset()

    def _qf_rows(self, family):
        return [row["type"].code for row in family._get_document_alert_table()["rows"]]

    def test_fetched_qf_is_stored_and_replaces_the_paper_attestation(self):
        self.assertIn("ATTESTATION_QF", self._qf_rows(self.family_a))
        action = self.family_a.action_fetch_qf()
        self.assertEqual(action["params"]["type"], "success")
        month = fields.Date.context_today(self.family_a).replace(day=1)
        family = self.family_a
        self.assertEqual((family.qf, family.qf_source, family.qf_month), (650, "caf", month))
        self.assertEqual(family.qf_date_start, month)
        self.assertEqual(family.qf_date_end, add_months(month, 12) - timedelta(days=1))
        self.assertEqual(family.qf_api_state, "done")
        self.assertTrue(family.qf_api_valid)
        self.assertNotIn("ATTESTATION_QF", self._qf_rows(family))
        self.assertIn("ATTESTATION_QF", self._qf_rows(self.family_b), "only where a QF came")
        self.assertEqual(len(self.fake.calls), 1)
        call = self.fake.calls[0]
        self.assertEqual(call["recipient"], [SIRET])
        self.assertEqual(call["prenoms[]"], ["JULIE", "ANNE"])
        self.assertEqual(call["nomCommuneNaissance"], ["Thionville"])
        # the paper attestation is not created for it any more
        family.action_create_missing_documents()
        self.assertNotIn("ATTESTATION_QF", family.document_ids.type_id.mapped("code"))

    def test_validity_is_a_setting(self):
        self.env.company.periscolaire_qf_validity_months = 6
        self.family_a.action_fetch_qf()
        start = self.family_a.qf_date_start
        self.assertEqual(self.family_a.qf_date_end, add_months(start, 6) - timedelta(days=1))

    def test_not_found_keeps_the_family_going(self):
        self.family_b.write({"qf": 480, "qf_source": "other", "qf_api_consent": True})
        self.family_b.write({**JULIE, "qf_api_birth_name": "Inconnue"})
        action = self.family_b.action_fetch_qf()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(self.family_b.qf_api_state, "not_found")
        self.assertIn("Aucun dossier de la CAF ou de la MSA", self.family_b.qf_api_message)
        self.assertEqual((self.family_b.qf, self.family_b.qf_source), (480, "other"))
        self.assertEqual(self.family_b.qf_api_checked_on, fields.Date.context_today(self.family_b))
        self.assertIn("ATTESTATION_QF", self._qf_rows(self.family_b))

    def test_no_consent_sends_nothing(self):
        self.family_b.write(JULIE)
        self.family_b._fetch_qf_from_api()
        self.assertEqual(self.family_b.qf_api_state, "no_consent")
        self.assertIn("n'a pas donné son accord", self.family_b.qf_api_message)
        self.assertEqual(self.fake.calls, [])

    def test_incomplete_identity_sends_nothing(self):
        self.family_b.write({"qf_api_consent": True, "qf_api_birth_name": "MARTIN"})
        self.family_b._fetch_qf_from_api()
        self.assertEqual(self.family_b.qf_api_state, "incomplete")
        self.assertIn("au moins un prénom", self.family_b.qf_api_message)
        self.assertEqual(self.fake.calls, [])

    def test_api_down_or_unreachable_changes_nothing(self):
        self.family_a.write({"qf": 300, "qf_source": "caf"})
        self.fake.mode = "down"
        self.family_a._fetch_qf_from_api()
        self.assertEqual(self.family_a.qf_api_state, "unavailable")
        self.assertIn("ne répond pas", self.family_a.qf_api_message)
        self.assertFalse(self.family_a.qf_api_checked_on, "asked again at the next run")
        url = self.env.company.api_particulier_url
        self.env.company.api_particulier_url = "http://127.0.0.1:9"  # nothing listens there
        self.family_a._fetch_qf_from_api()
        self.env.company.api_particulier_url = url
        self.assertEqual(self.family_a.qf_api_state, "unavailable")
        self.assertEqual(self.family_a.qf, 300)

    def test_refused_token_and_missing_configuration(self):
        self.env.company.api_particulier_token = "jeton-révoqué"
        self.family_a._fetch_qf_from_api()
        self.assertEqual(self.family_a.qf_api_state, "unauthorized")
        self.env.company.api_particulier_token = False
        self.family_a._fetch_qf_from_api()
        self.assertEqual(self.family_a.qf_api_state, "configuration")
        self.env.company.api_particulier_token = TOKEN

    def test_rate_limit_is_reported_and_the_refresh_comes_back_later(self):
        self.fake.mode = "rate_limited"
        remaining = self.env["periscolaire.family"]._cron_refresh_qf()
        self.assertEqual(self.family_a.qf_api_state, "rate_limited")
        self.assertIn("20 par seconde", self.family_a.qf_api_message)
        self.assertEqual(len(self.fake.calls), 2, "one try again after a pause, then stop")
        self.assertEqual(remaining, 1)
        cron = self.env.ref("periscolaire_api_particulier.ir_cron_refresh_qf")
        trigger = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.assertTrue(trigger, "the refresh comes back in an hour")

    def test_the_client_never_sends_more_than_20_calls_a_second(self):
        token = "jeton-du-test-de-debit"
        self.fake.token = token
        self.addCleanup(setattr, self.fake, "token", TOKEN)
        client = ApiParticulierClient(self.fake.url, token)
        params = [("recipient", SIRET), ("nomNaissance", "DURAND"), ("prenoms[]", "JULIE"),
                  ("sexeEtatCivil", "F"), ("codeCogInseePaysNaissance", "99351")]  # fmt: skip
        start = time.monotonic()
        for _call in range(CALLS_PER_SECOND + 1):
            client.quotient_familial(params)  # a 429 would raise
        # the 21st call waited until a second after the first one
        self.assertGreaterEqual(time.monotonic() - start, 1.0)

    def test_yearly_refresh_in_batches_without_asking_twice(self):
        families = self.env["periscolaire.family"].create(
            [
                {
                    "name": f"FAMILLE {index}",
                    "referent_id": self.env["res.partner"].create({"name": f"P{index}"}).id,
                    "qf_api_consent": True,
                    **JULIE,
                }
                for index in range(24)
            ]
        )
        recent = families[:2]
        recent.qf_api_checked_on = fields.Date.context_today(self.family_a) - timedelta(days=30)
        cron = self.env.ref("periscolaire_api_particulier.ir_cron_refresh_qf")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        model = self.env["periscolaire.family"].with_context(ir_cron_progress_id=progress.id)
        remaining = model._cron_refresh_qf(batch_size=20)
        self.assertEqual((progress.done, progress.remaining), (20, remaining))
        self.assertEqual(remaining, 3)  # 22 due families and family_a, 20 done
        self.assertEqual(model._cron_refresh_qf(batch_size=20), 0)
        self.assertEqual(model._cron_refresh_qf(batch_size=20), 0)
        # 23 calls in quick succession: the client kept under 20 calls a second
        self.assertEqual(len(self.fake.calls), 23, "nobody asked twice, the recent ones not at all")
        self.assertEqual(set((families - recent).mapped("qf_api_state")), {"done"})
        self.assertFalse(recent.filtered("qf_api_state"))


@tagged("post_install", "-at_install")
class TestApiParticulierPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = start_fake(cls)
        cls.user = new_test_user(
            cls.env, login="pf_qf_parent", groups="base.group_portal", name="Julie DURAND"
        )
        cls.family = cls.env["periscolaire.family"].create(
            {
                "name": "DURAND",
                "referent_id": cls.user.partner_id.id,
                "child_ids": [
                    Command.create(
                        {"first_name": "Léa", "last_name": "DURAND", "birth_date": date(2019, 1, 1)}
                    )
                ],
            }
        )

    def _post(self, **data):
        return self.url_open(
            "/my/family/qf", data={"csrf_token": http.Request.csrf_token(self), **data}
        )

    def test_consent_on_the_portal_fetches_the_qf(self):
        self.authenticate(self.user.login, self.user.login)
        page = html.unescape(self.url_open("/my/family").text)
        self.assertIn("J'autorise la mairie à consulter mon quotient familial", page)
        response = self._post(consent="on", **JULIE_FORM)
        self.assertEqual(response.status_code, 200)
        flash = html.unescape(response.text).split('role="alert"')[1][:600]
        self.assertIn("QF 650", flash)
        self.assertTrue(self.family.qf_api_consent)
        self.assertEqual(self.family.qf_api_consent_partner_id, self.user.partner_id)
        self.assertEqual((self.family.qf, self.family.qf_source), (650, "caf"))

        self.fake.mode = "down"
        response = self._post(consent="on", **JULIE_FORM)
        self.assertEqual(response.status_code, 200, "an API failure never blocks the family")
        self.assertIn("ne répond pas", html.unescape(response.text))
        self.assertEqual(self.family.qf, 650)

        self.fake.reset()
        self._post(**JULIE_FORM)
        self.assertFalse(self.family.qf_api_consent, "consent withdrawn")
        self.assertEqual(len(self.fake.calls), 0, "no call without consent")

    def test_another_parent_cannot_touch_the_family(self):
        other = new_test_user(self.env, login="pf_qf_other", groups="base.group_portal")
        self.authenticate(other.login, other.login)
        response = self._post(consent="on", qf_api_birth_name="Durand")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.family.qf_api_consent)
