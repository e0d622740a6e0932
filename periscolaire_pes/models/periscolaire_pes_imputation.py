# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PeriscolairePesImputation(models.Model):
    """Where a revenue goes in the town's budget: one line of each title per imputation."""

    _name = "periscolaire.pes.imputation"
    _description = "Imputation budgétaire (Hélios)"
    _order = "product_code, id"

    name = fields.Char(
        string="Libellé", required=True, help="Par exemple « Restauration scolaire »."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Société", required=True, default=lambda self: self.env.company
    )
    product_code = fields.Char(
        string="Code produit local (CodProdLoc)",
        required=True,
        size=4,
        help="1 à 4 lettres ou chiffres, déclaré dans Hélios par le comptable public et associé "
        "à un produit national.",
    )
    nature = fields.Char(
        string="Nature (compte)",
        required=True,
        size=12,
        help="Compte de la nomenclature, par exemple en M57 7067 « Redevances et droits des "
        "services périscolaires et d'enseignement » ou 7066 « Redevances et droits des services à "
        "caractère social ». La documentation du format propose 588 pour les titres ORMC : le "
        "choix se fait avec le comptable public.",
    )
    fonction = fields.Char(
        size=10,
        help="Facultatif : code de la fonction (budget voté par fonction ou présenté avec une "
        "référence fonctionnelle), transmis seulement en M57, M14, M52 et M71.",
    )
    service_code = fields.Char(
        string="Service (CodServ)",
        size=10,
        help="Facultatif : code du service ordonnateur. Le format ne le transmet pas sur les "
        "titres ORMC (Hélios le porte par le code produit) ; il figure sur les pièces "
        "d'annulation ou de réduction.",
    )

    _sql_constraints = [
        (
            "product_code_company_uniq",
            "unique(company_id, product_code)",
            "Ce code produit local a déjà une imputation dans cette société.",
        ),
    ]

    @api.depends("name", "product_code")
    def _compute_display_name(self):
        for imputation in self:
            imputation.display_name = f"[{imputation.product_code}] {imputation.name}"

    @api.constrains("product_code", "nature", "fonction")
    def _check_codes(self):
        for imputation in self:
            if not re.fullmatch(r"[0-9A-Za-z]{1,4}", imputation.product_code or "") or re.fullmatch(
                "0+", imputation.product_code
            ):
                raise ValidationError(
                    self.env._(
                        "Code produit local « %s » : 1 à 4 lettres ou chiffres, pas seulement des "
                        "zéros.",
                        imputation.product_code,
                    )
                )
            if not re.fullmatch(r"[1-9][0-9]{0,11}", imputation.nature or ""):
                raise ValidationError(
                    self.env._(
                        "Nature « %s » : un numéro de compte (chiffres seulement).",
                        imputation.nature,
                    )
                )
            if imputation.fonction and not re.fullmatch(r"[0-9]{1,10}", imputation.fonction):
                raise ValidationError(
                    self.env._(
                        "Fonction « %s » : des chiffres seulement (10 au plus).",
                        imputation.fonction,
                    )
                )
