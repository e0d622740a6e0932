# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import fields, models
from odoo.exceptions import AccessError

from .periscolaire_family import DONE

#: Field of the family → longest text accepted from the portal.
FIRST_BIRTH_DATE = date(1900, 1, 1)
IDENTITY_FIELDS = {
    "qf_api_birth_name": 128,
    "qf_api_first_names": 128,
    "qf_api_birth_town": 128,
    "qf_api_birth_department": 3,
}


class PeriscolaireFamily(models.Model):
    _inherit = "periscolaire.family"

    def _portal_save_qf_consent(self, consent, identity):
        """A parent gives (or withdraws) the consent and the allocataire's identity from
        the portal, then the QF is asked at once. ``identity``: the texts sent for
        ``IDENTITY_FIELDS``, ``qf_api_sex`` ("F"/"M") and ``qf_api_birth_date`` (YYYY-MM-DD);
        anything unreadable counts as not given. Returns ``(kind, message)`` for the page:
        an API failure never blocks the family, it is only reported."""
        self.ensure_one()
        self.check_access("read")
        if self != self._get_portal_family():
            raise AccessError(self.env._("Ce n'est pas votre famille."))
        values = {
            name: (identity.get(name) or "").strip()[:size] or False
            for name, size in IDENTITY_FIELDS.items()
        }
        sex = identity.get("qf_api_sex")
        values["qf_api_sex"] = sex if sex in ("F", "M") else False
        values["qf_api_birth_date"] = self._parse_birth_date(identity.get("qf_api_birth_date"))
        family = self.sudo()
        if consent and not family.qf_api_consent:
            values.update(
                {
                    "qf_api_consent": True,
                    "qf_api_consent_date": fields.Datetime.now(),
                    "qf_api_consent_partner_id": self.env.user.partner_id.id,
                }
            )
        elif not consent:
            values.update(
                {
                    "qf_api_consent": False,
                    "qf_api_consent_date": False,
                    "qf_api_consent_partner_id": False,
                }
            )
        family.write(values)
        if not consent:
            return "info", self.env._(
                "C'est noté : la mairie ne consultera pas votre quotient familial. Déposez une "
                "attestation de quotient familial pour bénéficier du tarif correspondant."
            )
        state = family._fetch_qf_from_api()[family.id]
        return ("success" if state == DONE else "warning"), family.qf_api_message

    def _parse_birth_date(self, text):
        try:
            day = date.fromisoformat((text or "").strip())
        except ValueError:
            return False
        return day if FIRST_BIRTH_DATE <= day <= fields.Date.context_today(self) else False
