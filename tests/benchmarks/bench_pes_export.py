"""Timings of the Hélios export (periscolaire_pes) on a demo database.

Run, on a demo database of your own (nothing is kept: the transaction is rolled back):
    odoo-bin shell -d DB --addons-path=... < tests/benchmarks/bench_pes_export.py

Creates N families (one child, 8 lunches each) in the month before last, invoices the month,
then prints the time to export it (one ORMC bordereau, validated against the XSD), then to
build it again with one "avis des sommes à payer" PDF per title, and the file sizes.
Figures only.
"""

import time
from datetime import date, timedelta

FAMILIES = 200


def main(env):
    month = (date.today().replace(day=1) - timedelta(days=32)).replace(day=1)
    activity = env.ref("periscolaire_portal.demo_activity_europa_midi")
    madam = env.ref("base.res_partner_title_madam")
    partners = env["res.partner"].create(
        [
            {
                "name": f"Camille BENCH{i:03d}",
                "title": madam.id,
                "street": f"{i} rue des Tests",
                "zip": "57330",
                "city": "Hettange-Grande",
            }
            for i in range(FAMILIES)
        ]
    )
    families = env["periscolaire.family"].create(
        [{"name": f"BENCH{i:03d}", "referent_id": p.id} for i, p in enumerate(partners)]
    )
    children = env["periscolaire.child"].create(
        [
            {
                "family_id": family.id,
                "first_name": "Léa",
                "last_name": family.name,
                "birth_date": date(2018, 1, 1),
                "site_id": activity.site_id.id,
            }
            for family in families
        ]
    )
    last_day = (month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    days = activity._get_open_days(month, last_day)[:8]
    env["periscolaire.reservation"].create(
        [
            {
                "child_id": child.id,
                "activity_id": activity.id,
                "date": day,
                "company_id": env.company.id,
                "attendance": "present",
            }
            for child in children
            for day in days
        ]
    )
    env["periscolaire.monthly.invoicing"]._invoice_month(month)

    env.company.pes_asap_mode = "town"
    start = time.perf_counter()
    bordereaux, _notes = env["periscolaire.pes.export"]._export_month(month)
    exported = time.perf_counter() - start
    bordereau = bordereaux.filtered(lambda b: b.kind == "ormc")
    print(
        f"export of {len(bordereau.title_ids)} titles: {exported:.1f} s, "
        f"file {len(bordereau.file or b'') * 3 // 4 // 1024} kB"
    )
    env.company.pes_asap_mode = "dgfip"
    start = time.perf_counter()
    bordereau.action_regenerate()
    rebuilt = time.perf_counter() - start
    print(
        f"same with an avis des sommes à payer per title: {rebuilt:.1f} s, "
        f"file {len(bordereau.file) * 3 // 4 // 1024} kB"
    )
    env.cr.rollback()


main(env)  # noqa: F821 (the shell's environment)
