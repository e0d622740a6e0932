# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import date

from psycopg2 import Error as DatabaseError

from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, UserError, ValidationError

_logger = logging.getLogger(__name__)

CRON_BATCH = 100
#: Field types that may hold personal data and are emptied on anonymisation.
PERSONAL_TYPES = frozenset(
    {"char", "text", "html", "binary", "date", "datetime", "selection", "integer", "float"}
)
ANONYMOUS_CHILD_FIRST_NAME = "Enfant"
#: What a payer's record says about the person (country and language stay).
PARTNER_CONTACT_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "title",
    "function",
    "website",
    "comment",
    "vat",
    "ref",
    "company_registry",
    "image_1920",
)
NO_TRACKING = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}


def _personal_values(record, keep=()):
    """Values that erase what ``record`` says about a person: its stored, non-computed fields
    whose type may hold personal data are emptied, or set back to their default when they
    are required (a diet, a choice…); ``keep`` and the retention fields stay."""
    names = [
        name
        for name, field in record._fields.items()
        if field.type in PERSONAL_TYPES
        and field.store
        and not field.compute
        and not field.related
        and not name.startswith(("retention_", "__"))
        and name not in keep
        and name not in models.MAGIC_COLUMNS
    ]
    defaults = record.default_get([name for name in names if record._fields[name].required])
    return {
        name: defaults[name] if record._fields[name].required else False
        for name in names
        if not record._fields[name].required or name in defaults
    }


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    # ------------------------------------------------------------------
    # Documents and health data
    # ------------------------------------------------------------------
    def _retention_purge_documents(self):
        """Delete the documents the family sent, the medical certificates, the health data
        of its children and the people allowed to pick them up."""
        families = self.sudo().with_context(active_test=False, **NO_TRACKING)
        families._retention_release_shared_children()
        documents = families.document_ids
        attachments = documents.attachment_ids | families._attachments_of(documents)
        attachments |= families.reservation_ids.justification_ids
        attachments |= families.request_ids.justification_ids
        children = families.child_ids
        pickups = self.env["periscolaire.pickup.person"].with_context(active_test=False)
        (children.pickup_person_ids | pickups.search([("family_id", "in", families.ids)])).unlink()
        children.write({"allergies": False, "has_pai": False})
        families._messages_of(children, tracked=("allergies", "has_pai")).unlink()
        documents.unlink()
        attachments.exists().unlink()
        families.request_ids.write({"exception_comment": False})
        families.write({"retention_documents_purged_on": fields.Date.context_today(self)})

    def _retention_release_shared_children(self):
        """A child of separated parents stays with its other household while that one is
        still here: it leaves these households with the documents both shared (vaccines,
        health form…); what these households gave themselves (pickup persons, proof of
        address) is deleted with their data."""
        families = self.with_context(active_test=False)
        for child in (families.child_ids | families.second_child_ids).filtered("second_family_id"):
            remaining = (child.family_ids - families).filtered(
                lambda family: not family.retention_anonymised_on
            )
            if not remaining:
                continue
            if child.family_id in families:
                shared = child.document_ids.filtered(
                    lambda doc, owner=child.family_id: (
                        doc.family_id == owner and not doc.type_id.per_household
                    )
                )
                child.write({"family_id": remaining.id, "second_family_id": False})
                shared.write({"family_id": remaining.id})
            else:
                child.second_family_id = False

    def _attachments_of(self, records):
        return self.env["ir.attachment"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )

    def _messages_of(self, records, tracked=None):
        """Messages posted on ``records``; with ``tracked`` field names, only those that
        track one of them."""
        domain = [("model", "=", records._name), ("res_id", "in", records.ids)]
        if tracked:
            domain.append(("tracking_value_ids.field_id.name", "in", list(tracked)))
        return self.env["mail.message"].search(domain)

    # ------------------------------------------------------------------
    # Anonymisation
    # ------------------------------------------------------------------
    def _retention_anonymise(self):
        """Replace the names and contact data of the family, its children and its payers;
        its invoices keep their amounts and numbers."""
        for family in self.sudo().with_context(active_test=False, **NO_TRACKING):
            if not family.retention_documents_purged_on:
                family._retention_purge_documents()
            family._retention_release_shared_children()
            partners = family._retention_own_partners()
            children = family.child_ids
            moves = family.env["account.move"].search(
                [
                    "|",
                    ("periscolaire_family_id", "=", family.id),
                    ("partner_id", "in", partners.ids),
                ]
            )
            family._retention_anonymise_invoices(moves, children)
            family._forget(
                family,
                children,
                moves,
                family.request_ids,
                family.reservation_ids,
                family.attestation_ids,
                family.penalty_ids,
            )
            for child in children:
                birth = child.birth_date
                child.write(
                    {
                        **_personal_values(child, keep=("birth_date",)),
                        "first_name": ANONYMOUS_CHILD_FIRST_NAME,
                        "last_name": family.env._("ANONYME %s", child.id),
                        # the year stays for statistics (age bands of the CAF)
                        "birth_date": date(birth.year, 1, 1) if birth else False,
                        "active": False,
                    }
                )
            family._retention_anonymise_partners(partners)
            family.write(
                {
                    **_personal_values(family),
                    "name": family.env._("Famille anonymisée %s", family.id),
                    "active": False,
                    "retention_anonymised_on": fields.Date.context_today(family),
                }
            )

    def _retention_own_partners(self):
        """The family's adults that no other family still alive shares, and that are not
        users of the back office."""
        self.ensure_one()
        partners = self.referent_id | self.adult_ids
        others = self.search(
            [
                ("id", "!=", self.id),
                ("retention_anonymised_on", "=", False),
                "|",
                ("referent_id", "in", partners.ids),
                ("adult_ids", "in", partners.ids),
            ]
        )
        shared = others.referent_id | others.adult_ids
        internal = partners.filtered(lambda p: p.user_ids.filtered(lambda u: not u.share))
        companies = self.env["res.company"].search([("partner_id", "in", partners.ids)])
        return partners - shared - internal - companies.partner_id

    def _retention_anonymise_partners(self, partners):
        for user in partners.user_ids:
            user.write({"active": False, "login": f"anonyme-{user.id}"})
        # active_test: archiving a contact checks that no *active* user is left on it.
        for partner in partners.with_context(active_test=True):
            partner.write(
                {
                    **{name: False for name in PARTNER_CONTACT_FIELDS if name in partner._fields},
                    "name": self.env._("Anonyme %s", partner.id),
                    "active": False,
                }
            )
        self._forget(partners)

    def _retention_anonymise_invoices(self, moves, children):
        """Invoice lines name the child by first name: write "Enfant" instead, where the
        journal's inalterability (hash) allows it; amounts and numbers stay."""
        for move in moves.filtered(lambda m: not m.inalterable_hash):
            for line in move.invoice_line_ids.filtered("periscolaire_child_id"):
                child = line.periscolaire_child_id
                if child in children and line.name:
                    first_name = child._get_billing_first_name()
                    line.name = line.name.replace(first_name, ANONYMOUS_CHILD_FIRST_NAME)

    def _forget(self, *record_sets):
        """Delete the messages (with their tracked old values) and the attachments of the
        records; the accounting audit trail, when the town keeps one, is left as it is."""
        for records in record_sets:
            if not records:
                continue
            try:
                with self.env.cr.savepoint():
                    self._messages_of(records).unlink()
                    self._attachments_of(records).unlink()
            except UserError as error:
                _logger.info("Conservation : historique de %s gardé (%s)", records._name, error)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _retention_due_domains(self):
        today = fields.Date.context_today(self)
        alive = [("retention_hold", "=", False), ("retention_anonymised_on", "=", False)]
        return (
            alive + [("retention_anonymise_date", "<", today)],
            alive
            + [
                ("retention_documents_purged_on", "=", False),
                ("retention_documents_date", "<", today),
            ],
        )

    @api.model
    def _cron_retention(self, batch_size=CRON_BATCH):
        """Bring the retention dates up to date, then anonymise the families due and delete
        the documents of those due: one batch per call, the scheduled action calling again
        while some remain, with its progress. A family that fails is put on hold with the
        reason, so that the others go on. Returns how many remain."""
        families = self.with_context(active_test=False)
        families.search([("retention_anonymised_on", "=", False)])._retention_refresh()
        anonymise_domain, documents_domain = families._retention_due_domains()
        to_anonymise = families.search(anonymise_domain, order="retention_anonymise_date, id")
        to_purge = families.search(documents_domain, order="retention_documents_date, id")
        to_purge -= to_anonymise
        batch = (to_anonymise | to_purge)[:batch_size]
        for family in batch:
            try:
                with self.env.cr.savepoint():
                    if family in to_anonymise:
                        family._retention_anonymise()
                    else:
                        family._retention_purge_documents()
            except (UserError, ValidationError, RedirectWarning, DatabaseError) as error:
                _logger.warning("Conservation : famille %s suspendue (%s)", family.id, error)
                family.write(
                    {
                        "retention_hold": True,
                        "retention_hold_reason": self.env._("Erreur : %s", error),
                    }
                )
        remaining = len(to_anonymise | to_purge) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return remaining
