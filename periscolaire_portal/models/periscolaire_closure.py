# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import calendar as rules_calendar


class PeriscolaireClosure(models.Model):
    _name = "periscolaire.closure"
    _description = "Fermeture de site ou d'activité"
    # Not mail.activity.mixin: its "activity_ids" would clash with the
    # closed periscolaire activities.
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Libellé", required=True, tracking=True)
    reason = fields.Selection(
        [
            ("strike", "Grève"),
            ("works", "Travaux"),
            ("pedagogical", "Journée pédagogique"),
            ("other", "Autre"),
        ],
        string="Motif",
        required=True,
        default="strike",
        tracking=True,
    )
    date_start = fields.Date(string="Du", required=True, tracking=True)
    date_end = fields.Date(string="Au", required=True, tracking=True)
    site_ids = fields.Many2many("periscolaire.site", string="Sites")
    activity_ids = fields.Many2many(
        "periscolaire.activity",
        string="Activités",
        help="Laissez vide pour fermer toutes les activités des sites choisis.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        [("draft", "Brouillon"), ("done", "Appliquée")],
        string="État",
        required=True,
        default="draft",
        tracking=True,
    )
    reservation_ids = fields.One2many(
        "periscolaire.reservation", "closure_id", string="Réservations annulées"
    )
    reservation_count = fields.Integer(
        string="Nombre de réservations annulées", compute="_compute_reservation_count"
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK (date_end >= date_start)",
            "La date de fin doit suivre la date de début.",
        ),
    ]

    @api.depends("reservation_ids")
    def _compute_reservation_count(self):
        for closure in self:
            closure.reservation_count = len(closure.reservation_ids)

    @api.constrains("site_ids", "activity_ids", "date_start", "date_end")
    def _check_scope(self):
        for closure in self:
            if not closure.site_ids and not closure.activity_ids:
                raise ValidationError(
                    self.env._("Choisissez au moins un site ou une activité à fermer.")
                )

    def write(self, vals):
        if self.filtered(lambda c: c.state == "done") and set(vals) & {
            "date_start",
            "date_end",
            "site_ids",
            "activity_ids",
        }:
            raise UserError(self.env._("Une fermeture appliquée ne peut plus être modifiée."))
        return super().write(vals)

    def _get_activity_domain(self):
        self.ensure_one()
        if self.activity_ids:
            return [("activity_id", "in", self.activity_ids.ids)]
        return [("activity_id.site_id", "in", self.site_ids.ids)]

    def _get_closed_activities(self):
        """The activities the closure stops, archived ones included."""
        self.ensure_one()
        if self.activity_ids:
            return self.activity_ids
        return (
            self.env["periscolaire.activity"]
            .with_context(active_test=False)
            .search([("site_id", "in", self.site_ids.ids)])
        )

    @api.model
    def _get_rule_closures(self, company, date_from, date_to):
        """Applied closures overlapping the bounds, as rules-core ``Closure``s."""
        closures = self.sudo().search(
            [
                ("state", "=", "done"),
                ("company_id", "=", company.id),
                ("date_start", "<=", date_to),
                ("date_end", ">=", date_from),
            ]
        )
        return [
            rules_calendar.Closure(
                closure.date_start,
                closure.date_end,
                closure.reason,
                closure.name,
                site_ids=frozenset(closure.site_ids.ids),
                activity_ids=frozenset(closure.activity_ids.ids),
            )
            for closure in closures
        ]

    def action_apply(self):
        """Cancel the confirmed reservations of the closed days (reason: closure by
        the town, never billed), refuse the pending and waiting requests for those
        days, and mail each family concerned."""
        closures = self.filtered(lambda c: c.state == "draft")
        # Locked until commit, all at once: a processing run filling these
        # activities meanwhile fails and is retried, then sees the closure.
        self.env["periscolaire.request.line"]._lock_activities(
            self.env["periscolaire.activity"].union(
                *(closure._get_closed_activities() for closure in closures)
            )
        )
        for closure in closures:
            scope = [
                ("date", ">=", closure.date_start),
                ("date", "<=", closure.date_end),
                ("company_id", "=", closure.company_id.id),
            ] + closure._get_activity_domain()
            reservations = self.env["periscolaire.reservation"].search(
                scope + [("state", "=", "confirmed")]
            )
            lines = self.env["periscolaire.request.line"].search(
                scope + [("state", "in", ("pending", "waiting")), ("action", "=", "book")]
            )
            closure.state = "done"
            reservations._cancel("town_closure", closure=closure)
            lines._refuse(self.env._("Fermeture : %s", closure.name))
            closure._notify_families(reservations)
            closure.message_post(
                body=self.env._("%s réservation(s) annulée(s) pour fermeture.", len(reservations))
            )
        return True

    def _notify_families(self, reservations):
        self.ensure_one()
        template = self.env.ref("periscolaire_portal.mail_template_closure")
        by_family = defaultdict(lambda: self.env["periscolaire.reservation"])
        for reservation in reservations:
            by_family[reservation.family_id] |= reservation
        for family, family_reservations in by_family.items():
            family.with_context(
                closure_id=self.id,
                closure_reservation_ids=family_reservations.ids,
            ).message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def action_view_reservations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_portal.periscolaire_reservation_action"
        )
        action["domain"] = [("closure_id", "=", self.id)]
        action["context"] = {}
        return action
