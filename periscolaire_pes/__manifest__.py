# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Titres de recette pour Hélios (PES V2 ORMC)",
    "summary": "Les factures du périscolaire en bordereaux de titres ORMC au format PES V2 "
    "pour le comptable public (Hélios), avec annulations/réductions et avis des sommes à payer",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_billing"],
    "data": [
        "security/ir.model.access.csv",
        "security/periscolaire_pes_security.xml",
        "report/periscolaire_pes_asap_report.xml",
        "views/periscolaire_pes_imputation_views.xml",
        "views/periscolaire_pes_sequence_views.xml",
        "views/periscolaire_pes_title_views.xml",
        "views/periscolaire_pes_bordereau_views.xml",
        "views/account_move_views.xml",
        "views/product_template_views.xml",
        "views/periscolaire_activity_views.xml",
        "views/periscolaire_invoicing_summary_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/periscolaire_pes_export_wizard_views.xml",
        "wizards/periscolaire_pes_reject_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/periscolaire_pes_demo.xml",
    ],
}
