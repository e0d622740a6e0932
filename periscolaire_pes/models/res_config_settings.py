# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pes_id_coll = fields.Char(related="company_id.pes_id_coll", readonly=False)
    pes_cod_col = fields.Char(related="company_id.pes_cod_col", readonly=False)
    pes_cod_bud = fields.Char(related="company_id.pes_cod_bud", readonly=False)
    pes_budget_label = fields.Char(related="company_id.pes_budget_label", readonly=False)
    pes_id_post = fields.Char(related="company_id.pes_id_post", readonly=False)
    pes_poste_label = fields.Char(related="company_id.pes_poste_label", readonly=False)
    pes_nomenclature = fields.Selection(related="company_id.pes_nomenclature", readonly=False)
    pes_default_imputation_id = fields.Many2one(
        related="company_id.pes_default_imputation_id", readonly=False
    )
    pes_asap_mode = fields.Selection(related="company_id.pes_asap_mode", readonly=False)
    pes_asap_payment_note = fields.Text(related="company_id.pes_asap_payment_note", readonly=False)
