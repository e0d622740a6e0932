# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.periscolaire_activity import WEEKDAY_FIELDS
from ..rules import recurrence
from ..rules.errors import RuleError
from ..texts import rule_text


class PeriscolaireBookingWizard(models.TransientModel):
    """Book or cancel children of one family on an activity over a period, from
    the back office: the days become a request, validated at once by places."""

    _name = "periscolaire.booking.wizard"
    _description = "Inscrire sur une période"

    child_ids = fields.Many2many("periscolaire.child", string="Enfants", required=True)
    household_ids = fields.Many2many(
        "periscolaire.family", string="Foyers des enfants", compute="_compute_household_ids"
    )
    has_shared_child = fields.Boolean(
        string="Un enfant a deux foyers", compute="_compute_household_ids"
    )
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Foyer qui réserve",
        domain="[('id', 'in', household_ids)]",
        help="Pour un enfant de parents séparés. Vide : chaque jour va au foyer dont c'est le "
        "jour selon le mode de garde, les jours libres au premier foyer.",
    )
    activity_id = fields.Many2one("periscolaire.activity", string="Activité", required=True)
    action = fields.Selection(
        [("book", "Inscrire"), ("cancel", "Désinscrire")],
        required=True,
        default="book",
    )
    date_from = fields.Date(string="Du", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Au", required=True)
    frequency = fields.Selection(
        [
            (recurrence.Frequency.EVERY.value, "Toutes les semaines"),
            (recurrence.Frequency.EVEN.value, "Semaines paires"),
            (recurrence.Frequency.ODD.value, "Semaines impaires"),
        ],
        string="Fréquence",
        required=True,
        default=recurrence.Frequency.EVERY.value,
    )
    mon = fields.Boolean(string="Lundi", compute="_compute_weekdays", store=True, readonly=False)
    tue = fields.Boolean(string="Mardi", compute="_compute_weekdays", store=True, readonly=False)
    wed = fields.Boolean(string="Mercredi", compute="_compute_weekdays", store=True, readonly=False)
    thu = fields.Boolean(string="Jeudi", compute="_compute_weekdays", store=True, readonly=False)
    fri = fields.Boolean(string="Vendredi", compute="_compute_weekdays", store=True, readonly=False)
    sat = fields.Boolean(string="Samedi", compute="_compute_weekdays", store=True, readonly=False)
    sun = fields.Boolean(string="Dimanche", compute="_compute_weekdays", store=True, readonly=False)
    validate_now = fields.Boolean(
        string="Valider tout de suite",
        default=True,
        help="Valider la demande selon les places libres sans attendre le traitement de nuit.",
    )

    @api.depends("child_ids")
    def _compute_household_ids(self):
        for wizard in self:
            wizard.household_ids = wizard.child_ids.family_ids
            wizard.has_shared_child = any(wizard.child_ids.mapped("second_family_id"))

    @api.depends("activity_id")
    def _compute_weekdays(self):
        for wizard in self:
            for name in WEEKDAY_FIELDS:
                wizard[name] = wizard.activity_id[name] if wizard.activity_id else False

    @api.onchange("activity_id")
    def _onchange_activity_id(self):
        if self.activity_id and not self.date_to:
            self.date_to = self.activity_id.date_end

    def _get_days(self):
        self.ensure_one()
        weekdays = [name for name in WEEKDAY_FIELDS if self[name]]
        try:
            days = recurrence.concerned_days(self.date_from, self.date_to, weekdays, self.frequency)
        except RuleError as error:
            raise UserError(rule_text(self.env, error.message)) from error
        open_days = set(self.activity_id._get_open_days(self.date_from, self.date_to))
        return [day for day in days if day in open_days]

    def action_confirm(self):
        self.ensure_one()
        requests = self.env["periscolaire.request"]._create_staff_request(
            self.child_ids,
            self.activity_id,
            self._get_days(),
            action=self.action,
            validate=self.validate_now,
            family=self.family_id,
        )
        if not requests:
            raise UserError(self.env._("Aucun jour à modifier sur cette période."))
        if len(requests) > 1:
            # One request per household of a child of separated parents.
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Demandes"),
                "res_model": "periscolaire.request",
                "domain": [("id", "in", requests.ids)],
                "view_mode": "list,form",
                "target": "current",
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "periscolaire.request",
            "res_id": requests.id,
            "view_mode": "form",
            "target": "current",
        }
