"""Measure the city-scale figures of the portal, each beside its reference.

Run (see tests/benchmarks/README.md):

    python tests/benchmarks/city_bench.py --db pf_city [--repeat 5] [--only calendar,…]

Works on a throw-away copy of ``--db`` (``<db>_bench``, dropped at the end
unless ``--keep``), with Odoo loaded in this process: pages go straight to
Odoo's WSGI application, so their time is the server's time. Prints one line a
measure, ``BENCH name value unit reference ratio target`` ("-" where a measure
has no reference), then ``#`` lines with the details.

Measures, in this order (the later ones see the invoices of the first):
orm_create, invoicing, calendar, periodic_booking, cart_clear, nightly.
"""

import argparse
import io
import sys
import time
from datetime import date, timedelta

from city_db import clone_db, drop_db
from city_odoo import PortalClient, Timed, median, start_odoo

CART_LINES = 92
ORM_ROWS = 10_000
MEASURES = ("orm_create", "invoicing", "calendar", "periodic_booking", "cart_clear", "nightly")


def bench(name, value, unit, reference=None, target="-", detail=""):
    ratio = value / reference if reference else None
    print(
        f"BENCH {name} {value:.4g} {unit} "
        f"{'-' if reference is None else format(reference, '.4g')} "
        f"{'-' if ratio is None else format(ratio, '.3g')} {target}",
        flush=True,
    )
    if detail:
        print(f"#   {detail}", flush=True)


def rows(cr, query, params=None):
    cr.execute(query, params)
    return cr.fetchall()


def superuser_env(cr, **context):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, context)


def portal_login(cr, family_id):
    """Login of the family's référent (generated users share one password)."""
    return rows(
        cr,
        "SELECT u.login FROM res_users u JOIN periscolaire_family f ON f.referent_id ="
        " u.partner_id WHERE f.id = %s",
        [family_id],
    )[0][0]


# ----------------------------------------------------------------------
# ORM creation of 10,000 reservations ÷ COPY of the same rows
# ----------------------------------------------------------------------
def free_slots(cr, count):
    """(child, activity, day) without a confirmed reservation, with the
    values the stored related fields take."""
    return rows(
        cr,
        "SELECT c.id, c.family_id, a.id, a.site_id, a.category_id, a.company_id, a.has_meal,"
        "       d::date"
        " FROM periscolaire_child c"
        " JOIN periscolaire_activity a ON a.site_id = c.site_id AND a.active"
        " CROSS JOIN generate_series(a.date_start, a.date_end, interval '1 day') d"
        " WHERE NOT EXISTS (SELECT 1 FROM periscolaire_reservation r WHERE r.child_id = c.id"
        "   AND r.activity_id = a.id AND r.date = d::date AND r.state = 'confirmed')"
        " ORDER BY c.id, a.id, d LIMIT %s",
        [count],
    )


def measure_orm_create(registry, repeat):
    orm_times, copy_times, queries = [], [], 0
    for _ in range(repeat):
        with registry.cursor() as cr:
            slots = free_slots(cr, ORM_ROWS)
            env = superuser_env(cr, mail_create_nolog=True, mail_create_nosubscribe=True)
            vals = [
                {"child_id": c, "activity_id": a, "date": d, "company_id": company}
                for c, _f, a, _s, _cat, company, _meal, d in slots
            ]
            with Timed() as orm:
                env["periscolaire.reservation"].create(vals)
                env.flush_all()
            cr.rollback()
            env.invalidate_all()
            orm_times.append(orm.seconds)
            queries = orm.queries
            buffer = io.StringIO()
            for c, f, a, s, cat, company, meal, d in slots:
                buffer.write(
                    f"{c}\t{f}\t{a}\t{s}\t{cat}\t{company}\t{d}\tconfirmed\tunknown\t"
                    f"{'t' if meal else 'f'}\t{int(bool(meal))}\t1\t1\tnow\tnow\n"
                )
            buffer.seek(0)
            with Timed() as copy:
                cr.copy_expert(
                    "COPY periscolaire_reservation (child_id, family_id, activity_id, site_id,"
                    " category_id, company_id, date, state, attendance, has_meal, meal_count,"
                    " create_uid, write_uid, create_date, write_date) FROM STDIN",
                    buffer,
                )
            cr.rollback()
            copy_times.append(copy.seconds)
    bench(
        "orm_create_10000_reservations",
        median(orm_times),
        "s",
        median(copy_times),
        "ratio<=10",
        f"ORM create + flush of {len(slots)} reservations: {queries} queries; "
        f"reference: COPY of the same rows (medians of {repeat})",
    )


