# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.periscolaire_portal.rules import dates as rules_dates
from odoo.addons.periscolaire_portal.rules import quotient_familial as rules_qf
from odoo.addons.periscolaire_portal.rules.errors import RuleError
from odoo.addons.periscolaire_portal.texts import rule_text

from ..services import api_particulier as particulier

_logger = logging.getLogger(__name__)

NO_CONSENT = "no_consent"
INCOMPLETE = "incomplete"
DONE = "done"
CONFIGURATION = "configuration"
#: Outcomes after which the QF is not asked again before next year.
SETTLED = frozenset({DONE, particulier.NOT_FOUND, INCOMPLETE, particulier.INVALID})
CRON_BATCH = 50
RATE_LIMIT_PAUSE = 1.0


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    qf_api_consent = fields.Boolean(
        string="Consentement à la consultation du QF",
        tracking=True,
        copy=False,
        help="La famille autorise la mairie à consulter son quotient familial auprès de la "
        "CAF ou de la MSA (API Particulier).",
    )
    qf_api_consent_date = fields.Datetime(string="Consentement donné le", copy=False)
    qf_api_consent_partner_id = fields.Many2one(
        "res.partner", string="Consentement donné par", copy=False
    )
    qf_api_birth_name = fields.Char(string="Nom de naissance de l'allocataire")
    qf_api_first_names = fields.Char(
        string="Prénoms de l'allocataire", help="Jusqu'à trois prénoms, séparés par des espaces."
    )
    qf_api_sex = fields.Selection([("F", "Féminin"), ("M", "Masculin")], string="Sexe (état civil)")
    qf_api_birth_date = fields.Date(string="Date de naissance de l'allocataire")
    qf_api_birth_country = fields.Char(
        string="Code INSEE du pays de naissance",
        default=rules_qf.FRANCE_COG,
        help="99100 pour la France ; code du pays (99xxx) pour une personne née à l'étranger.",
    )
    qf_api_birth_town_code = fields.Char(string="Code INSEE de la commune de naissance")
    qf_api_birth_town = fields.Char(string="Commune de naissance")
    qf_api_birth_department = fields.Char(string="Département de naissance")
    qf_month = fields.Date(string="Mois du QF", readonly=True, copy=False)
    qf_api_fetched_on = fields.Datetime(string="QF obtenu le", readonly=True, copy=False)
    qf_api_checked_on = fields.Date(string="Dernière consultation", readonly=True, copy=False)
    qf_api_state = fields.Selection(
        [
            (DONE, "QF obtenu"),
            (particulier.NOT_FOUND, "Allocataire non trouvé"),
            (INCOMPLETE, "Identité incomplète"),
            (particulier.INVALID, "Identité refusée"),
            (NO_CONSENT, "Sans consentement"),
            (particulier.RATE_LIMITED, "Trop de demandes"),
            (particulier.UNAVAILABLE, "Service indisponible"),
            (particulier.UNAUTHORIZED, "Accès refusé"),
            (CONFIGURATION, "API non configurée"),
        ],
        string="Résultat de la consultation",
        readonly=True,
        copy=False,
    )
    qf_api_message = fields.Char(string="Message de la consultation", readonly=True, copy=False)
    qf_api_valid = fields.Boolean(
        string="QF de la CAF ou de la MSA en cours",
        compute="_compute_qf_api_valid",
        help="Un QF obtenu par l'API Particulier est valable aujourd'hui : l'attestation de "
        "quotient familial n'est pas demandée.",
    )

    @api.depends("qf_api_fetched_on", "qf_date_start", "qf_date_end")
    def _compute_qf_api_valid(self):
        today = fields.Date.context_today(self)
        for family in self:
            family.qf_api_valid = bool(
                family.qf_api_fetched_on
                and (not family.qf_date_start or family.qf_date_start <= today)
                and (not family.qf_date_end or today <= family.qf_date_end)
            )

    def _get_qf_identity(self):
        self.ensure_one()
        return rules_qf.Identity(
            birth_name=self.qf_api_birth_name or "",
            first_names=self.qf_api_first_names or "",
            sex=self.qf_api_sex or "",
            birth_date=self.qf_api_birth_date or None,
            birth_country_code=(self.qf_api_birth_country or rules_qf.FRANCE_COG).strip(),
            birth_town_code=self.qf_api_birth_town_code or "",
            birth_town_name=self.qf_api_birth_town or "",
            birth_department=self.qf_api_birth_department or "",
        )

    # ------------------------------------------------------------------
    # Fetching the QF
    # ------------------------------------------------------------------
    def _qf_api_error_message(self, kind, detail=""):
        messages = {
            NO_CONSENT: self.env._(
                "La famille n'a pas donné son accord pour la consultation de son quotient "
                "familial : fournissez une attestation de quotient familial."
            ),
            particulier.NOT_FOUND: self.env._(
                "Aucun dossier de la CAF ou de la MSA ne correspond à cette identité : vérifiez "
                "le nom de naissance, les prénoms, la date et le lieu de naissance, ou "
                "fournissez une attestation de quotient familial."
            ),
            particulier.INVALID: self.env._(
                "L'API Particulier refuse l'identité envoyée (%s) : vérifiez-la.", detail or "?"
            ),
            particulier.RATE_LIMITED: self.env._(
                "Trop de demandes envoyées à l'API Particulier (20 par seconde au plus) : "
                "réessayez dans une minute."
            ),
            particulier.UNAVAILABLE: self.env._(
                "Le service de la CAF ou de la MSA ne répond pas pour le moment : réessayez plus "
                "tard. Le tarif actuel de la famille ne change pas."
            ),
            particulier.UNAUTHORIZED: self.env._(
                "L'API Particulier refuse le jeton de la mairie (absent, expiré ou sans droit "
                "sur le quotient familial) : prévenez l'administrateur."
            ),
            CONFIGURATION: self.env._(
                "L'API Particulier n'est pas configurée (adresse, jeton, SIRET de la mairie) : "
                "prévenez l'administrateur."
            ),
        }
        return messages[kind]

    def _fetch_qf_from_api(self, session=None):
        """Ask the QF of each family of ``self`` (as superuser: the token is a system
        setting) and store it with its month, source and validity. Never raises for the
        API's answers: each family gets a state and a French message; returns
        ``{family id: state}``."""
        results = {}
        for family in self.sudo():
            state, message, values = family._ask_qf(session)
            values.update({"qf_api_state": state, "qf_api_message": message})
            if state in SETTLED:
                values["qf_api_checked_on"] = fields.Date.context_today(family)
            family.write(values)
            results[family.id] = state
        return results

    def _ask_qf(self, session=None):
        """``(state, message, values to write)`` for one family."""
        self.ensure_one()
        if not self.qf_api_consent:
            return NO_CONSENT, self._qf_api_error_message(NO_CONSENT), {}
        company = self.company_id
        if not company._api_particulier_ready():
            return CONFIGURATION, self._qf_api_error_message(CONFIGURATION), {}
        try:
            params = rules_qf.query_parameters(
                self._get_qf_identity(), company._get_api_particulier_recipient()
            )
        except RuleError as error:
            return INCOMPLETE, rule_text(self.env, error.message), {}
        client = particulier.ApiParticulierClient(
            company.api_particulier_url, company.api_particulier_token, session=session
        )
        try:
            fetched = rules_qf.parse_quotient_familial(client.quotient_familial(params))
        except particulier.ApiParticulierError as error:
            _logger.info("API Particulier, famille %s : %s", self.id, error)
            return error.kind, self._qf_api_error_message(error.kind, error.detail), {}
        except RuleError as error:
            return particulier.INVALID, rule_text(self.env, error.message), {}
        start, end = rules_qf.validity(fetched.month, company.periscolaire_qf_validity_months)
        message = self.env._(
            "QF %(qf)s (%(provider)s, %(month)s) obtenu par l'API Particulier, valable du "
            "%(start)s au %(end)s.",
            qf=fetched.value,
            provider=fetched.source.upper(),
            month=rules_dates.month_label(fetched.month.year, fetched.month.month),
            start=start.strftime("%d/%m/%Y"),
            end=end.strftime("%d/%m/%Y"),
        )
        self.message_post(body=message)
        return (
            DONE,
            message,
            {
                "qf": fetched.value,
                "qf_source": fetched.source,
                "qf_month": fetched.month,
                "qf_date_start": start,
                "qf_date_end": end,
                "qf_api_fetched_on": fields.Datetime.now(),
            },
        )

    def action_fetch_qf(self):
        """Staff button: ask the QF now and say how it went."""
        self.ensure_one()
        self.check_access("write")
        state = self._fetch_qf_from_api()[self.id]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Quotient familial"),
                "message": self.qf_api_message,
                "type": "success" if state == DONE else "warning",
                "sticky": state != DONE,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Yearly refresh
    # ------------------------------------------------------------------
    @api.model
    def _qf_refresh_domain(self):
        due_before = rules_qf.refresh_due_before(fields.Date.context_today(self))
        return [
            ("qf_api_consent", "=", True),
            "|",
            ("qf_api_checked_on", "=", False),
            ("qf_api_checked_on", "<=", due_before),
        ]

    @api.model
    def _cron_refresh_qf(self, batch_size=CRON_BATCH, session=None):
        """Ask again, once a year, the QF of the families that consented: one batch per
        call, the scheduled action calling again while some remain (its progress shows how
        many). Families done are not asked twice (their check date moved). When the API is
        down or limits us, stop and come back in an hour; when it refuses the town's token
        or is not configured, stop until the next run. Returns how many remain."""
        families = self.search(self._qf_refresh_domain(), order="id", limit=batch_size)
        done, stopped = 0, False
        for family in families:
            state = family._fetch_qf_from_api(session)[family.id]
            if state == particulier.RATE_LIMITED:
                time.sleep(RATE_LIMIT_PAUSE)
                state = family._fetch_qf_from_api(session)[family.id]
            if state not in SETTLED:
                stopped = True
                if state in particulier.TRANSIENT:
                    self.env.ref("periscolaire_api_particulier.ir_cron_refresh_qf")._trigger(
                        fields.Datetime.now() + timedelta(hours=1)
                    )
                break
            done += 1
        remaining = self.search_count(self._qf_refresh_domain())
        # Reporting nothing left after a stop keeps the scheduler from calling again at once.
        self.env["ir.cron"]._notify_progress(done=done, remaining=0 if stopped else remaining)
        return remaining
