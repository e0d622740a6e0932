# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.periscolaire_portal.rules import attestation, money
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.rules.money import ZERO, round_cents, to_decimal
from odoo.addons.periscolaire_portal.texts import rule_text

_logger = logging.getLogger(__name__)

# Precision of the share of a credit note offset against an invoice (not money yet).
SHARE_PLACES = Decimal("0.000001")
DOCUMENT_TYPES = ("out_invoice", "out_refund")


class PeriscolaireTaxAttestation(models.Model):
    _name = "periscolaire.tax.attestation"
    _description = "Attestation fiscale de frais de garde"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "year desc, family_id"

    name = fields.Char(string="Nom", compute="_compute_name", store=True)
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Devise")
    year = fields.Integer(string="Année des paiements", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Payeur", required=True, readonly=True, index=True
    )
    date = fields.Date(
        string="Établie le", required=True, readonly=True, default=fields.Date.context_today
    )
    line_ids = fields.One2many(
        "periscolaire.tax.attestation.line", "attestation_id", string="Enfants", readonly=True
    )
    amount_total = fields.Monetary(
        string="Montant total",
        currency_field="currency_id",
        compute="_compute_amount_total",
        store=True,
    )
    state = fields.Selection(
        [("draft", "À envoyer"), ("sent", "Envoyée")],
        string="État",
        required=True,
        default="draft",
        tracking=True,
    )

    _sql_constraints = [
        (
            "family_year_unique",
            "UNIQUE (family_id, year, company_id)",
            "Une famille n'a qu'une attestation fiscale par année.",
        ),
    ]

    @api.depends("family_id.name", "year")
    def _compute_name(self):
        for record in self:
            record.name = self.env._(
                "Attestation fiscale %(year)s — %(family)s",
                year=record.year,
                family=record.family_id.name or "",
            )

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for record in self:
            record.amount_total = sum(record.line_ids.mapped("amount"))

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for record in self:
            record.access_url = f"/my/finances/attestation/{record.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._(
            "Attestation fiscale %(year)s %(family)s", year=self.year, family=self.family_id.name
        )

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _generate(self, year, families=None):
        """Create or update the attestations of ``year`` for ``families`` (all
        families of the current company when ``None``). A family with nothing
        to attest gets none (a draft left from an earlier run is removed).
        Returns the attestations created or changed."""
        company = self.env.company
        Family = self.env["periscolaire.family"].sudo().with_context(active_test=False)
        if families is None:
            families = Family.search([("company_id", "=", company.id)])
        families = families.sudo().filtered(lambda f: f.company_id == company)
        amounts = self._compute_family_amounts(year, families)
        existing = {
            record.family_id: record
            for record in self.sudo().search(
                [
                    ("family_id", "in", families.ids),
                    ("year", "=", year),
                    ("company_id", "=", company.id),
                ]
            )
        }
        changed = self.browse()
        to_create = []
        for family in families:
            result = amounts[family.id]
            record = existing.get(family)
            if result.is_empty:
                if record and record.state == "draft":
                    record.unlink()
                continue
            children = family.with_context(active_test=False).household_child_ids
            shared = set(children.filtered("second_family_id").ids)
            line_commands = [
                Command.create(
                    {
                        "child_id": item.child.id,
                        "amount": float(item.amount),
                        "alternating_residence": item.child.id in shared,
                    }
                )
                for item in result.children
            ]
            if not record:
                to_create.append(
                    {
                        "family_id": family.id,
                        "company_id": company.id,
                        "year": year,
                        "partner_id": family.referent_id.id,
                        "line_ids": line_commands,
                    }
                )
            elif record._get_amounts() != {
                item.child.id: (item.amount, item.child.id in shared) for item in result.children
            }:
                record.write(
                    {
                        "line_ids": [Command.clear(), *line_commands],
                        "partner_id": family.referent_id.id,
                        "date": fields.Date.context_today(self),
                        "state": "draft",
                    }
                )
                record.message_post(
                    body=self.env._("Montants recalculés : attestation à renvoyer.")
                )
                changed |= record
        if to_create:
            changed |= self.sudo().create(to_create)
        return changed.with_env(self.env)

    def _get_amounts(self):
        """{child id: (amount, alternating residence)} of the attestation."""
        self.ensure_one()
        return {
            line.child_id.id: (round_cents(line.amount), line.alternating_residence)
            for line in self.line_ids
        }

    def _alternating_residence_note(self):
        """The half-ceiling sentence of the children in alternating residence ("" if none)."""
        self.ensure_one()
        names = self.line_ids.filtered("alternating_residence").mapped("child_id.name")
        if not names:
            return ""
        return self.env._(
            "%(children)s : résidence alternée. Chaque parent reçoit sa propre attestation, "
            "pour les sommes qu'il a lui-même payées ; le plafond des frais de garde retenus "
            "est réduit de moitié pour chacun, soit %(ceiling)s par enfant et par an "
            "(article 200 quater B du Code général des impôts).",
            children=", ".join(names),
            ceiling=money.format_eur(attestation.ceiling_per_child(alternating_residence=True)),
        )

    @api.model
    def _compute_family_amounts(self, year, families):
        """{family id: rules core ``AttestationAmounts``} from the posted
        invoices and credit notes of the families and what settled them."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("periscolaire_family_id", "in", families.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", DOCUMENT_TYPES),
                ]
            )
        )
        rule_lines = {move.id: self._rule_lines(move) for move in moves}
        lines_by_family = defaultdict(list)
        payments_by_family = defaultdict(list)
        for move in moves:
            family_lines = lines_by_family[move.periscolaire_family_id.id]
            family_lines.extend(rule_lines[move.id])
            payments_by_family[move.periscolaire_family_id.id].extend(
                self._rule_payments(move, moves, rule_lines, family_lines)
            )
        result = {}
        for family in families:
            children = [
                attestation.ChildInfo(child.id, child.name, child.birth_date or None)
                for child in family.with_context(active_test=False).household_child_ids
            ]
            try:
                result[family.id] = attestation.attestation_amounts(
                    year, children, lines_by_family[family.id], payments_by_family[family.id]
                )
            except RuleError as error:
                raise UserError(
                    self.env._(
                        "Famille %(family)s : %(error)s",
                        family=family.name,
                        error=rule_text(self.env, error.message),
                    )
                ) from None
        return result

    @api.model
    def _rule_lines(self, move):
        """The product lines of an invoice (positive) or credit note (negative)
        as rules core ``InvoiceLine``s."""
        sign = -1 if move.move_type == "out_refund" else 1
        lines = []
        for line in move.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            amount = to_decimal(line.price_total)
            penalty = (
                amount
                if line.periscolaire_kind == "penalty"
                else to_decimal(line.periscolaire_penalty_amount)
            )
            lines.append(
                attestation.InvoiceLine(
                    id=line.id,
                    child_id=line.periscolaire_child_id.id or None,
                    amount=sign * amount,
                    meal=sign * to_decimal(line.periscolaire_meal_amount),
                    penalty=sign * penalty,
                )
            )
        return lines

    @api.model
    def _rule_payments(self, move, documents, rule_lines, family_lines):
        """Rules core ``Payment``s for the money received on (or paid back
        for) ``move``: each reconciliation of its receivable line with a
        payment. A credit note offset against the move reduces what the
        payments settle: its lines, scaled to the amount offset, join the
        settled lines (added to ``family_lines``)."""
        sign = -1 if move.move_type == "out_refund" else 1
        receivable = move.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        settled_ids = [line.id for line in rule_lines[move.id]]
        payments = []
        for partial in receivable.matched_debit_ids | receivable.matched_credit_ids:
            counterpart = (
                partial.credit_move_id
                if partial.debit_move_id in receivable
                else partial.debit_move_id
            )
            other = counterpart.move_id
            if other in documents:
                for offset_line in self._offset_lines(move, other, partial, rule_lines[other.id]):
                    family_lines.append(offset_line)
                    settled_ids.append(offset_line.id)
            elif not other.is_invoice(include_receipts=True):
                method_line = other.origin_payment_id.payment_method_line_id
                payments.append(
                    {
                        "day": counterpart.date,
                        "amount": sign * to_decimal(partial.amount),
                        "is_aid": method_line.periscolaire_is_aid,
                        "id": partial.id,
                    }
                )
        return [attestation.Payment(line_ids=tuple(settled_ids), **payment) for payment in payments]

    @api.model
    def _offset_lines(self, move, other, partial, other_lines):
        """Lines of document ``other`` scaled to the part of it offset against ``move``."""
        other_total = sum((abs(line.amount) for line in other_lines), ZERO)
        if not other_total:
            return []
        share = to_decimal(partial.amount) / other_total
        offset = []
        for line in other_lines:
            amount = (line.amount * share).quantize(SHARE_PLACES)
            meal = (line.meal * share).quantize(SHARE_PLACES)
            penalty = (line.penalty * share).quantize(SHARE_PLACES)
            if abs(meal) + abs(penalty) > abs(amount):
                penalty = amount - meal
            offset.append(
                attestation.InvoiceLine(
                    id=("offset", move.id, partial.id, line.id),
                    child_id=line.child_id,
                    amount=amount,
                    meal=meal,
                    penalty=penalty,
                )
            )
        return offset

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def action_send(self):
        """Mail the attestations to their payers (PDF attached)."""
        template = self.env.ref("periscolaire_billing.mail_template_tax_attestation")
        for record in self:
            record._portal_ensure_token()
            record.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.write({"state": "sent"})
        return True

    def action_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    @api.model
    def _cron_generate_previous_year(self):
        """January: attestations of the previous year for every company, mailed."""
        year = fields.Date.context_today(self).year - 1
        groups = self.env["periscolaire.family"].sudo()._read_group([], ["company_id"])
        for (company,) in groups:
            records = self.with_company(company)._generate(year)
            records.filtered(lambda r: r.state == "draft").action_send()
            _logger.info(
                "Attestations fiscales %s (%s) : %s établie(s) ou mise(s) à jour",
                year,
                company.name,
                len(records),
            )

    # ------------------------------------------------------------------
    # Report helpers: the attestation is a French document whatever the
    # language of the user printing it.
    # ------------------------------------------------------------------
    def _get_report_lang(self):
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return "fr_FR" if "fr_FR" in installed else self.partner_id.lang or self.env.lang

    def _format_amount(self, amount):
        return money.format_eur(to_decimal(amount or 0.0))

    def _format_date(self, day):
        return day.strftime("%d/%m/%Y") if day else ""

    def _format_partner_address(self):
        return self._format_address(self.partner_id)

    def _format_company_address(self):
        return self._format_address(self.company_id.partner_id)

    def _format_address(self, partner):
        city = " ".join(part for part in (partner.zip, partner.city) if part)
        return ", ".join(part for part in (partner.street, partner.street2, city) if part)
