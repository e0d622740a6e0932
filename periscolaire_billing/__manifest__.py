# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Facturation périscolaire",
    "summary": "Tarifs au quotient familial, factures mensuelles, avoirs, "
    "paiements et attestations fiscales des familles",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["periscolaire_portal", "account", "l10n_fr_account"],
    "data": [],
    "demo": [],
}
