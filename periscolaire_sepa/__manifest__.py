# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Prélèvement automatique",
    "summary": "Mandats SEPA signés sur le portail, ordre de prélèvement mensuel des factures, "
    "pré-notifications et rejets",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": [
        "periscolaire_billing",
        "account_banking_sepa_direct_debit",
        "account_payment_order_return",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "views/account_banking_mandate_views.xml",
        "views/periscolaire_family_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "wizards/periscolaire_sepa_order_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/periscolaire_sepa_demo.xml",
    ],
}
