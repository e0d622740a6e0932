# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from lxml import etree

from odoo import fields

from odoo.addons.periscolaire_billing.tests.common import (
    MONTH,
    SCHOOL_DAYS,
    PeriscolaireBillingCommon,
)


class PesCommon(PeriscolaireBillingCommon):
    """The billing test town with its Hélios settings and March 2026 invoiced.

    Imputations: RS (restauration scolaire, the MIDI article) and APS (accueil périscolaire, the
    MATIN article and the company's default). March 2026 invoices:
    - DURAND: Séverine MIDI 3 × 11,50, Victor MIDI 2 × 10,80 (2nd child), Victor MATIN 2 × 6,00,
      i.e. RS 56,10 + APS 12,00 = 68,10;
    - MARTIN: Lucas MIDI 2 × 12,50 (no QF) = RS 25,00;
    - MULLER: Hugo MATIN 4 × 5,00 (outside the town, QF 450) = APS 20,00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.imputation_rs = cls.env["periscolaire.pes.imputation"].create(
            {
                "name": "Restauration scolaire",
                "product_code": "RS",
                "nature": "7067",
                "fonction": "251",
            }
        )
        cls.imputation_aps = cls.env["periscolaire.pes.imputation"].create(
            {"name": "Accueil périscolaire", "product_code": "APS", "nature": "7067"}
        )
        cls.product_midi.pes_imputation_id = cls.imputation_rs
        cls.company.write(
            {
                "pes_cod_col": "123",
                "pes_cod_bud": "00",
                "pes_id_post": "057012",
                "pes_poste_label": "SGC de Thionville",
                "pes_default_imputation_id": cls.imputation_aps.id,
            }
        )
        madam = cls.env.ref("base.res_partner_title_madam")
        (cls.durand | cls.martin | cls.muller).referent_id.title = madam
        cls.exercise = fields.Date.context_today(cls.env["res.company"]).year

        cls.severine_midi = cls._book_days(cls.severine, cls.midi, SCHOOL_DAYS[:3])
        cls._book_days(cls.victor, cls.midi, SCHOOL_DAYS[:2])
        cls._book_days(cls.victor, cls.matin, SCHOOL_DAYS[:2])
        cls._book_days(cls.lucas, cls.midi, SCHOOL_DAYS[:2])
        cls._book_days(cls.hugo, cls.matin, SCHOOL_DAYS[:4])
        moves = cls.env["periscolaire.monthly.invoicing"]._invoice_month(MONTH)
        cls.invoice_durand = moves.filtered(lambda m: m.periscolaire_family_id == cls.durand)
        cls.invoice_martin = moves.filtered(lambda m: m.periscolaire_family_id == cls.martin)
        cls.invoice_muller = moves.filtered(lambda m: m.periscolaire_family_id == cls.muller)

    @classmethod
    def _book_days(cls, child, activity, days):
        return cls.env["periscolaire.reservation"].create(
            [
                {
                    "child_id": child.id,
                    "activity_id": activity.id,
                    "date": day,
                    "company_id": cls.company.id,
                    "attendance": "present",
                }
                for day in days
            ]
        )

    def _export_month(self, month=MONTH):
        return self.env["periscolaire.pes.export"]._export_month(month)

    @staticmethod
    def _content(bordereau):
        return base64.b64decode(bordereau.file)

    def _tree(self, bordereau):
        return etree.fromstring(self._content(bordereau))  # pylint: disable=c-extension-no-member

    @staticmethod
    def _values(tree, xpath):
        return [element.get("V") for element in tree.xpath(xpath)]
