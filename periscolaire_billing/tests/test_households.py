# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A child of separated parents in two households, billed to each for the days it booked."""

from datetime import date
from decimal import Decimal

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.periscolaire_portal.rules.money import format_eur

from .common import SCHOOL_DAYS, PeriscolaireBillingCommon

HALF_CEILING = Decimal("1750")

# March 2026: weeks 10 and 12 are even (the father's), week 11 odd (the mother's).
FATHER_DAYS = SCHOOL_DAYS[:4] + SCHOOL_DAYS[8:]
MOTHER_DAYS = SCHOOL_DAYS[4:8]


@tagged("post_install", "-at_install")
class TestHouseholdsBilling(PeriscolaireBillingCommon, HttpCase):
    """Jade (born 15/06/2021) lives with her father (MOREAU: resident, QF 1200, Jade his only
    child) on even weeks and with her mother (LEROY: outside the town, QF 450, with Tom, her
    elder son) on odd weeks. MIDI costs the father 12,50 € (care 8,00 €) and the mother
    9,90 € (outside price 10,50 €, care 6,00 € less 10 % as Jade is her second child)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moreau = cls._create_family("MOREAU", qf=1200)
        cls.moreau.referent_id.write({"name": "Julien MOREAU", "street": "4 rue des Tilleuls"})
        cls.leroy = cls._create_family("LEROY", qf=450, is_resident=False)
        cls.leroy.referent_id.write(
            {"name": "Camille LEROY", "street": "18 avenue de Metz", "city": "Thionville"}
        )
        cls.tom = cls._create_child(cls.leroy, "Tom", date(2017, 2, 3))
        cls.jade = cls._create_child(cls.moreau, "Jade", date(2021, 6, 15))
        cls.jade.write(
            {
                "second_family_id": cls.leroy.id,
                "custody_pattern": "alternate_weeks",
                "custody_first_parity": "even",
            }
        )
        cls.father = cls._portal_user("moreau.portal", cls.moreau.referent_id)
        cls.mother = cls._portal_user("leroy.portal", cls.leroy.referent_id)

    def _bill_march(self):
        """Jade's March at the canteen, each day with whose day it is, a late pick-up on a
        mother's day; both invoices paid in April."""
        reservations = self._book(self.jade, self.midi, SCHOOL_DAYS)
        self.assertEqual(
            {(r.date, r.family_id) for r in reservations},
            {(day, self.moreau) for day in FATHER_DAYS}
            | {(day, self.leroy) for day in MOTHER_DAYS},
        )
        penalty = self.env["periscolaire.penalty"].create(
            {
                "child_id": self.jade.id,
                "activity_id": self.midi.id,
                "product_id": self.penalty_product.id,
                "date": MOTHER_DAYS[1],
                "company_id": self.company.id,
            }
        )
        self.assertEqual(penalty.family_id, self.leroy)
        moves = self._invoice()
        father_invoice = moves.filtered(lambda m: m.periscolaire_family_id == self.moreau)
        mother_invoice = moves.filtered(lambda m: m.periscolaire_family_id == self.leroy)
        self._pay(father_invoice.amount_total, date(2026, 4, 10), father_invoice)
        self._pay(mother_invoice.amount_total, date(2026, 4, 12), mother_invoice)
        return father_invoice, mother_invoice

    def test_each_household_pays_its_days_at_its_own_tariff(self):
        self.assertEqual(self.jade._get_sibling_rank(self.moreau), 1)
        self.assertEqual(self.jade._get_sibling_rank(self.leroy), 2)
        day = MOTHER_DAYS[0]
        prices = {
            family: self.midi._get_session_prices(self.jade, [day], family=family)[day]
            for family in (self.moreau, self.leroy)
        }
        self.assertEqual(prices, {self.moreau: Decimal("12.50"), self.leroy: Decimal("9.90")})
        # A request line is priced at the tariff of the household that asks.
        request = self.env["periscolaire.request"].create(
            {
                "family_id": self.leroy.id,
                "line_ids": [
                    Command.create(
                        {"child_id": self.jade.id, "activity_id": self.midi.id, "date": day}
                    )
                ],
            }
        )
        self.assertEqual(request.line_ids.price, 9.9)

        father_invoice, mother_invoice = self._bill_march()
        self.assertEqual(father_invoice.partner_id, self.moreau.referent_id)
        self.assertEqual(mother_invoice.partner_id, self.leroy.referent_id)
        self.assertEqual(father_invoice.amount_total, 100.0)  # 8 × 12,50
        self.assertEqual(mother_invoice.amount_total, 44.6)  # 4 × 9,90 + 5,00
        for invoice, family in ((father_invoice, self.moreau), (mother_invoice, self.leroy)):
            reservations = self.env["periscolaire.reservation"].search(
                [("invoice_id", "=", invoice.id)]
            )
            self.assertEqual(reservations.family_id, family)
        # Billing again changes nothing.
        self.assertFalse(self._invoice())

    def test_each_attestation_covers_what_that_household_paid(self):
        self._bill_march()
        attestations = self.env["periscolaire.tax.attestation"]._generate(2026)
        by_family = {attestation.family_id: attestation for attestation in attestations}
        father_attestation, mother_attestation = by_family[self.moreau], by_family[self.leroy]
        self.assertEqual(father_attestation.partner_id, self.moreau.referent_id)
        self.assertEqual(father_attestation.line_ids.child_id, self.jade)
        self.assertEqual(father_attestation.amount_total, 64.0)  # 8 × 8,00 of care
        self.assertEqual(mother_attestation.line_ids.child_id, self.jade)  # Tom is too old
        self.assertEqual(mother_attestation.amount_total, 21.6)  # 4 × 5,40, penalty excluded
        self.assertTrue(all(attestations.line_ids.mapped("alternating_residence")))
        for attestation, own, other in (
            (father_attestation, "4 rue des Tilleuls", "18 avenue de Metz"),
            (mother_attestation, "18 avenue de Metz", "4 rue des Tilleuls"),
        ):
            html = self._attestation_html(attestation)
            self.assertIn(own, html)
            self.assertNotIn(other, html)
            self.assertIn("MOREAU JADE : résidence alternée", html)
            self.assertIn(f"réduit de moitié pour chacun, soit {format_eur(HALF_CEILING)}", html)
        # A child of one household has no such note.
        self.assertFalse(
            self.env["periscolaire.tax.attestation"].new()._alternating_residence_note()
        )

    @mute_logger("odoo.http")  # the refused report URLs are logged as warnings
    def test_households_never_see_each_others_money(self):
        father_invoice, mother_invoice = self._bill_march()
        attestations = self.env["periscolaire.tax.attestation"]._generate(2026)
        payments = self.env["account.payment"].search(
            [("partner_id", "in", (self.moreau | self.leroy).referent_id.ids)]
        )
        self.assertEqual(len(payments), 2)
        for user, own, other in (
            (self.father, father_invoice, mother_invoice),
            (self.mother, mother_invoice, father_invoice),
        ):
            env = self.env(user=user)
            own_attestation = attestations.filtered(
                lambda a, o=own: a.family_id == o.periscolaire_family_id
            )
            self.assertEqual(
                env["account.move"].search([("move_type", "in", ("out_invoice", "out_refund"))]),
                own,
            )
            self.assertEqual(env["periscolaire.tax.attestation"].search([]), own_attestation)
            self.assertEqual(
                env["periscolaire.tax.attestation.line"].search([]), own_attestation.line_ids
            )
            for record in (other, attestations - own_attestation, payments):
                with self.assertRaises(AccessError):
                    record.with_env(env).read(["display_name"])

            self.authenticate(user.login, user.login)
            page = self.url_open("/my/finances").text
            self.assertIn(own.name, page)
            self.assertNotIn(other.name, page)
            other_attestation = attestations - own_attestation
            self.assertEqual(
                self.url_open(f"/my/finances/attestation/{other_attestation.id}").status_code, 404
            )
            self.assertEqual(
                self.url_open(f"/my/finances/attestation/{own_attestation.id}").status_code, 200
            )
            response = self.url_open(f"/my/invoices/{other.id}", allow_redirects=False)
            self.assertNotEqual(response.status_code, 200)
            self.assertEqual(
                self.url_open(f"/my/invoices/{own.id}", allow_redirects=False).status_code, 200
            )
            for url in (
                f"/report/pdf/periscolaire_billing.report_tax_attestation/{other_attestation.id}",
                f"/report/pdf/account.report_invoice/{other.id}",
            ):
                self.assertIn(self.url_open(url).status_code, (403, 404), url)
