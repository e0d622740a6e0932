# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from odoo.addons.periscolaire_portal.rules import dates, pricing
from odoo.addons.periscolaire_portal.rules.money import ZERO, round_cents, to_decimal

_logger = logging.getLogger(__name__)

KIND_ORDER = ("session", "late_booking", "late_cancellation", "unbooked", "penalty")
#: Families invoiced together: one create and one post of their invoices.
BATCH_SIZE = 200


class PeriscolaireMonthlyInvoicing(models.AbstractModel):
    """Turns a month of reservations and penalties into posted invoices and
    credit notes, one invoice per family and month.

    Idempotent: a reservation is linked to the invoice line that billed it
    (and to the credit-note line that refunded it), so a second run of the
    same month only bills what was not billed yet and refunds what stopped
    being billable; posted documents are never edited.
    """

    _name = "periscolaire.monthly.invoicing"
    _description = "Facturation mensuelle du périscolaire"

    @api.model
    def _check_month(self, month):
        """``(first day, label)`` of the month holding ``month``; UserError while
        that month is not over."""
        first, last = dates.month_bounds(month.year, month.month)
        label = dates.month_label(month.year, month.month)
        if last >= fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "Le mois de %s n'est pas terminé : il ne peut pas encore être facturé.", label
                )
            )
        return first, label

    @api.model
    def _invoice_month(self, month, families=None):
        """Invoice the month holding ``month`` for ``families`` (every family
        of the current company when ``None``), batch after batch in this
        transaction; returns the posted invoices and credit notes created.
        Long runs go through ``periscolaire.invoicing.run``, which commits each
        batch and shows its progress."""
        self._check_month(month)
        moves = self.env["account.move"]
        for batch in split_every(BATCH_SIZE, self._get_month_families(month, families).ids):
            moves |= self._invoice_families(month, self.env["periscolaire.family"].browse(batch))
        return moves

    @api.model
    def _get_month_families(self, month, families=None):
        """The families with a reservation or a penalty not billed yet in the
        month, in name order: the work of an invoicing run."""
        first, last = dates.month_bounds(month.year, month.month)
        period = [
            ("company_id", "=", self.env.company.id),
            ("date", ">=", first),
            ("date", "<=", last),
        ]
        if families is not None:
            period.append(("family_id", "in", families.ids))
        ids = {
            family.id
            for model, domain in (
                ("periscolaire.reservation", period),
                ("periscolaire.penalty", period + [("invoice_line_id", "=", False)]),
            )
            for (family,) in self.env[model].sudo()._read_group(domain, ["family_id"])
        }
        return self.env["periscolaire.family"].sudo().search([("id", "in", list(ids))])

    @api.model
    def _invoice_families(self, month, families):
        """Invoice and refund the month for a batch of ``families``: the
        invoices are created by one ``create`` and posted together, then the
        credit notes the same way."""
        first, label = self._check_month(month)
        last = dates.month_bounds(first.year, first.month)[1]
        period = [
            ("company_id", "=", self.env.company.id),
            ("date", ">=", first),
            ("date", "<=", last),
            ("family_id", "in", families.ids),
        ]
        reservations = self.env["periscolaire.reservation"].sudo().search(period)
        penalties = (
            self.env["periscolaire.penalty"]
            .sudo()
            .search(period + [("invoice_line_id", "=", False)])
        )
        self._lock(reservations, penalties)

        to_invoice = defaultdict(list)
        to_refund = defaultdict(lambda: self.env["periscolaire.reservation"])
        for reservation in reservations:
            kind = reservation._get_billing_kind()
            invoiced = reservation._is_invoiced()
            if kind and not invoiced:
                to_invoice[reservation.family_id].append((reservation, kind))
            elif invoiced and not kind:
                to_refund[reservation.family_id] |= reservation
        penalties_by_family = penalties.grouped("family_id")

        prices = self._price_reservations([item for items in to_invoice.values() for item in items])
        plans = []
        for family in sorted(
            set(to_invoice) | set(penalties_by_family), key=lambda f: (f.name, f.id)
        ):
            plan = self._invoice_plan(
                family,
                first,
                label,
                to_invoice.get(family, []),
                penalties_by_family.get(family, self.env["periscolaire.penalty"]),
                prices,
            )
            if plan:
                plans.append(plan)
        moves = self._create_moves(plans)
        refund_plans = []
        for family in sorted(to_refund, key=lambda f: (f.name, f.id)):
            refund_plans += self._credit_note_plans(family, first, to_refund[family])
        moves |= self._create_moves(refund_plans)
        if moves:
            _logger.info(
                "Périscolaire %s (%s) : %s facture(s), %s avoir(s) pour %s famille(s)",
                label,
                self.env.company.name,
                len(moves.filtered(lambda m: m.move_type == "out_invoice")),
                len(moves.filtered(lambda m: m.move_type == "out_refund")),
                len(families),
            )
        return moves

    @api.model
    def _create_moves(self, plans):
        """Create the moves of ``plans`` — ``(family, move vals, [(line vals,
        records billed)])`` — in one go, link each line to what it bills, let
        the family follow them and post them together (a credit note of an
        open invoice is reconciled with it)."""
        if not plans:
            return self.env["account.move"]
        # Without a distribution model Odoo's search for one, line by line
        # (each family is another partner), can only find nothing.
        no_analytic_model = not self._has_analytic_models()
        for _family, vals, lines in plans:
            # Lines bear no tax: with their accounting amount given, Odoo skips
            # running the tax engine on each line of each move.
            sign = -1 if vals["move_type"] == "out_invoice" else 1
            for line_vals, _records in lines:
                amount = sign * float(
                    round_cents(
                        to_decimal(line_vals["price_unit"]) * to_decimal(line_vals["quantity"])
                    )
                )
                line_vals.update(balance=amount, amount_currency=amount)
                if no_analytic_model:
                    line_vals.setdefault("analytic_distribution", False)
            vals["invoice_line_ids"] = [Command.create(line_vals) for line_vals, _r in lines]
        # Created by the town, not by a person: no creator to subscribe nor
        # tracking of a record that did not exist, and the "created" message of
        # each move logged in one batch (posting them still tracks the state).
        moves = (
            self.env["account.move"]
            .with_context(tracking_disable=True)
            .create([vals for _family, vals, _lines in plans])
            .with_env(self.env)
        )
        moves._message_log_batch(bodies={move.id: move._creation_message() for move in moves})
        self._link(moves, plans)
        self._subscribe_families(moves, [family for family, _vals, _lines in plans])
        moves.action_post()
        return moves

    @api.model
    def _has_analytic_models(self):
        """Whether an analytic distribution model may apply to the company's
        invoice lines."""
        return bool(
            self.env["account.analytic.distribution.model"]
            .sudo()
            .search_count([("company_id", "in", [self.env.company.id, False])], limit=1)
        )

    @api.model
    def _subscribe_families(self, moves, families):
        """Have each move followed by its customer and the family's other
        adults, with the subscriptions posting would give (Odoo's default
        subtypes), in one insert for the batch instead of one a move."""
        partners = {
            move: move.partner_id | family.adult_ids
            for move, family in zip(moves, families, strict=True)
        }
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(
            moves._name
        )
        customers = set(
            self.env["res.partner"].union(*partners.values()).filtered("partner_share").ids
        )
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": moves._name,
                    "res_id": move.id,
                    "partner_id": partner.id,
                    "subtype_ids": [
                        Command.set((external if partner.id in customers else default).ids)
                    ],
                }
                for move, move_partners in partners.items()
                for partner in move_partners
            ]
        )
        moves.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    @api.model
    def _lock(self, reservations, penalties):
        """Row locks: two runs of the same month never bill a reservation
        twice (the second waits, then sees the links of the first). NO KEY
        UPDATE, the lock of the links' update: rows that point at these
        reservations (a certificate attached meanwhile) are not held up."""
        for records in (reservations, penalties):
            if records:
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                        SQL.identifier(records._table),
                        tuple(records.ids),
                    )
                )
                records.invalidate_recordset()

    # ------------------------------------------------------------------
    # Prices
    # ------------------------------------------------------------------
    @api.model
    def _price_reservations(self, items):
        """{reservation id: (tariff, SessionPrice)} for ``[(reservation, kind)]``."""
        if not items:
            return {}
        reservations = self.env["periscolaire.reservation"].union(*(r for r, _kind in items))
        tariffs = self.env["periscolaire.tariff"]._get_applicable(
            reservations.activity_id, sorted(set(reservations.mapped("date")))
        )
        rule_tariffs, ranks, result = {}, {}, {}
        for reservation, kind in items:
            tariff = tariffs.get((reservation.activity_id.id, reservation.date))
            child = reservation.child_id
            # The household that booked pays, at its own QF and residence, its siblings.
            family = reservation.family_id
            if not tariff:
                price = reservation.activity_id._get_session_price(
                    child, reservation.date, family=family
                )
                result[reservation.id] = (tariff, pricing.SessionPrice(meal=ZERO, care=price))
                continue
            if tariff.id not in rule_tariffs:
                rule_tariffs[tariff.id] = tariff._to_rule()
            if family.id not in ranks:
                ranks[family.id] = family._get_sibling_ranks()
            result[reservation.id] = (
                tariff,
                tariff._price_session(
                    child,
                    reservation.date,
                    late=kind == "late_booking",
                    unbooked=kind == "unbooked",
                    rule_tariff=rule_tariffs[tariff.id],
                    rank=ranks[family.id].get(child.id, 1),
                    family=family,
                ),
            )
        return result

    # ------------------------------------------------------------------
    # Invoices
    # ------------------------------------------------------------------
    @api.model
    def _invoice_plan(self, family, first, label, items, penalties, prices):
        """``(family, move vals, lines)`` of the family's invoice of the month,
        or ``None`` when there is nothing to bill."""
        groups = defaultdict(lambda: self.env["periscolaire.reservation"])
        for reservation, kind in items:
            tariff, price = prices[reservation.id]
            key = (reservation.child_id, reservation.activity_id, kind, tariff, price)
            groups[key] |= reservation
        penalty_groups = defaultdict(lambda: self.env["periscolaire.penalty"])
        for penalty in penalties:
            key = (penalty.child_id, penalty.product_id, to_decimal(penalty.price_unit))
            penalty_groups[key] |= penalty

        ranks = family._get_sibling_ranks()
        lines = []
        for (child, activity, kind, tariff, price), reservations in sorted(
            groups.items(),
            key=lambda item: (
                ranks.get(item[0][0].id, 0),
                item[0][1].number,
                item[0][1].id,
                KIND_ORDER.index(item[0][2]),
                item[0][4].total,
            ),
        ):
            lines.append(
                (
                    self._session_line_vals(
                        child, activity, kind, tariff, price, label, len(reservations)
                    ),
                    reservations,
                )
            )
        for (child, product, price_unit), group in sorted(
            penalty_groups.items(), key=lambda item: (ranks.get(item[0][0].id, 0), item[0][1].id)
        ):
            lines.append(
                (
                    self._penalty_line_vals(child, product, price_unit, label, group),
                    group,
                )
            )
        total = sum(
            (
                to_decimal(vals["price_unit"]) * to_decimal(vals["quantity"])
                for vals, _links in lines
            ),
            ZERO,
        )
        if not lines or total <= 0:
            return None
        for sequence, (vals, _links) in enumerate(lines, 1):
            vals["sequence"] = sequence
        return (
            family,
            {
                "move_type": "out_invoice",
                "partner_id": family.referent_id.id,
                "invoice_date": fields.Date.context_today(self),
                "delivery_date": dates.month_bounds(first.year, first.month)[1],
                "invoice_origin": self.env._("Périscolaire %s", label),
                "periscolaire_family_id": family.id,
                "periscolaire_month": first,
            },
            lines,
        )

    @api.model
    def _session_line_vals(self, child, activity, kind, tariff, price, label, count):
        vals = {
            "name": " — ".join((activity.display_name, child._get_billing_first_name(), label))
            + f" ({self._count_label(kind, count)})",
            "quantity": count,
            "price_unit": float(price.total),
            "tax_ids": [Command.clear()],
            "periscolaire_child_id": child.id,
            "periscolaire_activity_id": activity.id,
            "periscolaire_tariff_id": tariff.id if tariff else False,
            "periscolaire_kind": kind,
            "periscolaire_meal_amount": float(price.meal * count),
            "periscolaire_penalty_amount": float(price.surcharge * count),
        }
        if activity.product_id:
            vals["product_id"] = activity.product_id.id
        if activity.analytic_distribution:
            vals["analytic_distribution"] = activity.analytic_distribution
        return vals

    @api.model
    def _penalty_line_vals(self, child, product, price_unit, label, penalties):
        quantity = sum(penalties.mapped("quantity"))
        activity = penalties.activity_id[:1] if len(penalties.activity_id) == 1 else False
        amount = round_cents(price_unit * to_decimal(quantity))
        vals = {
            "product_id": product.id,
            "name": " — ".join((product.name, child._get_billing_first_name(), label)),
            "quantity": quantity,
            "price_unit": float(price_unit),
            "tax_ids": [Command.clear()],
            "periscolaire_child_id": child.id,
            "periscolaire_activity_id": activity.id if activity else False,
            "periscolaire_kind": "penalty",
            "periscolaire_meal_amount": 0.0,
            "periscolaire_penalty_amount": float(amount),
        }
        if activity and activity.analytic_distribution:
            vals["analytic_distribution"] = activity.analytic_distribution
        return vals

    @api.model
    def _link(self, moves, plans):
        """Write on the reservations and penalties of each line of ``moves``
        the line that billed them (or refunded them, for credit notes): one
        UPDATE a model for the whole batch instead of a write a line."""
        links = defaultdict(lambda: defaultdict(list))
        for move, (_family, _vals, lines) in zip(moves, plans, strict=True):
            field_name = "refund_line_id" if move.move_type == "out_refund" else "invoice_line_id"
            move_lines = move.invoice_line_ids.sorted("sequence")
            for move_line, (_vals, records) in zip(move_lines, lines, strict=True):
                by_line = links[records._name, field_name]
                by_line[move_line.id] += records.ids
        for (model_name, field_name), by_line in links.items():
            records = (
                self.env[model_name]
                .sudo()
                .browse([record_id for ids in by_line.values() for record_id in ids])
            )
            fnames = [field_name]
            if field_name == "invoice_line_id" and "refund_line_id" in records._fields:
                # billed again after a refund (a certificate withdrawn…)
                fnames.append("refund_line_id")
            self._write_links(records, fnames, by_line)

    @api.model
    def _write_links(self, records, fnames, by_line):
        """Set ``fnames[0]`` to the key of ``by_line`` holding each record's id
        (and clear the other ``fnames``), then tell the ORM, as Odoo's own raw
        updates do. The stored invoice of an invoice line's link is written in
        the same query: recomputed by the ORM, it took one UPDATE per invoice."""
        records.flush_recordset(fnames)
        record_ids = [record_id for ids in by_line.values() for record_id in ids]
        line_ids = [line_id for line_id, ids in by_line.items() for _id in ids]
        assignments = [SQL("%s = v.line_id", SQL.identifier(fnames[0]))] + [
            SQL("%s = NULL", SQL.identifier(fname)) for fname in fnames[1:]
        ]
        move_field = records._fields.get("invoice_id")
        if not (
            fnames[0] == "invoice_line_id"
            and move_field
            and move_field.store
            and move_field.related == "invoice_line_id.move_id"
        ):
            move_field = None
        if move_field:
            assignments.append(
                SQL(
                    "%s = (SELECT move_id FROM account_move_line WHERE id = v.line_id)",
                    SQL.identifier(move_field.name),
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE %s AS t SET %s, write_uid = %s, write_date = %s"
                " FROM unnest(%s::int[], %s::int[]) AS v(id, line_id) WHERE t.id = v.id",
                SQL.identifier(records._table),
                SQL(", ").join(assignments),
                self.env.uid,
                fields.Datetime.now(),
                record_ids,
                line_ids,
            )
        )
        written = fnames + ([move_field.name] if move_field else [])
        records.invalidate_recordset(written + ["write_uid", "write_date"])
        records.modified(fnames)
        if move_field:
            # written above: what depends on it is still recomputed
            self.env.remove_to_compute(move_field, records)
        for fname in written:
            for inverse in self.env.registry.field_inverses[records._fields[fname]]:
                self.env[inverse.model_name].invalidate_model([inverse.name])

    # ------------------------------------------------------------------
    # Credit notes
    # ------------------------------------------------------------------
    @api.model
    def _credit_note_plans(self, family, first, reservations):
        """One credit note per invoice concerned, refunding at the invoiced
        price the sessions that are no longer due: ``[(family, move vals,
        lines)]``."""
        by_line = defaultdict(lambda: self.env["periscolaire.reservation"])
        for reservation in reservations:
            by_line[reservation.invoice_line_id, self._refund_reason(reservation)] |= reservation
        by_invoice = defaultdict(list)
        for (invoice_line, reason), group in by_line.items():
            by_invoice[invoice_line.move_id].append((invoice_line, reason, group))

        plans = []
        for invoice, items in sorted(by_invoice.items(), key=lambda item: item[0].id):
            lines = []
            for invoice_line, reason, group in sorted(
                items, key=lambda item: (item[0].sequence, item[0].id, item[1])
            ):
                lines.append((self._refund_line_vals(invoice_line, reason, len(group)), group))
            total = sum(
                (
                    to_decimal(vals["price_unit"]) * to_decimal(vals["quantity"])
                    for vals, _l in lines
                ),
                ZERO,
            )
            if total <= 0:
                continue
            for sequence, (vals, _links) in enumerate(lines, 1):
                vals["sequence"] = sequence
            plans.append(
                (
                    family,
                    {
                        "move_type": "out_refund",
                        "partner_id": invoice.partner_id.id,
                        "invoice_date": fields.Date.context_today(self),
                        "reversed_entry_id": invoice.id,
                        "delivery_date": invoice.delivery_date,
                        "ref": self.env._("Avoir sur %s", invoice.name),
                        "invoice_origin": invoice.name,
                        "periscolaire_family_id": family.id,
                        "periscolaire_month": invoice.periscolaire_month or first,
                    },
                    lines,
                )
            )
        return plans

    @api.model
    def _refund_line_vals(self, invoice_line, reason, count):
        share = Decimal(count) / to_decimal(invoice_line.quantity)
        vals = {
            "name": self.env._(
                "%(name)s — avoir : %(count)s, %(reason)s",
                name=invoice_line.name.split(" (")[0],
                count=self._count_label(invoice_line.periscolaire_kind, count),
                reason=reason,
            ),
            "quantity": count,
            "price_unit": invoice_line.price_unit,
            "account_id": invoice_line.account_id.id,
            "tax_ids": [Command.clear()],
            "periscolaire_child_id": invoice_line.periscolaire_child_id.id,
            "periscolaire_activity_id": invoice_line.periscolaire_activity_id.id,
            "periscolaire_tariff_id": invoice_line.periscolaire_tariff_id.id,
            "periscolaire_kind": invoice_line.periscolaire_kind,
            "periscolaire_meal_amount": float(
                round_cents(to_decimal(invoice_line.periscolaire_meal_amount) * share)
            ),
            "periscolaire_penalty_amount": float(
                round_cents(to_decimal(invoice_line.periscolaire_penalty_amount) * share)
            ),
        }
        if invoice_line.product_id:
            vals["product_id"] = invoice_line.product_id.id
        if invoice_line.analytic_distribution:
            vals["analytic_distribution"] = invoice_line.analytic_distribution
        return vals

    # ------------------------------------------------------------------
    # Labels
    # ------------------------------------------------------------------
    @api.model
    def _count_label(self, kind, count):
        if kind == "late_booking":
            return (
                self.env._("%s séances réservées hors délai", count)
                if count > 1
                else self.env._("1 séance réservée hors délai")
            )
        if kind == "late_cancellation":
            return (
                self.env._("%s séances annulées hors délai", count)
                if count > 1
                else self.env._("1 séance annulée hors délai")
            )
        if kind == "unbooked":
            return (
                self.env._("%s présences sans réservation", count)
                if count > 1
                else self.env._("1 présence sans réservation")
            )
        return self.env._("%s séances", count) if count > 1 else self.env._("1 séance")

    @api.model
    def _refund_reason(self, reservation):
        if reservation.state == "cancelled":
            if reservation.cancel_reason == "town_closure":
                return self.env._("fermeture par la ville")
            return self.env._("annulation dans les délais")
        if reservation.attendance == "absent_justified":
            return self.env._("absence justifiée")
        return self.env._("correction")

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_invoice_previous_month(self):
        """Invoice the previous month for every company that has activities,
        through an invoicing run per company (batches committed one by one)."""
        previous = (fields.Date.context_today(self).replace(day=1) - timedelta(days=1)).replace(
            day=1
        )
        runs = self.env["periscolaire.invoicing.run"].sudo()
        groups = (
            self.env["periscolaire.activity"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([], ["company_id"])
        )
        for (company,) in groups:
            whole_month = [
                ("company_id", "=", company.id),
                ("month", "=", previous),
                ("family_ids", "=", False),
                ("state", "!=", "done"),
            ]
            if not runs.search_count(whole_month):
                runs.create({"company_id": company.id, "month": previous})
        return runs.search([("state", "!=", "done")], order="id")._process()