# ----------------------------------------------------------------------
# Monthly invoicing (the monthly scheduled action: the previous month)
# ----------------------------------------------------------------------
def measure_invoicing(registry, _repeat):
    with registry.cursor() as cr:
        first = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        families = rows(
            cr,
            "SELECT count(DISTINCT family_id) FROM periscolaire_reservation"
            " WHERE date >= %s AND date < %s",
            [first, date.today().replace(day=1)],
        )[0][0]
        before = rows(cr, "SELECT count(*) FROM account_move")[0][0]
        env = superuser_env(cr)
        cron = env.ref("periscolaire_billing.ir_cron_invoice_previous_month")
        with Timed() as run:
            cron.method_direct_trigger()
            cr.commit()
        moves = rows(cr, "SELECT count(*) FROM account_move")[0][0] - before
    bench(
        "invoicing_month",
        run.seconds,
        "s",
        target="<=60s_for_2000_families",
        detail=f"{first:%Y-%m}: {families} families with reservations, {moves} moves, "
        f"{run.queries} queries, {run.seconds * 2000 / max(families, 1):.1f} s per 2,000 "
        f"families; Odoo's CPU time {run.cpu:.1f} s",
    )


# ----------------------------------------------------------------------
# Family month calendar ÷ Odoo's /my/invoices
# ----------------------------------------------------------------------
def busiest_family(cr):
    """The generated family with the most children and bookings this month."""
    first = date.today().replace(day=1)
    return rows(
        cr,
        "SELECT r.family_id FROM periscolaire_reservation r"
        " JOIN periscolaire_family f ON f.id = r.family_id"
        " WHERE r.date >= %s AND r.date < %s AND f.name NOT LIKE 'DURAND%%'"
        " GROUP BY r.family_id ORDER BY count(DISTINCT r.child_id) DESC,"
        " count(DISTINCT (r.child_id, r.activity_id)) DESC, r.family_id LIMIT 1",
        [first, (first + timedelta(days=32)).replace(day=1)],
    )[0][0]


def ensure_invoice(cr, family_id):
    """Give the family an invoice of last month, so that /my/invoices lists
    something whether or not the invoicing measure ran before."""
    env = superuser_env(cr)
    family = env["periscolaire.family"].browse(family_id)
    if not family.invoice_ids:
        last_month = date.today().replace(day=1) - timedelta(days=1)
        env["periscolaire.monthly.invoicing"].with_company(family.company_id)._invoice_month(
            last_month, family
        )


def measure_calendar(registry, repeat):
    with registry.cursor() as cr:
        family_id = busiest_family(cr)
        login = portal_login(cr, family_id)
        ensure_invoice(cr, family_id)
    client = PortalClient(login, "parent")
    for _ in range(2):  # warm the caches of both pages
        client.timed("get", "/my/calendar")
        client.timed("get", "/my/invoices")
    calendar, invoices = [], []
    # Two light pages on a shared machine: three times the runs for steadier medians.
    for _ in range(3 * repeat):
        _r, seconds, calendar_queries = client.timed("get", "/my/calendar")
        calendar.append(seconds)
        _r, seconds, invoice_queries = client.timed("get", "/my/invoices")
        invoices.append(seconds)
    bench(
        "calendar_server_time",
        median(calendar),
        "s",
        median(invoices),
        "ratio<=1.5",
        f"/my/calendar of {login} (family {family_id}) ÷ /my/invoices, medians of {3 * repeat}",
    )
    bench("calendar_queries", calendar_queries, "queries", invoice_queries, "<=40")


# ----------------------------------------------------------------------
# Periodic booking of a school year: 2 children × 4 activities, then submit
# ----------------------------------------------------------------------
def quiet_family(cr, offset=0):
    """A generated family with two children at one school and nothing booked."""
    return rows(
        cr,
        "SELECT f.id FROM periscolaire_family f JOIN periscolaire_child c ON c.family_id = f.id"
        " WHERE NOT EXISTS (SELECT 1 FROM periscolaire_reservation r WHERE r.family_id = f.id)"
        "   AND f.referent_id IN (SELECT partner_id FROM res_users WHERE share AND active)"
        " GROUP BY f.id HAVING count(*) = 2 ORDER BY f.id OFFSET %s LIMIT 1",
        [offset],
    )[0][0]


