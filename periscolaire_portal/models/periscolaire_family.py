# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class PeriscolaireFamily(models.Model):
    _name = "periscolaire.family"
    _description = "Famille"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

    name = fields.Char(string="Nom de la famille", required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        default=lambda self: self.env.company,
    )
    referent_id = fields.Many2one(
        "res.partner",
        string="Référent",
        required=True,
        index=True,
        tracking=True,
        help="Le contact qui reçoit les mails et se connecte au portail familles.",
    )
    adult_ids = fields.Many2many(
        "res.partner",
        "periscolaire_family_adult_rel",
        "family_id",
        "partner_id",
        string="Autres responsables",
    )
    child_ids = fields.One2many("periscolaire.child", "family_id", string="Enfants")
    second_child_ids = fields.One2many(
        "periscolaire.child",
        "second_family_id",
        string="Enfants dont c'est le second foyer",
        help="Enfants de parents séparés inscrits dans un autre foyer, dont cette famille est "
        "le foyer de l'autre parent.",
    )
    household_child_ids = fields.Many2many(
        "periscolaire.child",
        string="Enfants du foyer",
        compute="_compute_household_child_ids",
        help="Les enfants de la famille et ceux dont elle est le second foyer (garde partagée).",
    )
    email = fields.Char(related="referent_id.email", readonly=False)
    phone = fields.Char(related="referent_id.phone", readonly=False)
    street = fields.Char(related="referent_id.street", readonly=False)
    zip = fields.Char(related="referent_id.zip", readonly=False)
    city = fields.Char(related="referent_id.city", readonly=False)
    is_resident = fields.Boolean(string="Habite la commune", default=True, tracking=True)
    qf = fields.Integer(string="Quotient familial", tracking=True)
    qf_date_start = fields.Date(string="QF valable du", tracking=True)
    qf_date_end = fields.Date(string="QF valable jusqu'au", tracking=True)
    qf_source = fields.Selection(
        [("caf", "CAF"), ("msa", "MSA"), ("other", "Autre")],
        string="Source du QF",
        tracking=True,
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Utilisateurs du portail",
        compute="_compute_user_ids",
        compute_sudo=True,
    )
    has_portal_access = fields.Boolean(
        string="Accès au portail", compute="_compute_user_ids", compute_sudo=True
    )
    request_ids = fields.One2many("periscolaire.request", "family_id", string="Demandes")
    reservation_ids = fields.One2many(
        "periscolaire.reservation", "family_id", string="Réservations"
    )
    child_count = fields.Integer(string="Nombre d'enfants", compute="_compute_counts")
    request_count = fields.Integer(string="Nombre de demandes", compute="_compute_counts")
    reservation_count = fields.Integer(string="Nombre de réservations", compute="_compute_counts")

    @api.depends("child_ids", "second_child_ids")
    @api.depends_context("active_test")
    def _compute_household_child_ids(self):
        for family in self:
            children = family.child_ids | family.second_child_ids
            family.household_child_ids = children.sorted(
                lambda child: (child.last_name or "", child.first_name or "", child.id)
            )

    @api.depends("referent_id.user_ids", "adult_ids.user_ids")
    def _compute_user_ids(self):
        for family in self:
            users = (family.referent_id | family.adult_ids).user_ids.filtered("share")
            family.user_ids = users
            family.has_portal_access = bool(users & family.referent_id.user_ids)

    def _compute_counts(self):
        confirmed = dict(
            self.env["periscolaire.reservation"]._read_group(
                [("family_id", "in", self._origin.ids), ("state", "=", "confirmed")],
                ["family_id"],
                ["__count"],
            )
        )
        for family in self:
            family.child_count = len(family.household_child_ids)
            family.request_count = len(family.request_ids)
            family.reservation_count = confirmed.get(family._origin, 0)

    @api.constrains("qf", "qf_date_start", "qf_date_end")
    def _check_qf(self):
        for family in self:
            if family.qf < 0:
                raise ValidationError(self.env._("Le quotient familial ne peut pas être négatif."))
            if (
                family.qf_date_start
                and family.qf_date_end
                and family.qf_date_end < family.qf_date_start
            ):
                raise ValidationError(self.env._("La fin de validité du QF doit suivre son début."))

    @api.model_create_multi
    def create(self, vals_list):
        families = super().create(vals_list)
        for family in families:
            family.message_subscribe(partner_ids=family.referent_id.ids)
        return families

    def write(self, vals):
        res = super().write(vals)
        if vals.get("referent_id"):
            for family in self:
                family.message_subscribe(partner_ids=family.referent_id.ids)
        return res

    @api.model
    def _get_portal_family(self):
        """The family of the logged-in portal user (référent or other adult)."""
        partner = self.env.user.partner_id
        return self.search(
            ["|", ("referent_id", "=", partner.id), ("adult_ids", "in", partner.ids)],
            limit=1,
        )

    def _get_family_partners(self):
        self.ensure_one()
        return self.referent_id | self.adult_ids

    # ------------------------------------------------------------------
    # Portal access
    # ------------------------------------------------------------------
    def action_grant_portal_access(self):
        """Create (or reactivate) the référent's portal user and mail them an
        invitation: portal address, login and a link to choose their password."""
        for family in self:
            referent = family.referent_id
            if not referent.email:
                raise UserError(
                    self.env._(
                        "Le référent %s n'a pas d'adresse e-mail : impossible de lui "
                        "donner accès au portail.",
                        referent.display_name,
                    )
                )
            if referent.user_ids.filtered(lambda user: not user.share):
                raise UserError(
                    self.env._(
                        "%s est un utilisateur interne : il n'a pas besoin d'accès au portail.",
                        referent.display_name,
                    )
                )
            wizard = (
                self.env["portal.wizard"]
                .sudo()
                .create({"partner_ids": [Command.set(referent.ids)]})
            )
            wizard_user = wizard.user_ids.filtered(
                lambda line, partner=referent: line.partner_id == partner
            )
            wizard_user = wizard_user.with_context(periscolaire_family_id=family.id)
            if wizard_user.is_portal:
                wizard_user.action_invite_again()
            else:
                wizard_user.action_grant_access()
            family.message_post(
                body=self.env._(
                    "Accès au portail donné à %(name)s (identifiant : %(login)s) ; "
                    "invitation envoyée.",
                    name=referent.display_name,
                    login=referent.sudo().user_ids[:1].login,
                )
            )
        return True

    def _send_invitation(self, user):
        """Mail ``user`` the town's invitation (called by the portal wizard)."""
        self.ensure_one()
        partner = user.sudo().partner_id
        if not partner.signup_type:
            partner.signup_prepare()
        signup_url = partner._get_signup_url_for_action()[partner.id]
        template = self.env.ref("periscolaire_portal.mail_template_family_invitation")
        template.sudo().with_context(
            lang=partner.lang or self.env.lang,
            invited_login=user.login,
            invited_name=partner.name,
            signup_url=signup_url,
            portal_url=f"{self.get_base_url()}/my",
        ).send_mail(
            self.id,
            force_send=False,
            email_values={"recipient_ids": [Command.set(partner.ids)]},
        )

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_children(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_portal.periscolaire_child_action"
        )
        action["domain"] = [("family_ids", "=", self.id)]
        action["context"] = {"default_family_id": self.id}
        return action

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_portal.periscolaire_request_action"
        )
        action["domain"] = [("family_id", "=", self.id)]
        action["context"] = {"default_family_id": self.id}
        return action

    def action_view_reservations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_portal.periscolaire_reservation_action"
        )
        action["domain"] = [("family_id", "=", self.id)]
        action["context"] = {"search_default_confirmed": 1}
        return action

    def action_open_booking_wizard(self):
        """The staff's booking wizard for all the family's children."""
        self.ensure_one()
        return self.household_child_ids.action_open_booking_wizard()
