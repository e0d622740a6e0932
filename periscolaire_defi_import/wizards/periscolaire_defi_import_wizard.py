# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging

from psycopg2 import Error as DatabaseError

from odoo import Command, fields, models
from odoo.exceptions import UserError, ValidationError

from ..defi import reader

_logger = logging.getLogger(__name__)


class PeriscolaireDefiImportWizard(models.TransientModel):
    _name = "periscolaire.defi.import.wizard"
    _description = "Import des familles depuis DEFI"

    file = fields.Binary(string="Export DEFI (xlsx)", attachment=False)
    filename = fields.Char(string="Nom du fichier")
    state = fields.Selection(
        [("upload", "Fichier"), ("preview", "Aperçu"), ("done", "Importé")],
        default="upload",
        required=True,
    )
    line_ids = fields.One2many("periscolaire.defi.import.line", "wizard_id", string="Aperçu")
    family_create_count = fields.Integer(string="Familles à créer", readonly=True)
    family_match_count = fields.Integer(string="Familles déjà présentes", readonly=True)
    child_create_count = fields.Integer(string="Enfants à créer", readonly=True)
    refused_count = fields.Integer(string="Lignes refusées", readonly=True)
    summary = fields.Char(string="Résultat", readonly=True)

    def _content(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choisissez le fichier exporté de DEFI (.xlsx)."))
        try:
            return base64.b64decode(self.file)
        except ValueError:
            raise UserError(self.env._("Le fichier envoyé est illisible.")) from None

    def _read_and_plan(self):
        planner = self.env["periscolaire.defi.import.plan"]
        try:
            export = planner._read(self._content())
        except reader.DefiFileError as error:
            raise UserError(str(error)) from None
        return planner._plan(export)

    def action_preview(self):
        plans, refusals = self._read_and_plan()
        self._show(plans, refusals, done=False)
        self.state = "preview"
        return self._reopen()

    def action_import(self):
        """Create everything the file describes, in this one transaction: a failure on any
        record undoes the whole import. Families with a refused row are left out."""
        plans, refusals = self._read_and_plan()
        if not plans:
            raise UserError(self.env._("Aucune famille à importer dans ce fichier."))
        planner = self.env["periscolaire.defi.import.plan"]
        try:
            with self.env.cr.savepoint():
                for plan in plans:
                    planner._apply(plan)
        except (UserError, ValidationError, DatabaseError) as error:
            _logger.info("Import DEFI annulé : %s", error)
            raise UserError(
                self.env._(
                    "Import annulé, rien n'a été créé : %s",
                    error.args[0] if error.args else str(error),
                )
            ) from None
        self._show(plans, refusals, done=True)
        self.state = "done"
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import DEFI"),
        }

    # ------------------------------------------------------------------
    # Preview lines
    # ------------------------------------------------------------------
    def _state_label(self, state, day):
        day = day.strftime("%d/%m/%Y") if day else ""
        return {
            reader.VALIDATED: self.env._("validé le %s", day),
            reader.EXPIRED: self.env._("expiré le %s", day),
            reader.REFUSED: self.env._("refusé"),
            reader.TO_PROVIDE: self.env._("à fournir"),
            reader.TO_CHECK: self.env._(
                "en cours de vérification dans DEFI : à fournir de nouveau"
            ),
        }[state]

    def _show(self, plans, refusals, done):
        create = "created" if done else "create"
        lines = []
        for plan in plans:
            parsed = plan.parsed
            lines.append(
                (
                    min(parsed.rows) - 1,
                    "family",
                    "match" if plan.family else create,
                    plan.family.name or parsed.name,
                    f"{parsed.street}, {parsed.zip} {parsed.city}",
                )
            )
            for guardian, partner in plan.guardians:
                lines.append(
                    (
                        guardian.row,
                        "guardian",
                        "match" if partner else create,
                        guardian.name,
                        guardian.email or guardian.mobile,
                    )
                )
            for child, existing, site in plan.children:
                detail = child.birth_date.strftime("%d/%m/%Y")
                if site:
                    detail += f" — {site.name}"
                lines.append(
                    (child.row, "child", "match" if existing else create, child.name, detail)
                )
            for child, doc_type, (state, day, _reason), document in plan.documents:
                label = self._state_label(state, day)
                lines.append(
                    (
                        child.row,
                        "document",
                        "match" if document else create,
                        f"{doc_type.name} — {child.name}",
                        label if not document else document.status_label,
                    )
                )
        lines += [(r.row, "row", "refuse", r.text, r.reason) for r in refusals]
        self.line_ids = [Command.clear()] + [
            Command.create(
                {"sequence": index, "row": max(row, 0), "kind": kind, "action": action,
                 "name": name, "detail": detail}
            )
            for index, (row, kind, action, name, detail) in enumerate(
                sorted(lines, key=lambda line: line[0])
            )
        ]  # fmt: skip
        new_families = [plan for plan in plans if not plan.family]
        self.write(
            {
                "family_create_count": len(new_families),
                "family_match_count": len(plans) - len(new_families),
                "child_create_count": sum(
                    1 for plan in plans for _child, existing, _site in plan.children if not existing
                ),
                "refused_count": len({refusal.row for refusal in refusals}),
                "summary": self.env._(
                    "%(families)s famille(s) créée(s), %(matched)s déjà présente(s), "
                    "%(refused)s ligne(s) refusée(s).",
                    families=len(new_families),
                    matched=len(plans) - len(new_families),
                    refused=len({refusal.row for refusal in refusals}),
                )
                if done
                else False,
            }
        )
