# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Conservation des données (RGPD)",
    "summary": "Documents et données de santé supprimés après le départ d'une famille, "
    "famille anonymisée après la conservation légale de ses pièces comptables",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_billing"],
    "post_init_hook": "post_init_hook",
    "data": [
        "data/ir_cron_data.xml",
        "views/periscolaire_family_views.xml",
        "views/res_config_settings_views.xml",
    ],
}
