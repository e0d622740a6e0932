# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.periscolaire_portal.rules import retention

STAGES = [
    (retention.Stage.ACTIVE.value, "Active"),
    (retention.Stage.LEFT.value, "Partie"),
    (retention.Stage.DOCUMENTS_DUE.value, "Documents à supprimer"),
    (retention.Stage.ANONYMISATION_DUE.value, "À anonymiser"),
    ("anonymised", "Anonymisée"),
]
#: Schedule fields written by :meth:`_retention_refresh`.
SCHEDULE_FIELDS = (
    "retention_last_activity",
    "retention_departure_date",
    "retention_documents_date",
    "retention_accounting_date",
    "retention_anonymise_date",
)


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    retention_last_activity = fields.Date(
        string="Dernière réservation",
        readonly=True,
        help="Jour de la dernière réservation, ou de la création de la famille sans réservation.",
    )
    retention_departure_date = fields.Date(string="Partie le", readonly=True)
    retention_documents_date = fields.Date(
        string="Documents gardés jusqu'au",
        readonly=True,
        help="Documents et données de santé supprimés le lendemain.",
    )
    retention_accounting_date = fields.Date(
        string="Pièces comptables gardées jusqu'au", readonly=True
    )
    retention_anonymise_date = fields.Date(string="Anonymisée après le", readonly=True, index=True)
    retention_stage = fields.Selection(
        STAGES, string="Conservation", compute="_compute_retention_stage"
    )
    retention_hold = fields.Boolean(
        string="Conservation suspendue",
        tracking=True,
        help="Ni suppression ni anonymisation tant que la case est cochée (litige, dette en "
        "recouvrement…).",
    )
    retention_hold_reason = fields.Char(string="Motif de la suspension", tracking=True)
    retention_documents_purged_on = fields.Date(string="Documents supprimés le", readonly=True)
    retention_anonymised_on = fields.Date(string="Anonymisée le", readonly=True, index=True)

    @api.depends(*SCHEDULE_FIELDS, "retention_anonymised_on")
    def _compute_retention_stage(self):
        today = fields.Date.context_today(self)
        for family in self:
            if family.retention_anonymised_on:
                family.retention_stage = "anonymised"
            elif not family.retention_anonymise_date:
                family.retention_stage = False
            else:
                family.retention_stage = family._retention_schedule().stage(today).value

    def _retention_schedule(self):
        self.ensure_one()
        return retention.Schedule(
            last_activity=self.retention_last_activity,
            departure=self.retention_departure_date,
            documents_until=self.retention_documents_date,
            accounting_until=self.retention_accounting_date or None,
            anonymise_after=self.retention_anonymise_date,
        )

    def _retention_refresh(self):
        """Compute the retention dates of these families from their last booking and their
        last posted accounting entry (invoices, credit notes, payments of their payers):
        one grouped query each, a write only where a date moved."""
        families = self.with_context(active_test=False).filtered(
            lambda family: not family.retention_anonymised_on
        )
        if not families:
            return
        last_booking = dict(
            self.env["periscolaire.reservation"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("family_id", "in", families.ids)], ["family_id"], ["date:max"])
        )
        last_accounting = families._retention_last_accounting()
        for company, company_families in families.grouped("company_id").items():
            policy = company._get_periscolaire_retention_policy()
            for family in company_families:
                last_activity = last_booking.get(family) or family.create_date.date()
                plan = retention.schedule(last_activity, last_accounting.get(family.id), policy)
                values = {
                    "retention_last_activity": plan.last_activity,
                    "retention_departure_date": plan.departure,
                    "retention_documents_date": plan.documents_until,
                    "retention_accounting_date": plan.accounting_until or False,
                    "retention_anonymise_date": plan.anonymise_after,
                }
                if any(family[name] != (values[name] or False) for name in SCHEDULE_FIELDS):
                    family.write(values)

    def _retention_last_accounting(self):
        """{family id: date of the last posted accounting entry of the family or its payers}."""
        families = self.with_context(active_test=False)
        moves = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("periscolaire_family_id", "in", families.ids), ("state", "=", "posted")],
                ["periscolaire_family_id"],
                ["date:max"],
            )
        )
        last = defaultdict(lambda: None)
        for family, day in moves:
            last[family.id] = day
        partners = families.referent_id | families.adult_ids
        lines = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("parent_state", "=", "posted")],
                ["partner_id"],
                ["date:max"],
            )
        )
        by_partner = dict(lines)
        for family in families:
            days = [last[family.id]] + [
                by_partner.get(partner) for partner in family.referent_id | family.adult_ids
            ]
            days = [day for day in days if day]
            last[family.id] = max(days) if days else None
        return last

    # ------------------------------------------------------------------
    # Staff
    # ------------------------------------------------------------------
    def action_retention_refresh(self):
        self._retention_refresh()
        return True

    def action_retention_hold(self):
        self.write({"retention_hold": True})
        return True

    def action_retention_release(self):
        self.write({"retention_hold": False, "retention_hold_reason": False})
        return True
