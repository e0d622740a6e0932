# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..helios import document, text
from .pes_labels import field_label


class AccountMove(models.Model):
    _inherit = "account.move"

    pes_title_id = fields.Many2one(
        "periscolaire.pes.title",
        string="Titre Hélios",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Le titre de recette qui porte cette facture (ou cet avoir) chez le comptable public.",
    )
    pes_title_number = fields.Integer(
        related="pes_title_id.number", string="N° de titre", store=True, copy=False
    )
    pes_bordereau_id = fields.Many2one(
        related="pes_title_id.bordereau_id", string="Bordereau Hélios", store=True, copy=False
    )
    pes_export_date = fields.Date(
        related="pes_title_id.bordereau_id.date", string="Date d'export Hélios", store=True
    )
    pes_settled = fields.Boolean(
        string="Soldée avant l'envoi à Hélios",
        readonly=True,
        copy=False,
        help="Facture entièrement annulée par ses avoirs avant tout envoi : aucun titre n'est "
        "émis.",
    )

    @api.model
    def _pes_domain_to_send(self):
        """Posted invoices and credit notes of the périscolaire not sent yet (a credit note made
        with Odoo's "Avoir" button belongs to the family of the invoice it reverses)."""
        return [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("pes_title_id", "=", False),
            ("pes_settled", "=", False),
            "|",
            ("periscolaire_family_id", "!=", False),
            ("reversed_entry_id.periscolaire_family_id", "!=", False),
        ]

    def _get_pes_family(self):
        self.ensure_one()
        return self.periscolaire_family_id or self.reversed_entry_id.periscolaire_family_id

    def button_draft(self):
        # even in a rejected bordereau: its title keeps its number and is sent again
        sent = self.filtered("pes_title_id")
        if sent:
            raise UserError(
                self.env._(
                    "%(moves)s : déjà dans un titre pour le comptable public (%(title)s). Une "
                    "correction se fait par un avoir, qui réduira ce titre.",
                    moves=", ".join(sent.mapped("name")),
                    title=", ".join(sent.pes_title_id.mapped("display_name")),
                )
            )
        return super().button_draft()

    def _get_pes_debtor(self):
        """``(Debtor, problems)``: the family's payer (the invoiced partner) as the PES wants
        it, and what is missing to write it (French texts naming the fields)."""
        self.ensure_one()
        partner = self.partner_id
        family = self._get_pes_family()
        missing = []
        civility = text.civility(partner.title.name, partner.title.shortcut)
        if not civility:
            missing.append("Civilite")
        names = text.split_name(partner.name, family.name)
        if not names:
            missing.append("Nom/Prenom")
        country = partner.country_id.code or "FR"
        if country not in text.COUNTRY_CODES:
            missing.append("CodPays")
        if not (partner.street or "").strip():
            missing.append("Adr2")
        if not (
            text.is_french_zip(partner.zip) if country == "FR" else (partner.zip or "").strip()
        ):
            missing.append("CP")
        if not (partner.city or "").strip():
            missing.append("Ville")
        problems = []
        if missing:
            problems.append(
                self.env._(
                    "%(move)s — famille %(family)s, payeur %(partner)s : à compléter sur la fiche "
                    "du payeur : %(fields)s.",
                    move=self.name,
                    family=family.name,
                    partner=partner.display_name,
                    fields=", ".join(
                        f"{field_label(self.env, element)} [{element}]" for element in missing
                    ),
                )
            )
        last_name, first_name = names or (partner.name or "", "")
        debtor = document.Debtor(
            reference=f"PF{family.id:06d}",
            civility=civility or "",
            last_name=last_name,
            first_name=first_name,
            street=partner.street or "",
            street2=partner.street2 or "",
            zip=(partner.zip or "").strip(),
            city=partner.city or "",
            country=text.COUNTRY_CODES.get(country),
        )
        return debtor, problems
