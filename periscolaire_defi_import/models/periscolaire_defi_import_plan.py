# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an import of a DEFI export would do: records matched, records to create, rows
refused. Computed from the database with a handful of queries for the whole file."""

from dataclasses import dataclass, field

from odoo import Command, api, models

from odoo.addons.periscolaire_portal.rules import documents as rules_documents

from ..defi import reader


@dataclass
class FamilyPlan:
    parsed: reader.Family
    family: object  # periscolaire.family record, empty when to create
    #: (parsed guardian, res.partner record: empty when to create)
    guardians: list = field(default_factory=list)
    #: (parsed child, periscolaire.child record: empty when to create, site record)
    children: list = field(default_factory=list)
    #: (parsed child, document type, (state, day, reason), existing document or empty)
    documents: list = field(default_factory=list)


class PeriscolaireDefiImportPlan(models.AbstractModel):
    _name = "periscolaire.defi.import.plan"
    _description = "Plan d'un import DEFI"

    @api.model
    def _document_types_by_key(self):
        types = self.env["periscolaire.document.type"].search([])  # pylint: disable=no-search-all
        by_key = {}
        for doc_type in types:
            by_key[reader.normalize(doc_type.name)] = doc_type
            by_key[reader.normalize(doc_type.code)] = doc_type
        return by_key

    @api.model
    def _read(self, content):
        """The export read with the town's document types as columns."""
        return reader.read_export(content, list(self._document_types_by_key()))

    @api.model
    def _plan(self, export):
        """``(plans, refusals)``: a :class:`FamilyPlan` per family of the export that can be
        imported, and the refusals (the reader's and those found against the database)."""
        refusals = list(export.refusals)
        children_by_key = self._existing_children(export)
        known = self._existing_partners(export)
        sites = self._sites_by_key()
        doc_types = self._document_types_by_key()
        plans = []
        for parsed in export.families:
            plan, refusal = self._plan_family(parsed, children_by_key, known, sites, doc_types)
            if refusal:
                refusals += [reader.Refusal(row, refusal) for row in sorted(parsed.rows)]
            else:
                plans.append(plan)
        return plans, sorted(refusals, key=lambda refusal: refusal.row)

    @api.model
    def _existing_children(self, export):
        births = {child.birth_date for family in export.families for child in family.children}
        children = (
            self.env["periscolaire.child"]
            .with_context(active_test=False)
            .search([("birth_date", "in", sorted(births))])
        )
        return {
            (reader.normalize(c.last_name), reader.normalize(c.first_name), c.birth_date): c
            for c in children
        }

    @api.model
    def _existing_partners(self, export):
        """``(partner by e-mail, families by partner)`` for the e-mails of the export."""
        emails = {g.email for family in export.families for g in family.guardians if g.email}
        partners = self.env["res.partner"].search([("email_normalized", "in", sorted(emails))])
        families = (
            self.env["periscolaire.family"]
            .with_context(active_test=False)
            .search(["|", ("referent_id", "in", partners.ids), ("adult_ids", "in", partners.ids)])
        )
        families_by_partner = {
            partner: families.filtered(
                lambda family, p=partner: p in family.referent_id | family.adult_ids
            )
            for partner in partners
        }
        return {partner.email_normalized: partner for partner in partners}, families_by_partner

    @api.model
    def _sites_by_key(self):
        sites = self.env["periscolaire.site"].search([])  # pylint: disable=no-search-all
        by_key = {reader.normalize(site.name): site for site in sites}
        by_key.update({reader.normalize(site.code): site for site in sites if site.code})
        return by_key

    @api.model
    def _plan_family(self, parsed, children_by_key, known, sites, doc_types):
        """``(FamilyPlan, None)`` or ``(None, French reason of the refusal)``."""
        partners_by_email, families_by_partner = known
        family_model = self.env["periscolaire.family"].with_context(active_test=False)
        matched_children = {
            child.row: children_by_key.get(
                (reader.normalize(child.last_name), reader.normalize(child.first_name),
                 child.birth_date)
            )
            for child in parsed.children
        }  # fmt: skip
        families = family_model.union(*(c.family_id for c in matched_children.values() if c))
        if not families:
            partners = [partners_by_email.get(g.email) for g in parsed.guardians if g.email]
            families = family_model.union(*(families_by_partner[p] for p in partners if p))
        if len(families) > 1:
            return None, self.env._(
                "Les enfants ou les responsables de cette adresse sont déjà dans des familles "
                "différentes (%s) : rapprochez-les à la main.",
                ", ".join(families.mapped("name")),
            )
        plan = FamilyPlan(parsed, families)
        known = families.referent_id | families.adult_ids
        for guardian in parsed.guardians:
            partner = partners_by_email.get(guardian.email) if guardian.email else None
            if not partner:
                partner = known.filtered(
                    lambda p, g=guardian: (
                        reader.normalize(p.name)
                        in (
                            reader.normalize(g.name),
                            reader.normalize(f"{g.last_name} {g.first_name}"),
                        )
                    )
                )[:1]
            plan.guardians.append((guardian, partner or self.env["res.partner"]))
        planned = set()
        for child in parsed.children:
            site = sites.get(reader.normalize(child.site)) if child.site else None
            if child.site and not site:
                return None, self.env._(
                    "Site inconnu « %(site)s » (ligne %(row)s) : créez-le ou corrigez le fichier.",
                    site=child.site,
                    row=child.row,
                )
            existing = matched_children[child.row] or self.env["periscolaire.child"]
            plan.children.append((child, existing, site or self.env["periscolaire.site"]))
            for column, state in child.documents.items():
                doc_type = doc_types[column]
                for_child = doc_type.target == rules_documents.MemberKind.CHILD
                key = (doc_type.id, child.row if for_child else 0)
                if key in planned:
                    continue  # a référent's document read again on a brother's row
                planned.add(key)
                member = existing if for_child else self.env["periscolaire.child"]
                document = self.env["periscolaire.document"]
                if families and (existing or not for_child):
                    document = families.document_ids.filtered(
                        lambda d, t=doc_type, m=member: d.type_id == t and d.child_id == m
                    )
                plan.documents.append((child, doc_type, state, document))
        return plan, None

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------
    @api.model
    def _partner_values(self, guardian, parsed):
        return {
            "name": guardian.name,
            "email": guardian.email or False,
            "mobile": guardian.mobile or False,
            "phone": guardian.work_phone or False,
            "street": parsed.street,
            "zip": parsed.zip,
            "city": parsed.city,
        }

    @api.model
    def _apply(self, plan):
        """Create what ``plan`` lacks; return the family."""
        parsed = plan.parsed
        partners = self.env["res.partner"]
        for guardian, partner in plan.guardians:
            partners |= partner or partners.create(self._partner_values(guardian, parsed))
        family = plan.family
        if not family:
            family = self.env["periscolaire.family"].create(
                {
                    "name": parsed.name,
                    "referent_id": partners[0].id,
                    "adult_ids": [Command.set(partners[1:].ids)],
                }
            )
        else:
            missing = partners - family.referent_id - family.adult_ids
            if missing:
                family.adult_ids = [Command.link(partner.id) for partner in missing]
        children_by_row = {}
        for child, existing, site in plan.children:
            children_by_row[child.row] = existing or self.env["periscolaire.child"].create(
                {
                    "family_id": family.id,
                    "first_name": child.first_name,
                    "last_name": child.last_name,
                    "birth_date": child.birth_date,
                    "school": child.school or False,
                    "class_level": child.class_level or False,
                    "site_id": site.id or False,
                }
            )
        self._create_documents(family, plan, children_by_row)
        return family

    @api.model
    def _create_documents(self, family, plan, children_by_row):
        vals_list, seen = [], set()
        for child, doc_type, (state, day, reason), document in plan.documents:
            member = (
                children_by_row[child.row]
                if doc_type.target == rules_documents.MemberKind.CHILD
                else None
            )
            key = (doc_type.id, member.id if member else 0)
            if document or key in seen:
                continue
            seen.add(key)
            values = {
                "family_id": family.id,
                "child_id": member.id if member else False,
                "type_id": doc_type.id,
                # DEFI's files are not in the export: a document "being checked" is asked again.
                "state": rules_documents.DocumentState.TO_PROVIDE
                if state == reader.TO_CHECK
                else state,
            }
            if state == reader.VALIDATED:
                values["validated_on"] = day
            elif state == reader.EXPIRED:
                values["expiry_date"] = day
            elif state == reader.REFUSED:
                values["refuse_reason"] = reason or False
            vals_list.append(values)
        self.env["periscolaire.document"].create(vals_list)