def periodic_plan(cr, family_id):
    children = [
        c
        for (c,) in rows(
            cr, "SELECT id FROM periscolaire_child WHERE family_id = %s ORDER BY id", [family_id]
        )
    ]
    activities = rows(
        cr,
        "SELECT a.id, a.date_start, a.date_end, ARRAY[a.mon, a.tue, a.wed, a.thu, a.fri]"
        " FROM periscolaire_activity a JOIN periscolaire_site s ON s.id = a.site_id"
        " WHERE a.active AND (s.open_to_all OR a.site_id ="
        "   (SELECT site_id FROM periscolaire_child WHERE id = %s))"
        " ORDER BY s.open_to_all, a.number LIMIT 4",
        [children[0]],
    )
    return children, activities


def measure_periodic_booking(registry, repeat):
    names = ("mon", "tue", "wed", "thu", "fri")
    with registry.cursor() as cr:
        family_id = quiet_family(cr)
        login = portal_login(cr, family_id)
        children, activities = periodic_plan(cr, family_id)
    client = PortalClient(login, "parent")
    totals, submits, lines, queries = [], [], 0, 0
    for _ in range(repeat):
        client.post("/my/booking/participants", {"child_ids": [str(c) for c in children]})
        client.post("/my/booking/activities", {"activity_ids": [str(a[0]) for a in activities]})
        total = total_queries = 0
        for activity_id, start, end, days in activities:
            _r, seconds, count = client.timed(
                "post",
                "/my/booking/periodic",
                {
                    "activity_id": activity_id,
                    "date_start": start.isoformat(),
                    "date_end": end.isoformat(),
                    "frequency": "every",
                    "action": "book",
                    "weekdays": [name for name, on in zip(names, days, strict=True) if on],
                },
            )
            total += seconds
            total_queries += count
        response, seconds, count = client.timed("post", "/my/booking/cart/submit", {})
        if "/my/booking/confirmation/" not in response.headers.get("Location", ""):
            raise RuntimeError("the cart was not submitted")
        totals.append(total + seconds)
        submits.append(seconds)
        queries = total_queries + count
        with registry.cursor() as cr:
            lines = rows(
                cr,
                "SELECT count(*) FROM periscolaire_request_line l JOIN periscolaire_request r"
                " ON r.id = l.request_id WHERE r.family_id = %s AND r.state = 'submitted'",
                [family_id],
            )[0][0]
            # Start again from nothing booked.
            cr.execute(
                "DELETE FROM periscolaire_request WHERE family_id = %s AND state = 'submitted'",
                [family_id],
            )
    bench(
        "periodic_booking_school_year",
        median(totals),
        "s",
        target="<=1.5s",
        detail=f"{login}: 2 children × 4 activities, {lines} lines, {queries} queries; "
        f"submit alone {median(submits):.3f} s (medians of {repeat})",
    )


# ----------------------------------------------------------------------
# Emptying a cart of 92 lines
# ----------------------------------------------------------------------
def fill_cart(registry, family_id, count):
    with registry.cursor() as cr:
        env = superuser_env(cr)
        family = env["periscolaire.family"].browse(family_id)
        cart = env["periscolaire.request"]._portal_get_cart(family, create=True)
        slots = rows(
            cr,
            "SELECT c.id, a.id, d::date FROM periscolaire_child c"
            " JOIN periscolaire_activity a ON a.site_id = c.site_id AND a.active"
            " CROSS JOIN generate_series(CURRENT_DATE + 14, a.date_end, interval '1 day') d"
            " WHERE c.family_id = %s AND extract(isodow FROM d) IN (1, 2, 4, 5)"
            " ORDER BY d, c.id, a.id LIMIT %s",
            [family_id, count],
        )
        env["periscolaire.request.line"].create(
            [
                {"request_id": cart.id, "child_id": c, "activity_id": a, "date": d}
                for c, a, d in slots
            ]
        )
        return len(slots)


