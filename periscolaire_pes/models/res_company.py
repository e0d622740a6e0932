# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Nomenclatures whose budgets are voted by function: only they may send a "Fonction".
FUNCTIONAL_NOMENCLATURES = ("M57", "M14", "M52", "M71")


class ResCompany(models.Model):
    _inherit = "res.company"

    pes_id_coll = fields.Char(
        string="Identifiant de la collectivité (IdColl)",
        size=14,
        help="SIRET du budget de la collectivité, 14 chiffres. Vide : le SIRET de la société.",
    )
    pes_cod_col = fields.Char(
        string="Code collectivité (CodCol)",
        size=3,
        help="Code de la collectivité dans Hélios, 3 chiffres, donné par le comptable public.",
    )
    pes_cod_bud = fields.Char(
        string="Code budget (CodBud)",
        size=2,
        default="00",
        help="Code du budget dans Hélios, 2 caractères ; « 00 » (par défaut) est d'usage le budget "
        "principal : à confirmer avec le comptable public.",
    )
    pes_budget_label = fields.Char(
        string="Libellé du budget (LibelleColBud)",
        size=38,
        help="Facultatif, 38 caractères, par exemple « Commune de Hettange-Grande ».",
    )
    pes_id_post = fields.Char(
        string="Poste comptable (IdPost)",
        size=7,
        help="Numéro codique du poste comptable (service de gestion comptable) : 6 ou 7 chiffres.",
    )
    pes_poste_label = fields.Char(
        string="Libellé du poste comptable",
        size=38,
        help="Facultatif, 38 caractères ; repris sur l'avis des sommes à payer.",
    )
    pes_nomenclature = fields.Selection(
        [
            ("M57", "M57"),
            ("M14", "M14"),
            ("M52", "M52"),
            ("M71", "M71"),
            ("M4", "M4x (services publics industriels et commerciaux)"),
            ("other", "Autre"),
        ],
        string="Nomenclature budgétaire",
        default="M57",
        help="M57 par défaut (nomenclature des communes depuis 2024). La fonction de l'imputation "
        "n'est transmise que pour M57, M14, M52 et M71.",
    )
    pes_default_imputation_id = fields.Many2one(
        "periscolaire.pes.imputation",
        string="Imputation budgétaire par défaut",
        domain="[('company_id', '=', id)]",
        help="Pour les lignes de facture dont ni l'activité ni l'article n'ont d'imputation.",
    )
    pes_asap_mode = fields.Selection(
        [
            ("town", "La ville envoie ses factures aux familles"),
            ("dgfip", "Le Trésor public édite et envoie l'avis des sommes à payer"),
        ],
        string="Avis des sommes à payer",
        default="town",
        required=True,
        help="Ville : aucun avis dans le flux, les familles reçoivent les factures du portail. "
        "Trésor public : un avis PDF par titre est joint au flux (Edition 06, pièce jointe de type "
        "010) pour que la DGFiP l'édite et l'envoie.",
    )
    pes_asap_payment_note = fields.Text(
        string="Modalités de paiement sur l'avis",
        help="Texte imprimé sur l'avis des sommes à payer (paiement en ligne, adresse du poste "
        "comptable, horaires…).",
    )

    @api.constrains("pes_id_coll", "pes_cod_col", "pes_cod_bud", "pes_id_post")
    def _check_pes_codes(self):
        formats = (
            ("pes_id_coll", r"[0-9]{14}", self.env._("14 chiffres")),
            ("pes_cod_col", r"[0-9]{3}", self.env._("3 chiffres")),
            ("pes_cod_bud", r"[0-9A-Z][0-9]", self.env._("2 caractères, par exemple 00")),
            ("pes_id_post", r"[0-9]{6,7}|02[AB][0-9]{3,4}", self.env._("6 ou 7 chiffres")),
        )
        for company in self:
            for field_name, pattern, expected in formats:
                value = company[field_name]
                if value and not re.fullmatch(pattern, value):
                    raise ValidationError(
                        self.env._(
                            "%(field)s : « %(value)s » n'est pas valide (%(expected)s attendus).",
                            field=self._fields[field_name].string,
                            value=value,
                            expected=expected,
                        )
                    )

    def _get_pes_id_coll(self):
        self.ensure_one()
        return self.pes_id_coll or (self.siret or "").replace(" ", "")

    def _get_pes_settings_problems(self):
        """What is missing in the company's Hélios settings, in French (empty when complete)."""
        self.ensure_one()
        missing = [
            self._fields[field_name].string
            for field_name in ("pes_id_post", "pes_cod_col", "pes_cod_bud")
            if not self[field_name]
        ]
        if not self._get_pes_id_coll():
            missing.append(self._fields["pes_id_coll"].string)
        return missing
