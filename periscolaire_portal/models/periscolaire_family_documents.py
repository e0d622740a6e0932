# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..rules import documents as rules
from ..rules.i18n import join
from ..texts import rule_text

REFERENT_KEY = "referent"


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    document_ids = fields.One2many("periscolaire.document", "family_id", string="Documents")
    document_count = fields.Integer(string="Nombre de documents", compute="_compute_document_count")
    document_alert_count = fields.Integer(
        string="Documents en alerte",
        compute="_compute_document_alert_count",
        help="Documents à fournir, refusés, expirés ou qui expirent dans les 30 jours.",
    )
    document_expiring_ids = fields.Many2many(
        "periscolaire.document",
        string="Documents qui expirent bientôt",
        compute="_compute_document_expiring_ids",
    )

    def _compute_document_count(self):
        Document = self.env["periscolaire.document"]
        for family in self:
            family.document_count = Document.search_count(family._household_document_domain())

    def _compute_document_alert_count(self):
        for family in self:
            family.document_alert_count = family._get_document_alert_table()["alert_count"]

    def _compute_document_expiring_ids(self):
        today = fields.Date.context_today(self)
        for family in self:
            family.document_expiring_ids = family._household_documents().filtered(
                lambda d: rules.is_expiring(d.state, d.expiry_date, today)
            )

    # ------------------------------------------------------------------------------------------
    # Gathering data for the rules core
    # ------------------------------------------------------------------------------------------

    def _household_document_domain(self):
        """The documents of the household: its own (référent's, and its children's) and the
        shared documents of the children it has with another household."""
        self.ensure_one()
        return [
            "|",
            ("family_id", "=", self.id),
            "&",
            ("child_id.second_family_id", "=", self.id),
            ("type_id.per_household", "=", False),
        ]

    def _household_documents(self):
        self.ensure_one()
        return self.env["periscolaire.document"].search(self._household_document_domain())

    def _document_members(self, children=None):
        """Rules-core members: the référent, then the children (all of them by default)."""
        self.ensure_one()
        children = self.household_child_ids if children is None else children
        members = [
            rules.Member(REFERENT_KEY, self.referent_id.name or "", rules.MemberKind.REFERENT)
        ]
        members += [
            rules.Member(child.id, child.name or "", rules.MemberKind.CHILD) for child in children
        ]
        return members

    def _document_records_by_key(self):
        self.ensure_one()
        return {
            (doc.type_id.id, doc.child_id.id or REFERENT_KEY): doc
            for doc in self._household_documents()
        }

    def _document_types(self):
        # A handful of types per town: reading them all is the point.
        return self.env["periscolaire.document.type"].search([])  # pylint: disable=no-search-all

    # ------------------------------------------------------------------------------------------
    # API for the portal and the booking code
    # ------------------------------------------------------------------------------------------

    def _get_document_alert_table(self, today=None):
        """The "Mes alertes" table of the portal, ready for QWeb.

        Returns a dict: ``columns`` (list of dicts: ``name``, ``child`` record or empty for the
        référent), ``rows`` (list of dicts: ``type`` record and ``cells``, one per column, each
        None where the type does not concern that member, else a dict with ``label``, ``state``,
        ``needs_upload``, ``is_alert``, ``child`` and ``document``, the stored document or an
        empty recordset when none exists yet) and ``alert_count``.
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        types = self._document_types()
        records = self._document_records_by_key()
        table = rules.alert_table(
            [t._as_rule() for t in types],
            self._document_members(),
            {key: doc._get_status() for key, doc in records.items()},
            today,
        )
        child_model = self.env["periscolaire.child"]
        doc_model = self.env["periscolaire.document"]
        type_by_id = {t.id: t for t in types}

        def member_child(member):
            return (
                child_model.browse(member.key)
                if member.kind == rules.MemberKind.CHILD
                else child_model
            )

        columns = [{"name": m.name, "child": member_child(m)} for m in table.columns]
        rows = []
        for row in table.rows:
            cells = []
            for member, cell in zip(table.columns, row.cells, strict=True):
                if cell is None:
                    cells.append(None)
                    continue
                cells.append(
                    {
                        "label": cell.label,
                        "state": cell.state,
                        "needs_upload": cell.needs_upload,
                        "is_alert": cell.is_alert,
                        "child": member_child(member),
                        "document": records.get((row.type.key, member.key), doc_model),
                    }
                )
            rows.append({"type": type_by_id[row.type.key], "cells": cells})
        return {"columns": columns, "rows": rows, "alert_count": table.alert_count}

    def _get_blocking_documents(self, children=None, today=None):
        """Blocking documents missing, refused or expired, that prevent new bookings.

        :param children: restrict the check to these children (default: all the family's);
            référent documents always count.
        :return: list of dicts with ``type`` (document type), ``child`` (empty for the
            référent), ``document`` (empty when none was ever created), ``state``
            (to_provide / refused / expired) and ``message`` (French, for the parent).
            An empty list means nothing blocks.
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        types = self._document_types().filtered("blocking")
        if not types:
            return []
        records = self._document_records_by_key()
        blockers = rules.blocking_documents(
            [t._as_rule() for t in types],
            self._document_members(children),
            {key: doc._get_status() for key, doc in records.items()},
            today,
        )
        child_model = self.env["periscolaire.child"]
        return [
            {
                "type": types.browse(b.type.key),
                "child": child_model.browse(b.member.key)
                if b.member.kind == rules.MemberKind.CHILD
                else child_model,
                "document": records.get(
                    (b.type.key, b.member.key), self.env["periscolaire.document"]
                ),
                "state": b.state,
                "message": b.message,
            }
            for b in blockers
        ]

    def _check_blocking_documents(self, children=None, today=None):
        """Raise a French UserError listing what blocks new bookings, if anything does."""
        for family in self:
            blockers = family._get_blocking_documents(children, today)
            if blockers:
                raise UserError(
                    self.env._(
                        "Réservation impossible tant que ces documents ne sont pas fournis et "
                        "validés : %s.",
                        rule_text(self.env, join(" ; ", [b["message"] for b in blockers])),
                    )
                )

    def _get_document_for(self, doc_type, child=None):
        """The family's document of this type for this member, created "to provide" if missing.

        Used by the portal upload: the caller must be allowed to read the family.
        """
        self.ensure_one()
        self.check_access("read")
        child = child or self.env["periscolaire.child"]
        if child and self not in child.family_ids:
            raise UserError(self.env._("Cet enfant n'appartient pas à votre famille."))
        owner = self._document_owner(doc_type, child)
        document = (
            self.env["periscolaire.document"]
            .sudo()
            .search(
                [
                    ("family_id", "=", owner.id),
                    ("type_id", "=", doc_type.id),
                    ("child_id", "=", child.id),
                ],
                limit=1,
            )
        )
        if not document:
            document = (
                self.env["periscolaire.document"]
                .sudo()
                .create({"family_id": owner.id, "child_id": child.id, "type_id": doc_type.id})
            )
        return document.sudo(False)

    def _document_owner(self, doc_type, child):
        """The household that keeps the document of ``doc_type`` for ``child`` (empty: the
        référent's): a shared child document is kept by the child's first household."""
        self.ensure_one()
        if child and not doc_type.per_household:
            return child.family_id
        return self

    # ------------------------------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------------------------------

    def action_create_missing_documents(self):
        """Create a "to provide" document for every type and member that has none yet."""
        vals_list = []
        types = self._document_types()
        for family in self:
            existing = family._document_records_by_key()
            for doc_type in types:
                for member in family._document_members():
                    key = (doc_type.id, member.key)
                    if doc_type.target == member.kind and key not in existing:
                        child = self.env["periscolaire.child"].browse(
                            member.key if member.kind == rules.MemberKind.CHILD else False
                        )
                        vals_list.append(
                            {
                                "family_id": family._document_owner(doc_type, child).id,
                                "child_id": child.id,
                                "type_id": doc_type.id,
                            }
                        )
        self.env["periscolaire.document"].create(vals_list)
        return True

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_portal.action_periscolaire_document"
        )
        action["domain"] = self._household_document_domain()
        action["context"] = {"default_family_id": self.id, "search_default_group_by_child": 1}
        return action
