# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Payment Provider: PayFiP",
    "summary": "Paiement en ligne des titres et factures des collectivités par PayFiP (DGFiP), "
    "carte bancaire ou prélèvement unique",
    "version": "18.0.1.0.0",
    "category": "Accounting/Payment Providers",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["payment", "account_payment"],
    "external_dependencies": {"python": ["eopayment"]},
    "data": [
        "views/payment_payfip_templates.xml",
        "views/payment_provider_views.xml",
        "data/payment_method_data.xml",
        "data/payment_provider_data.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/payment_provider_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
