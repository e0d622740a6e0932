# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.periscolaire_portal.rules import dates
from odoo.addons.periscolaire_portal.rules.money import ZERO, round_cents


class PeriscolairePesExport(models.AbstractModel):
    """Turns posted invoices and credit notes into bordereaux of titles for Hélios.

    - each invoice not sent yet becomes an ORMC title, net of its credit notes posted before
      sending (an invoice fully credited before sending gives no title);
    - each credit note of an invoice already sent becomes a reduction of that title, in a
      bordereau of cancellations / reductions;
    - a move is sent once: the title it belongs to is written on it, under a lock.
    """

    _name = "periscolaire.pes.export"
    _description = "Export des titres de recette vers Hélios"

    @api.model
    def _export_month(self, month):
        """The invoices of ``month`` not sent yet, and every credit note waiting to reduce a
        title already sent (whatever its month). Returns ``(bordereaux, notes)``."""
        moves = self.env["account.move"]
        to_send = moves._pes_domain_to_send() + [("company_id", "=", self.env.company.id)]
        invoices = moves.search(
            to_send
            + [
                ("move_type", "=", "out_invoice"),
                ("periscolaire_month", "=", month.replace(day=1)),
            ]
        )
        reductions = moves.search(
            to_send
            + [("move_type", "=", "out_refund"), ("reversed_entry_id.pes_title_id", "!=", False)]
        )
        return self._export(invoices | reductions, strict=False)

    @api.model
    def _export_moves(self, moves):
        """The invoices and credit notes chosen by the accountant; whatever cannot be sent is
        an error, except the moves already sent, which are left aside."""
        return self._export(moves, strict=True)

    # ------------------------------------------------------------------
    # The export
    # ------------------------------------------------------------------
    @api.model
    def _export(self, moves, strict):
        company = self.env.company
        missing = company._get_pes_settings_problems()
        if missing:
            raise UserError(
                self.env._(
                    "Paramètres Hélios de la société incomplets (Facturation > Configuration > "
                    "Paramètres, « Trésor public (Hélios) ») : %s.",
                    ", ".join(missing),
                )
            )
        today = fields.Date.context_today(self)
        exercise = today.year
        self.env["periscolaire.pes.sequence"]._lock(company, exercise)
        moves = self._lock_moves(moves)
        errors, notes = [], []

        wrong = moves.filtered(
            lambda move: (
                move.state != "posted"
                or not move._get_pes_family()
                or move.move_type not in ("out_invoice", "out_refund")
                or move.company_id != company
            )
        )
        if wrong:
            errors.append(
                self.env._(
                    "%s : seules les factures et les avoirs validés du périscolaire de la société "
                    "courante se transmettent.",
                    ", ".join(wrong.mapped("display_name")),
                )
            )
        done = (moves - wrong).filtered(lambda move: move.pes_title_id or move.pes_settled)
        if done:
            notes.append(
                self.env._("Déjà transmis, laissés de côté : %s.", ", ".join(done.mapped("name")))
            )
        moves -= wrong | done
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        absorbed = self._credit_notes_to_deduct(invoices)

        reductions = []
        consumed = defaultdict(lambda: ZERO)
        for credit_note in (moves - invoices - absorbed).sorted("name"):
            problem = self._reduction_problem(credit_note, exercise)
            if problem:
                (errors if strict else notes).append(problem)
                continue
            lines, line_errors = self._reduction_lines(credit_note, consumed)
            errors += line_errors
            reductions.append((credit_note, self.env["account.move"], lines))

        titles, settled = [], self.env["account.move"]
        for invoice in invoices.sorted(lambda move: (move._get_pes_family().name, move.name)):
            own = absorbed.filtered(lambda move, invoice=invoice: move.reversed_entry_id == invoice)
            lines, line_errors = self._net_lines(invoice, own)
            errors += line_errors
            if not line_errors and not lines:
                settled |= invoice | own
                continue
            titles.append((invoice, own, lines))

        for move, _absorbed, _lines in titles + reductions:
            errors += move._get_pes_debtor()[1]
        if errors:
            raise UserError(
                self.env._("Rien n'est exporté. À corriger d'abord :\n%s", "\n".join(errors))
            )

        if settled:
            settled.write({"pes_settled": True})
            notes.append(
                self.env._(
                    "Entièrement annulées par avoir avant l'envoi, sans titre : %s.",
                    ", ".join(settled.mapped("name")),
                )
            )
        bordereaux = self.env["periscolaire.pes.bordereau"]
        if titles:
            bordereaux |= self._create_bordereau(company, exercise, today, "ormc", titles)
        if reductions:
            bordereaux |= self._create_bordereau(company, exercise, today, "reduction", reductions)
        for bordereau in bordereaux:
            bordereau._generate_file()
        return bordereaux, notes

    @api.model
    def _lock_moves(self, moves):
        """Lock the rows of ``moves`` and read them again (another export may have sent them)."""
        if moves:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM account_move WHERE id IN %s ORDER BY id FOR UPDATE",
                    tuple(moves.ids),
                )
            )
            moves.invalidate_recordset()
        return moves

    @api.model
    def _credit_notes_to_deduct(self, invoices):
        """The posted credit notes of ``invoices`` not sent: deducted from their titles."""
        if not invoices:
            return self.env["account.move"]
        return self.env["account.move"].search(
            self.env["account.move"]._pes_domain_to_send()
            + [("move_type", "=", "out_refund"), ("reversed_entry_id", "in", invoices.ids)]
        )

    @api.model
    def _reduction_problem(self, credit_note, exercise):
        origin = credit_note.reversed_entry_id
        title = origin.pes_title_id
        if not origin:
            return self.env._(
                "Avoir %s : il n'indique pas la facture qu'il corrige (facture d'origine).",
                credit_note.name,
            )
        if not title:
            return self.env._(
                "Avoir %(credit_note)s : sa facture %(invoice)s n'est pas encore transmise ; "
                "exportez-la, l'avoir en sera déduit.",
                credit_note=credit_note.name,
                invoice=origin.name,
            )
        if title.state == "rejected":
            return self.env._(
                "Avoir %(credit_note)s : le titre %(title)s de sa facture est dans le bordereau "
                "rejeté %(bordereau)s ; l'avoir en sera déduit quand il sera régénéré.",
                credit_note=credit_note.name,
                title=title.display_name,
                bordereau=title.bordereau_id.name,
            )
        if title.exercise != exercise:
            return self.env._(
                "Avoir %(credit_note)s : le titre %(title)s est d'un exercice antérieur ; sa "
                "réduction se fait par un mandat (compte 673) du logiciel financier de la ville.",
                credit_note=credit_note.name,
                title=title.display_name,
            )
        return None

    # ------------------------------------------------------------------
    # Lines: one per budget imputation
    # ------------------------------------------------------------------
    @api.model
    def _amounts_by_imputation(self, move, errors):
        amounts = defaultdict(lambda: ZERO)
        for line in move.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            imputation = line._get_pes_imputation()
            if not imputation:
                errors.append(
                    self.env._(
                        "%(move)s — famille %(family)s : la ligne « %(line)s » n'a pas "
                        "d'imputation budgétaire (à renseigner sur l'activité, l'article "
                        "« %(product)s » ou dans les paramètres Hélios de la société).",
                        move=move.name,
                        family=move._get_pes_family().name,
                        line=line.name,
                        product=line.product_id.display_name or "—",
                    )
                )
                continue
            amounts[imputation] += round_cents(line.price_total)
        return amounts

    @api.model
    def _net_lines(self, invoice, credit_notes):
        """``(lines, errors)`` of the title of ``invoice`` net of ``credit_notes``: one line
        ``{"imputation", "amount", "label"}`` per imputation whose net amount is positive."""
        errors = []
        amounts = self._amounts_by_imputation(invoice, errors)
        for credit_note in credit_notes:
            for imputation, amount in self._amounts_by_imputation(credit_note, errors).items():
                amounts[imputation] -= amount
        over = [imputation for imputation, amount in amounts.items() if amount < 0]
        if over:
            errors.append(
                self.env._(
                    "%(invoice)s : ses avoirs %(credit_notes)s dépassent le montant facturé sur "
                    "%(imputations)s.",
                    invoice=invoice.name,
                    credit_notes=", ".join(credit_notes.mapped("name")),
                    imputations=", ".join(imputation.display_name for imputation in over),
                )
            )
        lines = [
            {
                "imputation": imputation,
                "amount": amount,
                "label": self._line_label(imputation, invoice),
            }
            for imputation, amount in sorted(
                amounts.items(), key=lambda item: (item[0].product_code, item[0].id)
            )
            if amount > 0
        ]
        return lines, errors

    @api.model
    def _reduction_lines(self, credit_note, consumed):
        """``(lines, errors)`` of the reduction made by ``credit_note``: each line reduces the
        line of the same imputation of the title, within what is left of it."""
        errors = []
        title = credit_note.reversed_entry_id.pes_title_id
        lines = []
        for imputation, amount in self._amounts_by_imputation(credit_note, errors).items():
            origin = title.line_ids.filtered(lambda line, imp=imputation: line.imputation_id == imp)
            if not origin:
                errors.append(
                    self.env._(
                        "Avoir %(credit_note)s : le titre %(title)s n'a pas de ligne "
                        "« %(imputation)s » à réduire.",
                        credit_note=credit_note.name,
                        title=title.display_name,
                        imputation=imputation.display_name,
                    )
                )
                continue
            origin = origin[0]
            left = round_cents(origin.remaining_amount) - consumed[origin.id]
            if amount > left:
                errors.append(
                    self.env._(
                        "Avoir %(credit_note)s : %(amount)s € sur « %(imputation)s » dépasse ce "
                        "qui reste du titre %(title)s (%(left)s €).",
                        credit_note=credit_note.name,
                        amount=amount,
                        imputation=imputation.display_name,
                        title=title.display_name,
                        left=left,
                    )
                )
                continue
            consumed[origin.id] += amount
            lines.append(
                {
                    "imputation": imputation,
                    "amount": amount,
                    "label": self._line_label(imputation, credit_note),
                    "origin_line": origin,
                }
            )
        return lines, errors

    # ------------------------------------------------------------------
    # Records
    # ------------------------------------------------------------------
    @api.model
    def _create_bordereau(self, company, exercise, day, kind, items):
        """A bordereau of ``kind`` with one title per ``(move, deducted credit notes, lines)``,
        numbered after the last ones of the exercise."""
        sequences = self.env["periscolaire.pes.sequence"]
        number = sequences._take(company, exercise, f"bordereau_{kind}")
        first = sequences._take(company, exercise, "title", len(items))
        bordereau = self.env["periscolaire.pes.bordereau"].create(
            {
                "company_id": company.id,
                "kind": kind,
                "exercise": exercise,
                "number": number,
                "date": day,
                "label": self._bordereau_label(kind, [move for move, _own, _lines in items]),
            }
        )
        titles = self.env["periscolaire.pes.title"].create(
            [
                {
                    "bordereau_id": bordereau.id,
                    "number": first + offset,
                    "move_id": move.id,
                    "family_id": move._get_pes_family().id,
                    "partner_id": move.partner_id.id,
                    "label": self._title_label(move),
                    "origin_title_id": move.reversed_entry_id.pes_title_id.id
                    if kind == "reduction"
                    else False,
                    "line_ids": self._line_commands(lines),
                }
                for offset, (move, _own, lines) in enumerate(items)
            ]
        )
        for title, (move, own, _lines) in zip(titles, items, strict=True):
            (move | own).write({"pes_title_id": title.id})
        return bordereau

    @api.model
    def _line_commands(self, lines):
        return [
            Command.create(
                {
                    "sequence": sequence,
                    "imputation_id": line["imputation"].id,
                    "label": line["label"],
                    "amount": float(line["amount"]),
                    "origin_line_id": line["origin_line"].id if line.get("origin_line") else False,
                }
            )
            for sequence, line in enumerate(lines, 1)
        ]

    # ------------------------------------------------------------------
    # Labels
    # ------------------------------------------------------------------
    @api.model
    def _month_label(self, move):
        month = move.periscolaire_month or move.invoice_date
        return dates.month_label(month.year, month.month)

    @api.model
    def _title_label(self, move):
        """ "Périscolaire mars 2026 — Séverine, Victor" (the children in the invoice's order)."""
        if move.move_type == "out_refund":
            origin = move.reversed_entry_id.pes_title_id
            return self.env._(
                "Avoir %(credit_note)s — réduction du titre %(title)s (%(object)s)",
                credit_note=move.name,
                title=origin.display_name,
                object=origin.label,
            )
        children = []
        for line in move.invoice_line_ids.sorted("sequence"):
            first_name = line.periscolaire_child_id._get_billing_first_name()
            if line.periscolaire_child_id and first_name not in children:
                children.append(first_name)
        month = self._month_label(move)
        if not children:
            return self.env._("Périscolaire %s", month)
        return self.env._(
            "Périscolaire %(month)s — %(children)s", month=month, children=", ".join(children)
        )

    @api.model
    def _line_label(self, imputation, move):
        return f"{imputation.name} — {move.name}"

    @api.model
    def _bordereau_label(self, kind, moves):
        if kind == "reduction":
            return self.env._("Annulations et réductions de titres du périscolaire")
        months = sorted(
            {move.periscolaire_month or move.invoice_date.replace(day=1) for move in moves}
        )
        return self.env._(
            "Périscolaire %s",
            ", ".join(dates.month_label(month.year, month.month) for month in months),
        )
