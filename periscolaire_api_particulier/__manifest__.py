# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — QF par l'API Particulier",
    "summary": "Quotient familial de la CAF ou de la MSA obtenu par l'API Particulier, "
    "avec le consentement de la famille, au lieu de l'attestation papier",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_portal"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "data/ir_cron_data.xml",
        "views/periscolaire_family_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
    ],
}