def measure_cart_clear(registry, repeat):
    with registry.cursor() as cr:
        family_id = quiet_family(cr, offset=1) if _quiet_count(cr) > 1 else quiet_family(cr)
        login = portal_login(cr, family_id)
    client = PortalClient(login, "parent")
    times, queries = [], 0
    for _ in range(repeat):
        filled = fill_cart(registry, family_id, CART_LINES)
        _r, seconds, queries = client.timed("post", "/my/booking/cart/clear", {})
        times.append(seconds)
        with registry.cursor() as cr:
            left = rows(
                cr,
                "SELECT count(*) FROM periscolaire_request_line l JOIN periscolaire_request r"
                " ON r.id = l.request_id WHERE r.family_id = %s AND r.state = 'cart'",
                [family_id],
            )[0][0]
        if left:
            raise RuntimeError(f"{left} lines left in the cart")
    bench(
        f"cart_clear_{CART_LINES}_lines",
        median(times),
        "s",
        target="<=0.2s",
        detail=f"POST /my/booking/cart/clear of {filled} lines: {queries} queries "
        f"(median of {repeat})",
    )


def _quiet_count(cr):
    return rows(
        cr,
        "SELECT count(*) FROM (SELECT f.id FROM periscolaire_family f"
        " JOIN periscolaire_child c ON c.family_id = f.id WHERE NOT EXISTS"
        " (SELECT 1 FROM periscolaire_reservation r WHERE r.family_id = f.id)"
        " GROUP BY f.id HAVING count(*) = 2) q",
    )[0][0]


# ----------------------------------------------------------------------
# Nightly processing ÷ an INSERT…SELECT of the same rows
# ----------------------------------------------------------------------
PENDING = "l.state = 'pending' AND NOT COALESCE(l.is_late, false)"


def measure_nightly(registry, _repeat):
    with registry.cursor() as cr:
        pending, requests = rows(
            cr,
            f"SELECT count(*), count(DISTINCT request_id) FROM periscolaire_request_line l"
            f" WHERE {PENDING}",
        )[0]
        with Timed() as reference:
            cr.execute(
                "INSERT INTO periscolaire_reservation (child_id, family_id, activity_id,"
                " site_id, category_id, company_id, date, state, attendance, has_meal,"
                " meal_count, request_line_id, create_uid, write_uid, create_date, write_date)"
                " SELECT l.child_id, l.family_id, l.activity_id, a.site_id, a.category_id,"
                " a.company_id, l.date, 'confirmed', 'unknown', a.has_meal,"
                " a.has_meal::int, l.id, 1, 1, now(), now()"
                " FROM periscolaire_request_line l"
                " JOIN periscolaire_activity a ON a.id = l.activity_id"
                f" WHERE {PENDING} AND l.action = 'book'"
                " ON CONFLICT (child_id, activity_id, date) WHERE state = 'confirmed' DO NOTHING"
            )
            cr.execute(
                f"UPDATE periscolaire_request_line l SET state = 'validated' WHERE {PENDING}"
            )
        cr.rollback()
    with registry.cursor() as cr:
        env = superuser_env(cr)
        cron = env.ref("periscolaire_portal.ir_cron_process_requests")
        with Timed() as run:
            cron.method_direct_trigger()
            cr.commit()
        left = rows(cr, f"SELECT count(*) FROM periscolaire_request_line l WHERE {PENDING}")[0][0]
    bench(
        "nightly_processing",
        run.seconds,
        "s",
        reference.seconds,
        "<=10s",
        f"{pending} pending lines in {requests} requests, {left} left after the run; "
        f"Odoo's CPU time {run.cpu:.1f} s; "
        "reference: INSERT…SELECT of the bookings and UPDATE of the lines",
    )
    bench("nightly_queries", run.queries, "queries", target="<=2000")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="pf_city", help="database made by city_generate.py")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the repeatable measures")
    parser.add_argument("--only", default=",".join(MEASURES), help="comma-separated measures")
    parser.add_argument("--keep", action="store_true", help="keep the copy <db>_bench")
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    unknown = set(only) - set(MEASURES)
    if unknown:
        sys.exit(f"unknown measures: {', '.join(sorted(unknown))}")
    work = f"{args.db}_bench"
    drop_db(work)
    clone_db(args.db, work)
    try:
        registry = start_odoo(work)
        print(f"# {args.db} (copy {work}), {date.today()}, repeat {args.repeat}", flush=True)
        for name in MEASURES:
            if name in only:
                started = time.monotonic()
                globals()[f"measure_{name}"](registry, args.repeat)
                print(f"#   ({name}: {time.monotonic() - started:.0f} s)", flush=True)
    finally:
        if not args.keep:
            from odoo.sql_db import close_db

            close_db(work)
            drop_db(work)


if __name__ == "__main__":
    main()
