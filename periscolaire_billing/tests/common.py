# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

# A past month of the 2025-2026 school year (March 2026 has no public holiday).
MONTH = date(2026, 3, 1)
SCHOOL_DAYS = [date(2026, 3, day) for day in (2, 3, 5, 6, 9, 10, 12, 13, 16, 17, 19, 20)]


class PeriscolaireBillingCommon(AccountTestInvoicingCommon):
    """A French-chart town with two activities, their tariffs and three families.

    Tariffs (resident / outside, per session):
    - MIDI (meal part 4,50 €): QF 0-500 8,50 / 10,50; 501-1000 11,50 / 13,50;
      1001+ 12,50 / 14,50; 2nd child -10 % on the care part; +50 % on late
      bookings; 15,00 € when present without booking.
    - MATIN (no meal): QF 0-500 4,00 / 5,00; 501+ 6,00 / 7,50.

    Families: DURAND (resident, QF 850 valid all year, Séverine 6 in 2025 and
    Victor 4); MARTIN (resident, no QF, Lucas); MULLER (outside the town, QF
    450, Hugo).
    """

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write(
            {
                "name": "Ville de Soetrich-les-Tests",
                "street": "Place de la Mairie",
                "zip": "57330",
                "city": "Hettange-Grande",
                "siret": "21570323100015",
            }
        )
        cls.analytic_plan = cls.env["account.analytic.plan"].create({"name": "Services"})
        cls.analytic_canteen = cls.env["account.analytic.account"].create(
            {"name": "Restauration scolaire", "plan_id": cls.analytic_plan.id}
        )
        cls.site = cls.env["periscolaire.site"].create(
            {"name": "EUROPA", "company_id": cls.company.id}
        )
        cls.category = cls.env["periscolaire.activity.category"].create(
            {"name": "EUROPA", "company_id": cls.company.id}
        )
        cls.product_midi = cls._create_service("Restauration scolaire", 11.5)
        cls.product_matin = cls._create_service("Accueil du matin", 6.0)
        cls.midi = cls._create_activity(2, "MIDI ELE EUROPA", cls.product_midi, has_meal=True)
        cls.midi.analytic_distribution = {str(cls.analytic_canteen.id): 100}
        cls.matin = cls._create_activity(1, "MATIN ELE EUROPA", cls.product_matin)
        cls.tariff_midi = cls.env["periscolaire.tariff"].create(
            {
                "activity_id": cls.midi.id,
                "date_start": date(2025, 9, 1),
                "late_surcharge_percent": 50,
                "unbooked_price": 15.0,
                "bracket_ids": [
                    Command.create(cls._bracket(0, 500, 8.5, 10.5, 4.5)),
                    Command.create(cls._bracket(501, 1000, 11.5, 13.5, 4.5)),
                    Command.create(cls._bracket(1001, 0, 12.5, 14.5, 4.5)),
                ],
                "sibling_discount_ids": [Command.create({"rank": 2, "discount_percent": 10})],
            }
        )
        cls.tariff_matin = cls.env["periscolaire.tariff"].create(
            {
                "activity_id": cls.matin.id,
                "date_start": date(2025, 9, 1),
                "bracket_ids": [
                    Command.create(cls._bracket(0, 500, 4.0, 5.0, 0.0)),
                    Command.create(cls._bracket(501, 0, 6.0, 7.5, 0.0)),
                ],
            }
        )
        cls.penalty_product = cls.env.ref("periscolaire_billing.product_penalty_late_pickup")
        cls.penalty_product.lst_price = 5.0

        cls.durand = cls._create_family(
            "DURAND", qf=850, qf_date_start=date(2025, 9, 1), qf_date_end=date(2026, 8, 31)
        )
        cls.severine = cls._create_child(cls.durand, "Séverine", date(2019, 4, 12))
        cls.victor = cls._create_child(cls.durand, "Victor", date(2021, 9, 3))
        cls.martin = cls._create_family("MARTIN")
        cls.lucas = cls._create_child(cls.martin, "Lucas", date(2018, 5, 20))
        cls.muller = cls._create_family("MULLER", is_resident=False, qf=450)
        cls.hugo = cls._create_child(cls.muller, "Hugo", date(2019, 1, 30))

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "periscolaire_portal.group_periscolaire_manager"
        )

    # ------------------------------------------------------------------
    # Builders
    # ------------------------------------------------------------------
    @classmethod
    def _create_service(cls, name, price):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": price,
                "taxes_id": [Command.clear()],
                "property_account_income_id": cls.company_data["default_account_revenue"].id,
            }
        )

    @classmethod
    def _create_activity(cls, number, name, product, has_meal=False):
        return cls.env["periscolaire.activity"].create(
            {
                "number": number,
                "name": name,
                "category_id": cls.category.id,
                "site_id": cls.site.id,
                "company_id": cls.company.id,
                "product_id": product.id,
                "date_start": date(2025, 9, 1),
                "date_end": date(2026, 7, 3),
                "hour_start": 11.75 if has_meal else 7.0,
                "hour_end": 13.5 if has_meal else 8.5,
                "mon": True,
                "tue": True,
                "thu": True,
                "fri": True,
                "capacity": 100,
                "has_meal": has_meal,
                "has_waiting_list": not has_meal,
            }
        )

    @staticmethod
    def _bracket(qf_min, qf_max, resident, outside, meal):
        return {
            "qf_min": qf_min,
            "qf_max": qf_max,
            "price_resident": resident,
            "price_outside": outside,
            "meal_part": meal,
        }

    @classmethod
    def _create_family(cls, name, **values):
        partner = cls.env["res.partner"].create(
            {
                "name": f"Parent {name}",
                "email": f"{name.lower()}@example.com",
                "street": "1 rue de l'Europe",
                "zip": "57330",
                "city": "Hettange-Grande",
            }
        )
        return cls.env["periscolaire.family"].create(
            {"name": name, "referent_id": partner.id, "company_id": cls.company.id, **values}
        )

    @classmethod
    def _create_child(cls, family, first_name, birth_date):
        return cls.env["periscolaire.child"].create(
            {
                "family_id": family.id,
                "first_name": first_name,
                "last_name": family.name,
                "birth_date": birth_date,
            }
        )

    @classmethod
    def _portal_user(cls, login, partner):
        """A portal login (password = login) for ``partner``, in the town's company."""
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _attestation_html(self, attestation):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "periscolaire_billing.action_report_tax_attestation", attestation.ids
            )[0]
            .decode()
        )

    @classmethod
    def _book(cls, child, activity, days, **values):
        return cls.env["periscolaire.reservation"].create(
            [
                {
                    "child_id": child.id,
                    "activity_id": activity.id,
                    "date": day,
                    "company_id": cls.company.id,
                    **values,
                }
                for day in days
            ]
        )

    def _invoice(self, month=MONTH, families=None):
        return self.env["periscolaire.monthly.invoicing"]._invoice_month(month, families)

    def _family_moves(self, family, move_type="out_invoice"):
        return self.env["account.move"].search(
            [("periscolaire_family_id", "=", family.id), ("move_type", "=", move_type)]
        )

    def _pay(self, amount, pay_date, moves, method_line=None):
        """A customer payment of ``amount`` on ``pay_date`` reconciled with ``moves``."""
        journal = self.company_data["default_journal_bank"]
        method_line = method_line or journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.code == "periscolaire_transfer"
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": moves.partner_id.id,
                "amount": amount,
                "date": pay_date,
                "journal_id": journal.id,
                "payment_method_line_id": method_line.id,
            }
        )
        payment.action_post()
        # settle the moves in the order given
        for move in moves:
            receivable = (payment.move_id.line_ids | move.line_ids).filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            )
            if len(receivable.move_id) == 2:
                receivable.reconcile()
        return payment
