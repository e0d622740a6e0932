# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..helios import document, schema
from .pes_labels import field_label
from .res_company import FUNCTIONAL_NOMENCLATURES

ISSUER = ("Portail Familles", "Portail Familles 18.0.1.0.0")


class PeriscolairePesBordereau(models.Model):
    """A bordereau of titles sent to the comptable public, with its PES V2 file."""

    _name = "periscolaire.pes.bordereau"
    _description = "Bordereau de titres Hélios (PES V2)"
    _inherit = ["mail.thread"]
    _order = "exercise desc, date desc, id desc"

    name = fields.Char(string="Bordereau", compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", string="Société", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Devise")
    kind = fields.Selection(
        [("ormc", "Titres ORMC"), ("reduction", "Annulations / réductions")],
        string="Type",
        required=True,
        readonly=True,
    )
    exercise = fields.Integer(string="Exercice", required=True, readonly=True)
    number = fields.Integer(string="N° de bordereau", required=True, readonly=True)
    date = fields.Date(string="Date d'émission", required=True, readonly=True)
    label = fields.Char(string="Objet", readonly=True)
    state = fields.Selection(
        [
            ("generated", "Généré"),
            ("sent", "Envoyé"),
            ("acknowledged", "Pris en charge"),
            ("rejected", "Rejeté"),
        ],
        string="État",
        default="generated",
        required=True,
        readonly=True,
        tracking=True,
    )
    reject_reason = fields.Text(string="Motif du rejet", readonly=True, tracking=True)
    sent_date = fields.Date(string="Envoyé le", readonly=True)
    acknowledged_date = fields.Date(string="Pris en charge le", readonly=True)
    title_ids = fields.One2many("periscolaire.pes.title", "bordereau_id", string="Titres")
    title_count = fields.Integer(string="Nombre de titres", compute="_compute_totals", store=True)
    amount_total = fields.Monetary(
        string="Montant", currency_field="currency_id", compute="_compute_totals", store=True
    )
    file = fields.Binary(string="Fichier PES", attachment=True, readonly=True, copy=False)
    file_name = fields.Char(string="Nom du fichier", readonly=True)
    generation_count = fields.Integer(
        string="Générations",
        default=1,
        readonly=True,
        help="Le fichier est régénéré (mêmes numéros) après correction d'un bordereau rejeté.",
    )
    with_asap = fields.Boolean(
        string="Avis des sommes à payer joints",
        readonly=True,
        help="Un avis des sommes à payer en PDF par titre est joint au fichier (Edition 06).",
    )

    _sql_constraints = [
        (
            "number_uniq",
            "unique(company_id, exercise, kind, number)",
            "Ce numéro de bordereau est déjà utilisé dans cet exercice.",
        ),
    ]

    @api.depends("kind", "exercise", "number")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for bordereau in self:
            bordereau.name = (
                f"{kinds.get(bordereau.kind, '')} {bordereau.exercise}-{bordereau.number}"
            )

    @api.depends("title_ids.amount")
    def _compute_totals(self):
        for bordereau in self:
            bordereau.title_count = len(bordereau.title_ids)
            bordereau.amount_total = bordereau.currency_id.round(
                sum(bordereau.title_ids.mapped("amount"))
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Un bordereau ne se supprime pas : ses numéros de titres sont pris. Corrigez les "
                "données puis régénérez-le."
            )
        )

    # ------------------------------------------------------------------
    # The file
    # ------------------------------------------------------------------
    def _generate_file(self):
        """Build the PES file, validate it against the XSD and keep it; a file that does not
        validate is never kept: the error names each invoice and field to correct."""
        self.ensure_one()
        company = self.company_id
        collectivity = document.Collectivity(
            id_post=company.pes_id_post,
            id_coll=company._get_pes_id_coll(),
            cod_col=company.pes_cod_col,
            cod_bud=company.pes_cod_bud,
            poste_label=company.pes_poste_label or "",
            budget_label=company.pes_budget_label or "",
            with_function=company.pes_nomenclature in FUNCTIONAL_NOMENCLATURES,
        )
        titles = self.title_ids.sorted("number")
        with_asap = self.kind == "ormc" and company.pes_asap_mode == "dgfip"
        attachments = self._render_asap(titles, collectivity) if with_asap else {}
        pieces, problems = [], []
        for title in titles:
            piece, debtor_problems = title._to_piece(attachments.get(title.id))
            pieces.append(piece)
            problems += debtor_problems
        if problems:
            raise UserError(
                self.env._(
                    "Le fichier n'est pas généré. À corriger d'abord :\n%s", "\n".join(problems)
                )
            )
        data = document.Bordereau(
            kind=self.kind,
            exercise=self.exercise,
            number=self.number,
            date=self.date,
            label=self.label or "",
            pieces=tuple(pieces),
        )
        file_type = document.FILE_TYPES[self.kind]
        file_name = (
            f"{file_type}_{collectivity.id_coll}_{self.exercise}_{self.number:07d}"
            f"_{self.generation_count}"
        )
        content = document.build(
            collectivity, data, file_name, ISSUER, fields.Date.context_today(self)
        )
        schema_problems = schema.validate(content)
        if schema_problems:
            raise UserError(self._describe_schema_problems(schema_problems, titles))
        self.write(
            {
                "file": base64.b64encode(content),
                "file_name": f"{file_name}.xml",
                "with_asap": with_asap,
            }
        )

    def _render_asap(self, titles, collectivity):
        """{title id: Attachment}: the "avis des sommes à payer" of each title, as a PDF: one
        document of one page per title, rendered by one run of wkhtmltopdf and split by page."""
        streams = self.env["ir.actions.report"]._render_qweb_pdf_prepare_streams(
            "periscolaire_pes.action_report_asap", {}, res_ids=titles.ids
        )
        if set(streams) != set(titles.ids):
            raise UserError(
                self.env._(
                    "Les avis des sommes à payer n'ont pas pu être séparés (un avis par page) : "
                    "le fichier n'est pas généré."
                )
            )
        attachments = {}
        for title in titles:
            unique_id = (
                f"{collectivity.id_coll}{title.exercise}T{title.number:08d}V{self.generation_count}"
            )
            attachments[title.id] = document.Attachment(
                unique_id=unique_id,
                file_name=f"ASAP_{title.exercise}_{title.number:08d}.pdf",
                content=streams[title.id]["stream"].getvalue(),
                description=self.env._(
                    "Avis des sommes à payer — titre %(number)s/%(exercise)s — %(family)s",
                    number=title.number,
                    exercise=title.exercise,
                    family=title.family_id.name,
                ),
            )
        return attachments

    def _describe_schema_problems(self, problems, titles):
        lines, seen = [], set()
        for problem in problems:
            if (problem.piece, problem.element) in seen:
                continue
            seen.add((problem.piece, problem.element))
            if problem.piece and problem.piece <= len(titles):
                title = titles[problem.piece - 1]
                where = self.env._(
                    "%(move)s — famille %(family)s (titre %(number)s)",
                    move=title.move_id.name,
                    family=title.family_id.name,
                    number=title.number,
                )
            else:
                where = self.env._("Paramètres Hélios de la société")
            lines.append(
                self.env._(
                    "%(where)s : %(field)s [%(element)s] refusé%(value)s.",
                    where=where,
                    field=field_label(self.env, problem.element),
                    element=problem.element,
                    value=f" : « {problem.value} »" if problem.value else "",
                )
            )
        return self.env._(
            "Le fichier n'est pas conforme au schéma PES V2 (DGFiP) et n'est pas enregistré. "
            "À corriger :\n%(problems)s\n\nDétail technique : %(detail)s",
            problems="\n".join(lines),
            detail=problems[0].message,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.file_name}?download=true",
            "target": "self",
        }

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda bordereau: bordereau.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(bordereaux)s : impossible de %(action)s un bordereau à l'état "
                    "« %(state)s ».",
                    bordereaux=", ".join(wrong.mapped("name")),
                    action=action,
                    state=states[wrong[0].state],
                )
            )

    def action_mark_sent(self):
        self._check_state(("generated",), self.env._("marquer comme envoyé"))
        self.write({"state": "sent", "sent_date": fields.Date.context_today(self)})

    def action_mark_acknowledged(self):
        self._check_state(("sent",), self.env._("marquer comme pris en charge"))
        self.write({"state": "acknowledged", "acknowledged_date": fields.Date.context_today(self)})

    def _reject(self, reason):
        self._check_state(("generated", "sent"), self.env._("rejeter"))
        self.write({"state": "rejected", "reject_reason": reason})

    def action_open_reject_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rejet du bordereau"),
            "res_model": "periscolaire.pes.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_bordereau_id": self.id},
        }

    def action_regenerate(self):
        """Build the file again from the current data (the payers' addresses, the
        imputations, the credit notes posted since), with the same numbers."""
        self._check_state(("generated", "rejected"), self.env._("régénérer"))
        export = self.env["periscolaire.pes.export"]
        for bordereau in self:
            if bordereau.kind == "ormc":
                bordereau.title_ids._recompute_ormc_lines(export)
            bordereau.write(
                {
                    "state": "generated",
                    "generation_count": bordereau.generation_count + 1,
                    "date": fields.Date.context_today(self),
                    "sent_date": False,
                    "acknowledged_date": False,
                }
            )
            bordereau._generate_file()
            bordereau.message_post(
                body=self.env._("Fichier régénéré (génération %s).", bordereau.generation_count)
            )

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_invoice_action"
        )
        action["domain"] = [("pes_bordereau_id", "=", self.id)]
        action["context"] = {}
        action["name"] = self.name
        return action
