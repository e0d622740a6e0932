# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..rules import documents as rules


class PeriscolaireDocument(models.Model):
    _name = "periscolaire.document"
    _description = "Document d'une famille"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "family_id, type_sequence, child_id, id"

    name = fields.Char(string="Nom", compute="_compute_name", store=True)
    family_id = fields.Many2one(
        "periscolaire.family",
        string="Famille",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    child_id = fields.Many2one(
        "periscolaire.child",
        string="Enfant",
        index=True,
        ondelete="cascade",
        domain="[('family_ids', '=', family_id)]",
        help="Vide pour un document du référent de la famille.",
    )
    member_name = fields.Char(string="Membre", compute="_compute_member_name")
    type_id = fields.Many2one(
        "periscolaire.document.type",
        required=True,
        index=True,
        ondelete="restrict",
    )
    type_target = fields.Selection(related="type_id.target")
    type_sequence = fields.Integer(related="type_id.sequence", store=True)
    blocking = fields.Boolean(related="type_id.blocking", string="Bloquant")
    company_id = fields.Many2one(
        related="family_id.company_id", store=True, index=True, string="Société"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "periscolaire_document_ir_attachment_rel",
        "document_id",
        "attachment_id",
        string="Fichiers",
    )
    state = fields.Selection(
        [
            (rules.DocumentState.TO_PROVIDE, "À fournir"),
            (rules.DocumentState.TO_CHECK, "À vérifier"),
            (rules.DocumentState.VALIDATED, "Validé"),
            (rules.DocumentState.REFUSED, "Refusé"),
            (rules.DocumentState.EXPIRED, "Expiré"),
        ],
        string="État",
        required=True,
        default=rules.DocumentState.TO_PROVIDE,
        index=True,
        tracking=True,
        copy=False,
    )
    submitted_on = fields.Datetime(string="Envoyé le", copy=False, tracking=True)
    validated_on = fields.Date(string="Validé le", copy=False, tracking=True)
    validated_by_id = fields.Many2one("res.users", string="Validé par", copy=False, tracking=True)
    refuse_reason = fields.Char(string="Motif du refus", copy=False, tracking=True)
    expiry_date = fields.Date(
        string="Valable jusqu'au",
        copy=False,
        index=True,
        tracking=True,
        help="Dernier jour de validité, calculé à la validation selon le type de document ; "
        "modifiable (par exemple pour un document déposé en été pour l'année scolaire suivante).",
    )
    reminder_sent_for = fields.Date(
        string="Rappel envoyé pour l'échéance",
        copy=False,
        readonly=True,
        help="Échéance pour laquelle la famille a déjà reçu le rappel d'expiration.",
    )
    status_label = fields.Char(string="Statut", compute="_compute_status_label")
    notified_partner_ids = fields.Many2many(
        "res.partner",
        string="Référents prévenus",
        compute="_compute_notified_partner_ids",
        help="Le référent du foyer ; pour un document partagé d'un enfant de parents séparés, "
        "les référents des deux foyers.",
    )

    @api.depends("type_id.name", "child_id.name", "family_id.referent_id.name")
    def _compute_name(self):
        for doc in self:
            doc.name = f"{doc.type_id.name or ''} — {doc._member_display_name()}"

    @api.depends("child_id.name", "family_id.referent_id.name")
    def _compute_member_name(self):
        for doc in self:
            doc.member_name = doc._member_display_name()

    @api.depends("state", "validated_on", "refuse_reason", "expiry_date")
    def _compute_status_label(self):
        today = fields.Date.context_today(self)
        for doc in self:
            doc.status_label = rules.cell_label(
                doc.state, today, doc.validated_on, doc.refuse_reason, doc.expiry_date
            )

    @api.depends("family_id.referent_id", "child_id.second_family_id", "type_id.per_household")
    def _compute_notified_partner_ids(self):
        for doc in self:
            families = doc.family_id
            if doc.child_id and not doc.type_id.per_household:
                families |= doc.child_id.family_ids
            doc.notified_partner_ids = families.referent_id

    def _member_display_name(self):
        self.ensure_one()
        return self.child_id.name or self.family_id.referent_id.name or ""

    def init(self):
        # NULL child_id (référent documents) must collide too, hence COALESCE.
        tools.create_unique_index(
            self._cr,
            "periscolaire_document_member_type_uniq",
            self._table,
            ["family_id", "type_id", "COALESCE(child_id, 0)"],
        )

    @api.constrains("family_id", "child_id", "type_id")
    def _check_member(self):
        for doc in self:
            # A child's document is kept once, by its first household, unless each
            # household gives its own (proof of address): validated once, seen by both.
            owners = (
                doc.child_id.family_ids if doc.type_id.per_household else doc.child_id.family_id
            )
            if doc.child_id and doc.family_id not in owners:
                raise ValidationError(
                    self.env._(
                        "L'enfant %(child)s n'appartient pas à la famille %(family)s.",
                        child=doc.child_id.name,
                        family=doc.family_id.name,
                    )
                )
            if doc.type_id.target == rules.MemberKind.CHILD and not doc.child_id:
                raise ValidationError(
                    self.env._(
                        "Le document « %s » se fournit pour chaque enfant : choisissez l'enfant.",
                        doc.type_id.name,
                    )
                )
            if doc.type_id.target == rules.MemberKind.REFERENT and doc.child_id:
                raise ValidationError(
                    self.env._(
                        "Le document « %s » concerne le référent de la famille, pas un enfant.",
                        doc.type_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        for doc in documents.filtered(
            lambda d: (
                d.state == rules.DocumentState.VALIDATED and d.validated_on and not d.expiry_date
            )
        ):
            doc.expiry_date = doc.type_id._compute_expiry_date(doc.validated_on)
        documents._link_attachments()
        return documents

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._link_attachments()
        return res

    def _link_attachments(self):
        """Attach uploaded files that belong to no record yet to their document.

        Attachment access then follows the document's access (and its record rules).
        """
        for doc in self:
            orphans = doc.attachment_ids.filtered(
                lambda a: not a.res_id and a.res_model in (False, self._name)
            )
            if orphans:
                orphans.sudo().write({"res_model": self._name, "res_id": doc.id})

    def _get_status(self):
        self.ensure_one()
        return rules.DocumentStatus(
            state=self.state,
            validated_on=self.validated_on,
            refuse_reason=self.refuse_reason,
            expiry_date=self.expiry_date,
        )

    # ------------------------------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------------------------------

    def action_validate(self):
        to_validate = self.filtered(lambda d: d.state != rules.DocumentState.VALIDATED)
        if not to_validate:
            raise UserError(self.env._("Les documents sélectionnés sont déjà validés."))
        today = fields.Date.context_today(self)
        for doc_type, docs in to_validate.grouped("type_id").items():
            docs.write(
                {
                    "state": rules.DocumentState.VALIDATED,
                    "validated_on": today,
                    "validated_by_id": self.env.uid,
                    "refuse_reason": False,
                    "expiry_date": doc_type._compute_expiry_date(today),
                    "reminder_sent_for": False,
                }
            )
        return True

    def action_refuse(self, reason):
        """Refuse the documents for ``reason`` and tell each family by mail."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Indiquez le motif du refus : il est envoyé à la famille."))
        not_refusable = self.filtered(
            lambda d: d.state not in (rules.DocumentState.TO_CHECK, rules.DocumentState.VALIDATED)
        )
        if not_refusable:
            raise UserError(
                self.env._(
                    "Seul un document à vérifier ou validé peut être refusé : %s",
                    ", ".join(not_refusable.mapped("name")),
                )
            )
        self.write(
            {
                "state": rules.DocumentState.REFUSED,
                "refuse_reason": reason,
                "validated_on": False,
                "validated_by_id": False,
                "expiry_date": False,
                "reminder_sent_for": False,
            }
        )
        template = self.env.ref(
            "periscolaire_portal.mail_template_document_refused", raise_if_not_found=False
        )
        if template:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True

    def action_open_refuse_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuser le document"),
            "res_model": "periscolaire.document.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_document_ids": self.ids},
        }

    def action_reset_to_provide(self):
        self.write(
            {
                "state": rules.DocumentState.TO_PROVIDE,
                "validated_on": False,
                "validated_by_id": False,
                "expiry_date": False,
                "reminder_sent_for": False,
            }
        )
        return True

    # ------------------------------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------------------------------

    def _submit_files(self, files):
        """Store files sent by the family and put the document to check.

        :param files: list of dicts with ``name`` and ``raw`` (bytes); the type is read from the
            content, never taken from the browser
        May be called as the portal user: read access to the document (its record rules) is
        checked first, then the write is done as superuser. Only a document that the portal
        offers to send (missing, refused, expired or expiring soon) accepts files: a validated
        one is not put back to check.
        """
        self.ensure_one()
        self.check_access("read")
        if not rules.accepts_upload(self.state, self.expiry_date, fields.Date.context_today(self)):
            raise UserError(
                self.env._(
                    "« %(document)s » (%(status)s) n'attend pas de nouveau fichier.",
                    document=self.type_id.name,
                    status=self.status_label,
                )
            )
        if not files:
            raise UserError(self.env._("Choisissez au moins un fichier à envoyer."))
        doc = self.sudo()
        attachments = self.env["ir.attachment"]._periscolaire_create_uploads(
            self, files, default_name=self.type_id.name
        )
        doc.write(
            {
                "attachment_ids": [fields.Command.set(attachments.ids)],
                "state": rules.DocumentState.TO_CHECK,
                "submitted_on": fields.Datetime.now(),
                "refuse_reason": False,
            }
        )
        doc.message_post(
            body=self.env._("Document envoyé par la famille."),
            attachment_ids=attachments.ids,
            author_id=self.env.user.partner_id.id,
        )
        return True

    # ------------------------------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------------------------------

    @api.model
    def _cron_check_expiry(self):
        """Mark outdated documents expired and remind families 30 days before expiry.

        Each reminder is sent once per expiry date, so running it again sends nothing.
        """
        today = fields.Date.context_today(self)
        self.search(
            [
                ("state", "=", rules.DocumentState.VALIDATED),
                ("expiry_date", "<", today),
            ]
        ).write({"state": rules.DocumentState.EXPIRED})

        expiring = self.search(
            [
                ("state", "=", rules.DocumentState.VALIDATED),
                ("expiry_date", ">=", today),
                ("expiry_date", "<=", today + timedelta(days=rules.REMINDER_DAYS)),
            ]
        )
        due = expiring.filtered(
            lambda d: rules.reminder_due(d.state, d.expiry_date, today, d.reminder_sent_for)
        )
        if not due:
            return
        template = self.env.ref(
            "periscolaire_portal.mail_template_document_expiring", raise_if_not_found=False
        )
        if template:
            # A shared document of a child of separated parents concerns both households.
            shared = due.filtered(lambda d: d.child_id and not d.type_id.per_household)
            families = due.family_id | shared.child_id.second_family_id
            families.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        for expiry_date, docs in due.grouped("expiry_date").items():
            docs.write({"reminder_sent_for": expiry_date})
