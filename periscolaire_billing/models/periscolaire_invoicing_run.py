# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from odoo import Command, api, fields, models

from odoo.addons.periscolaire_portal.rules import dates

from .periscolaire_monthly_invoicing import BATCH_SIZE


class PeriscolaireInvoicingRun(models.Model):
    """One invoicing of a month, done batch after batch of families.

    Each batch is committed with the families it handled, so that a run
    stopped halfway (server restart, error) resumes with the families left;
    the invoicing itself is idempotent, so a family handled twice is not
    billed twice. Staff follow the progress on the run's form.
    """

    _name = "periscolaire.invoicing.run"
    _description = "Facturation mensuelle en cours ou passée"
    _order = "id desc"

    name = fields.Char(string="Facturation", compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Société",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    month = fields.Date(
        string="Mois facturé", required=True, readonly=True, help="Premier jour du mois."
    )
    family_ids = fields.Many2many(
        "periscolaire.family",
        "periscolaire_invoicing_run_family_rel",
        "run_id",
        "family_id",
        string="Familles choisies",
        readonly=True,
        help="Vide : toutes les familles du mois.",
    )
    done_family_ids = fields.Many2many(
        "periscolaire.family",
        "periscolaire_invoicing_run_done_family_rel",
        "run_id",
        "family_id",
        string="Familles traitées",
        readonly=True,
    )
    state = fields.Selection(
        [("queued", "En attente"), ("running", "En cours"), ("done", "Terminée")],
        string="État",
        required=True,
        readonly=True,
        default="queued",
    )
    family_count = fields.Integer(string="Familles à traiter", readonly=True)
    family_done_count = fields.Integer(string="Familles traitées (nombre)", readonly=True)
    progress = fields.Float(string="Avancement", compute="_compute_progress")
    move_ids = fields.Many2many(
        "account.move",
        "periscolaire_invoicing_run_move_rel",
        "run_id",
        "move_id",
        string="Factures et avoirs",
        readonly=True,
    )
    invoice_count = fields.Integer(string="Factures", compute="_compute_move_counts")
    credit_note_count = fields.Integer(string="Avoirs", compute="_compute_move_counts")
    date_start = fields.Datetime(string="Commencée le", readonly=True)
    date_done = fields.Datetime(string="Terminée le", readonly=True)

    @api.depends("month")
    def _compute_name(self):
        for run in self:
            month = run.month
            run.name = (
                self.env._("Facturation de %s", dates.month_label(month.year, month.month))
                if month
                else False
            )

    @api.depends("family_count", "family_done_count", "state")
    def _compute_progress(self):
        for run in self:
            if run.state == "done":
                run.progress = 100.0
            elif run.family_count:
                run.progress = 100.0 * run.family_done_count / run.family_count
            else:
                run.progress = 0.0

    @api.depends("move_ids")
    def _compute_move_counts(self):
        for run in self:
            types = run.move_ids.mapped("move_type")
            run.invoice_count = types.count("out_invoice")
            run.credit_note_count = types.count("out_refund")

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------
    def _remaining_families(self):
        """The run's families with something to look at this month that no
        batch handled yet, in name order."""
        self.ensure_one()
        invoicing = self.env["periscolaire.monthly.invoicing"].with_company(self.company_id)
        families = invoicing._get_month_families(self.month, self.family_ids or None)
        return families - self.done_family_ids

    def _start(self):
        for run in self.filtered(lambda r: r.state == "queued"):
            self.env["periscolaire.monthly.invoicing"]._check_month(run.month)
            run.write(
                {
                    "state": "running",
                    "date_start": fields.Datetime.now(),
                    "family_count": len(run._remaining_families()),
                }
            )

    def _process(self, batch_size=BATCH_SIZE):
        """Invoice the runs' families ``batch_size`` at a time.

        In a scheduled action each batch is committed and the progress
        notified; elsewhere (a small run from the wizard, the tests) each batch
        is a savepoint, so that a failing batch leaves the earlier ones done,
        as a commit would."""
        commit = self.env.context.get("ir_cron_progress_id") and not getattr(
            threading.current_thread(), "testing", False
        )
        self._start()
        done = 0
        for run in self.filtered(lambda r: r.state == "running"):
            invoicing = self.env["periscolaire.monthly.invoicing"].with_company(run.company_id)
            families = run._remaining_families()
            while families:
                batch = families[:batch_size]
                with self.env.cr.savepoint():
                    moves = invoicing._invoice_families(run.month, batch)
                    run.write(
                        {
                            "done_family_ids": [Command.link(family.id) for family in batch],
                            "family_done_count": run.family_done_count + len(batch),
                            "family_count": run.family_done_count + len(families),
                            "move_ids": [Command.link(move.id) for move in moves],
                        }
                    )
                done += len(batch)
                families = run._remaining_families()
                if not families:
                    run.write({"state": "done", "date_done": fields.Datetime.now()})
                self.env["ir.cron"]._notify_progress(done=done, remaining=self._count_remaining())
                if commit:
                    # A scheduled action saves each batch, as Odoo's own long ones do
                    # (mail queue, user deletion): a crash loses one batch at most.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
            if run.state != "done":
                run.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def _count_remaining(self):
        return sum(
            run.family_count - run.family_done_count for run in self if run.state == "running"
        )

    @api.model
    def _cron_process(self):
        """Scheduled action: carry on with every run not finished (the ones
        queued by the wizard, or stopped halfway)."""
        return self.search([("state", "!=", "done")], order="id")._process()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_refresh(self):
        """Reload the form to see the progress."""
        return True

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscolaire_billing.periscolaire_invoice_action"
        )
        action["domain"] = [("id", "in", self.move_ids.ids)]
        action["context"] = {}
        action["name"] = self.name
        return action
