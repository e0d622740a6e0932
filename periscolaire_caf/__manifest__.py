# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Heures CAF",
    "summary": "Heures de présence déclarées à la CAF par accueil, mois et tranche d'âge, "
    "avec les heures facturées et les plafonds du mercredi",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_billing"],
    "data": [
        "security/ir.model.access.csv",
        "security/periscolaire_caf_security.xml",
        "data/ir_cron_data.xml",
        "report/periscolaire_caf_report.xml",
        "views/periscolaire_caf_line_views.xml",
        "views/periscolaire_activity_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/periscolaire_caf_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/periscolaire_caf_demo.xml",
    ],
}
