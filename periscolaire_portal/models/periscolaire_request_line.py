# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

LINE_STATES = [
    ("draft", "Dans le panier"),
    ("pending", "En attente de validation"),
    ("validated", "Validée"),
    ("waiting", "Liste d'attente"),
    ("refused", "Refusée"),
]
AGENT_GROUP = "periscolaire_portal.group_periscolaire_agent"
MANAGER_GROUP = "periscolaire_portal.group_periscolaire_manager"
#: Fields that staff and the processing set, never a parent.
STAFF_FIELDS = frozenset(
    {"state", "is_late", "price", "reservation_id", "waiting_rank", "refuse_reason"}
)


class PeriscolaireRequestLine(models.Model):
    _name = "periscolaire.request.line"
    _description = "Ligne de demande de réservation"
    _order = "date, activity_id, child_id, id"

    request_id = fields.Many2one(
        "periscolaire.request",
        string="Demande",
        required=True,
        index=True,
        ondelete="cascade",
    )
    family_id = fields.Many2one(
        related="request_id.family_id", store=True, index=True, string="Famille"
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, string="Société")
    request_state = fields.Selection(related="request_id.state", string="État de la demande")
    submitted_at = fields.Datetime(
        related="request_id.submitted_at", store=True, string="Envoyée le"
    )
    child_id = fields.Many2one(
        "periscolaire.child",
        string="Enfant",
        required=True,
        index=True,
        ondelete="cascade",
    )
    activity_id = fields.Many2one(
        "periscolaire.activity",
        string="Activité",
        required=True,
        index=True,
        ondelete="restrict",
    )
    site_id = fields.Many2one(related="activity_id.site_id", store=True, string="Site")
    date = fields.Date(string="Jour", required=True, index=True)
    action = fields.Selection(
        [("book", "Inscription"), ("cancel", "Désinscription")],
        string="Type",
        required=True,
        default="book",
    )
    currency_id = fields.Many2one(related="request_id.currency_id")
    price = fields.Monetary(string="Tarif", currency_field="currency_id")
    is_late = fields.Boolean(string="Hors délai")
    state = fields.Selection(LINE_STATES, string="État", required=True, default="draft", index=True)
    waiting_rank = fields.Integer(string="Rang en liste d'attente")
    refuse_reason = fields.Char(string="Motif du refus")
    reservation_id = fields.Many2one(
        "periscolaire.reservation",
        string="Réservation",
        readonly=True,
        index="btree_not_null",
    )
    free_places = fields.Integer(string="Places libres", compute="_compute_free_places")

    @api.depends("activity_id", "date")
    def _compute_free_places(self):
        places = self.env["periscolaire.activity"]._get_free_places_by_slot(
            (line.activity_id._origin, line.date)
            for line in self
            if line.activity_id._origin and line.date
        )
        for line in self:
            line.free_places = places.get((line.activity_id._origin.id, line.date), 0)

    @api.constrains("child_id", "request_id")
    def _check_child_family(self):
        for line in self:
            if line.request_id.family_id not in line.child_id.family_ids:
                raise ValidationError(
                    self.env._(
                        "%s n'appartient pas à la famille de la demande.",
                        line.child_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share and not self.env.su:
            self._check_no_staff_fields(vals_list)
        vals_list = [dict(vals) for vals in vals_list]
        # Unpriced lines, priced per activity, child, lateness and household (the
        # request's: a child of separated parents has two tariffs) in one go.
        to_price = defaultdict(list)
        for vals in vals_list:
            if not vals.get("price") and all(
                vals.get(name) for name in ("activity_id", "child_id", "date")
            ):
                key = (
                    vals["activity_id"],
                    vals["child_id"],
                    bool(vals.get("is_late")),
                    vals.get("request_id"),
                )
                to_price[key].append(vals)
        for (activity_id, child_id, late, request_id), group in to_price.items():
            prices = (
                self.env["periscolaire.activity"]
                .browse(activity_id)
                ._get_session_prices(
                    self.env["periscolaire.child"].browse(child_id),
                    {fields.Date.to_date(vals["date"]) for vals in group},
                    late=late,
                    family=self.env["periscolaire.request"].browse(request_id).family_id,
                )
            )
            for vals in group:
                vals["price"] = float(prices[fields.Date.to_date(vals["date"])])
        return super().create(vals_list)

    def _check_no_staff_fields(self, vals_list):
        """A parent never sets the outcome, the price or the lateness of a line:
        the portal computes them, staff and the processing decide them."""
        context_defaults = {name for name in STAFF_FIELDS if f"default_{name}" in self.env.context}
        given = context_defaults.union(*(STAFF_FIELDS.intersection(vals) for vals in vals_list))
        if given:
            names = ", ".join(sorted(self._fields[name].string for name in given))
            raise AccessError(
                self.env._(
                    "Ces champs ne peuvent pas être renseignés depuis le portail : %s.", names
                )
            )

    @api.depends("child_id", "activity_id", "date", "action")
    def _compute_display_name(self):
        actions = dict(self._fields["action"].selection)
        for line in self:
            parts = [
                actions.get(line.action),
                line.child_id.name,
                line.activity_id.display_name,
                line.date and line.date.strftime("%d/%m/%Y"),
            ]
            line.display_name = " — ".join(part for part in parts if part)

    # ------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------
    def action_validate(self):
        """Validate the selected pending lines by free places and arrival
        order: their days are settled as a whole, earlier arrivals first.
        Staff only."""
        self._check_staff_rights()
        self._process()
        return True

    def action_open_refuse_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuser"),
            "res_model": "periscolaire.request.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": self.ids},
        }

    def action_open_priority_wizard(self):
        """ "Passer devant": a manager gives these lines a place ahead of the
        earlier arrivals of their day, with a reason."""
        self._check_priority_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Passer devant"),
            "res_model": "periscolaire.request.priority.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": self.ids},
        }

    def _check_staff_rights(self):
        """Deciding requests is the town staff's: a parent reaching these
        actions by RPC is refused before anything is locked or read."""
        if not (self.env.su or self.env.user.has_group(AGENT_GROUP)):
            raise AccessError(self.env._("Seuls les agents du périscolaire valident les demandes."))

    def _check_priority_rights(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Seul un responsable du périscolaire peut faire passer une demande "
                    "devant celles arrivées avant elle."
                )
            )
