# Run by setup/run.sh through `odoo-bin shell` (which provides `env`) on a fresh database that
# has only `base`: the demo town is a French company working in euros and in French.
company = env.ref("base.main_company")
euro = env.ref("base.EUR")
euro.active = True
company.write(
    {
        "name": "Ville de Hettange-Grande",
        "country_id": env.ref("base.fr").id,
        "currency_id": euro.id,
        "city": "Hettange-Grande",
        "zip": "57330",
    }
)
env["res.users"].with_context(active_test=False).search([]).write({"lang": "fr_FR"})
env["res.partner"].search([("lang", "!=", "fr_FR")]).write({"lang": "fr_FR"})
env.cr.commit()
