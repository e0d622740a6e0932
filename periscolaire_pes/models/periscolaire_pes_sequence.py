# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

SEQUENCE_CODES = [
    ("title", "Titres (toutes pièces)"),
    ("bordereau_ormc", "Bordereaux ORMC"),
    ("bordereau_reduction", "Bordereaux d'annulation/réduction"),
]


class PeriscolairePesSequence(models.Model):
    """Numbers of the titles and bordereaux sent to Hélios: per company, exercise and kind,
    without gap.

    A number is taken inside the transaction that creates its title: the counter's row stays
    locked until that transaction ends, so two exports run one after the other, and a failed
    export (a file refused by the schema) gives its numbers back by rolling back."""

    _name = "periscolaire.pes.sequence"
    _description = "Numérotation des titres et bordereaux Hélios"
    _order = "exercise desc, code"

    company_id = fields.Many2one(
        "res.company", string="Société", required=True, default=lambda self: self.env.company
    )
    exercise = fields.Integer(string="Exercice", required=True)
    code = fields.Selection(SEQUENCE_CODES, string="Numéros de", required=True)
    next_number = fields.Integer(
        string="Prochain numéro",
        required=True,
        default=1,
        help="À régler avant le premier envoi de l'exercice si la ville a déjà émis des titres ou "
        "des rôles : les numéros se suivent sans trou dans un exercice.",
    )

    _sql_constraints = [
        (
            "code_exercise_company_uniq",
            "unique(company_id, exercise, code)",
            "Une seule numérotation par société, exercice et type.",
        ),
        ("next_number_positive", "CHECK(next_number > 0)", "Le prochain numéro est positif."),
    ]

    @api.constrains("next_number", "exercise", "code", "company_id")
    def _check_next_number(self):
        for sequence in self:
            used = sequence._last_used()
            if sequence.next_number <= used:
                raise ValidationError(
                    self.env._(
                        "Le numéro %(used)s est déjà utilisé en %(exercise)s : le prochain numéro "
                        "doit être au moins %(next)s.",
                        used=used,
                        exercise=sequence.exercise,
                        next=used + 1,
                    )
                )

    def _last_used(self):
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id), ("exercise", "=", self.exercise)]
        if self.code == "title":
            model = "periscolaire.pes.title"
        else:
            kind = self.code.removeprefix("bordereau_")
            model, domain = "periscolaire.pes.bordereau", domain + [("kind", "=", kind)]
        groups = self.env[model].sudo()._read_group(domain, [], ["number:max"])
        return groups[0][0] or 0

    @api.model
    def _lock(self, company, exercise):
        """Lock the title numbers of ``exercise`` until the transaction ends: an export that
        runs at the same time waits, then fails to serialize and is replayed by Odoo on the
        committed data (it no longer sees the invoices the first one sent)."""
        self._take(company, exercise, "title", count=0)

    @api.model
    def _take(self, company, exercise, code, count=1):
        """The first of ``count`` consecutive numbers, reserved until the transaction ends."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO periscolaire_pes_sequence
                    (company_id, exercise, code, next_number,
                     create_uid, create_date, write_uid, write_date)
                VALUES (%(company)s, %(exercise)s, %(sequence_code)s, 1,
                        %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC')
                ON CONFLICT (company_id, exercise, code) DO NOTHING
                """,
                company=company.id,
                exercise=exercise,
                sequence_code=code,
                uid=self.env.uid,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE periscolaire_pes_sequence
                   SET next_number = next_number + %(count)s,
                       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                 WHERE company_id = %(company)s AND exercise = %(exercise)s
                   AND code = %(sequence_code)s
             RETURNING next_number - %(count)s
                """,
                company=company.id,
                exercise=exercise,
                sequence_code=code,
                count=count,
                uid=self.env.uid,
            )
        )
        first = self.env.cr.fetchone()[0]
        self.invalidate_model(["next_number"])
        return first
