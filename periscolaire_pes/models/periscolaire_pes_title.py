# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.periscolaire_portal.rules.money import round_cents

from ..helios import document


class PeriscolairePesTitle(models.Model):
    """One piece of a bordereau: the ORMC title of an invoice (net of the credit notes posted
    before it was sent), or the reduction that a later credit note makes of a title."""

    _name = "periscolaire.pes.title"
    _description = "Titre de recette (Hélios)"
    _order = "exercise desc, number"
    _rec_name = "number"

    bordereau_id = fields.Many2one(
        "periscolaire.pes.bordereau",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="bordereau_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Devise")
    exercise = fields.Integer(related="bordereau_id.exercise", store=True)
    kind = fields.Selection(related="bordereau_id.kind", store=True)
    state = fields.Selection(related="bordereau_id.state", string="État du bordereau")
    number = fields.Integer(string="N° de titre", required=True, readonly=True)
    move_id = fields.Many2one(
        "account.move",
        string="Facture ou avoir",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    move_ids = fields.One2many(
        "account.move",
        "pes_title_id",
        string="Factures et avoirs du titre",
        help="La facture et les avoirs validés avant l'envoi, déduits du titre.",
    )
    family_id = fields.Many2one(
        "periscolaire.family", string="Famille", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Débiteur", readonly=True, help="Le payeur de la famille."
    )
    label = fields.Char(string="Objet", readonly=True)
    origin_title_id = fields.Many2one(
        "periscolaire.pes.title",
        string="Titre réduit",
        readonly=True,
        ondelete="restrict",
        help="Pour une réduction : le titre dont elle réduit le montant.",
    )
    line_ids = fields.One2many("periscolaire.pes.title.line", "title_id", string="Lignes")
    amount = fields.Monetary(
        string="Montant", currency_field="currency_id", compute="_compute_amount", store=True
    )

    _sql_constraints = [
        (
            "number_exercise_company_uniq",
            "unique(company_id, exercise, number)",
            "Ce numéro de titre est déjà utilisé dans cet exercice.",
        ),
        ("move_uniq", "unique(move_id)", "Une facture ou un avoir n'est transmis qu'une fois."),
    ]

    @api.depends("line_ids.amount")
    def _compute_amount(self):
        for title in self:
            title.amount = title.currency_id.round(sum(title.line_ids.mapped("amount")))

    @api.depends("number", "exercise")
    def _compute_display_name(self):
        for title in self:
            title.display_name = self.env._(
                "Titre %(number)s/%(exercise)s", number=title.number, exercise=title.exercise
            )

    def _to_piece(self, attachment=None):
        """``(Piece, problems)``: the title as the PES file writes it, with its debtor as the
        payer's record reads now."""
        self.ensure_one()
        debtor, problems = self.move_id._get_pes_debtor()
        lines = tuple(
            document.Line(
                number=line.sequence,
                label=line.label or "",
                product_code=line.imputation_id.product_code,
                nature=line.imputation_id.nature,
                fonction=line.imputation_id.fonction or "",
                amount=round_cents(line.amount),
                origin=line.origin_line_id
                and document.Origin(
                    exercise=line.origin_line_id.title_id.exercise,
                    piece=line.origin_line_id.title_id.number,
                    line=line.origin_line_id.sequence,
                ),
            )
            for line in self.line_ids.sorted("sequence")
        )
        # CodServ is one per piece: sent when all the lines share it
        services = {line.imputation_id.service_code or "" for line in self.line_ids}
        piece = document.Piece(
            number=self.number,
            label=self.label or "",
            debtor=debtor,
            lines=lines,
            service_code=services.pop() if len(services) == 1 else "",
            attachment=attachment,
        )
        return piece, problems

    def _recompute_ormc_lines(self, export):
        """Lines of ORMC titles not taken in charge yet, computed again: the invoice net of
        every credit note posted before this new sending."""
        for title in self:
            invoice = title.move_id
            if invoice.state != "posted":
                raise UserError(
                    self.env._(
                        "Titre %(title)s : la facture %(invoice)s n'est plus validée.",
                        title=title.display_name,
                        invoice=invoice.name,
                    )
                )
            if title.line_ids.reduction_line_ids:
                raise UserError(
                    self.env._(
                        "Titre %s : des réductions s'y rapportent déjà, il ne peut plus changer.",
                        title.display_name,
                    )
                )
            credit_notes = (title.move_ids - invoice) | export._credit_notes_to_deduct(invoice)
            lines, errors = export._net_lines(invoice, credit_notes)
            if errors or not lines:
                raise UserError(
                    "\n".join(errors)
                    or self.env._(
                        "Titre %(title)s : la facture %(invoice)s est entièrement annulée par ses "
                        "avoirs ; le titre ne peut plus être émis. Voyez avec le comptable public.",
                        title=title.display_name,
                        invoice=invoice.name,
                    )
                )
            title.line_ids.unlink()
            title.write({"line_ids": export._line_commands(lines)})
            credit_notes.write({"pes_title_id": title.id})

    def action_print_asap(self):
        return self.env.ref("periscolaire_pes.action_report_asap").report_action(self)
