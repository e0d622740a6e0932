"""The deadline-day rush: many parents booking at once on a production-mode server.

Run (see tests/benchmarks/README.md):

    python tests/benchmarks/city_rush.py --db pf_city [--parents 200] [--arrival 300]

On a throw-away copy of ``--db`` (``<db>_rush``, dropped at the end unless
``--keep``), starts Odoo as in production (``--workers`` HTTP workers and a cron
worker) on 127.0.0.1 only, then lets ``--parents`` parents arrive evenly over
``--arrival`` seconds. Each one runs a whole session, thinking 2 to 5 s between
pages: log in, ``/my``, ``/my/calendar``, then the booking wizard's five steps
(participants, activities, a periodic booking of an activity for two weeks, one
more day clicked on the month calendar, the cart) and submits the cart. Halfway
through the arrivals the nightly processing is started, as its scheduled action
would be. Everything stops by itself after ``--max-duration`` seconds at most.

Prints ``RUSH`` lines: throughput, p50/p95/p99 latency per page (as the parent
waits for it), errors, cart lines lost or duplicated between the cart page and
the submitted request, and the nightly run's duration.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import requests
from city_db import ODOO_DATA_DIR, PF_HOME, REPO_DIR, clone_db, connect, drop_db

#: The token of a form field (``name="csrf_token" value="…"``) or of the page's script.
CSRF = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')
CART_LINE = re.compile(r'name="line_id" value="(\d+)"')
BOOK_CELL = re.compile(r'name="cell"[^>]*?value="(\d+-\d+-\d{4}-\d{2}-\d{2}-book)"')
CONFIRMATION = re.compile(r"/my/booking/confirmation/(\d+)")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PASSWORD = "parent"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----------------------------------------------------------------------
# What each parent will do, prepared from the database
# ----------------------------------------------------------------------
def plan_parents(dbname, count, seed):
    """One plan a parent: login, children, an activity to book for two
    weeks that the first child does not have yet (or cancel one it has)."""
    monday = date.today() + timedelta(days=14 - date.today().weekday())
    window = (monday, monday + timedelta(days=11))
    with connect(dbname) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT f.id, u.login, array_agg(c.id ORDER BY c.id), min(c.site_id)"
            " FROM periscolaire_family f"
            " JOIN res_users u ON u.partner_id = f.referent_id AND u.share AND u.active"
            " JOIN periscolaire_child c ON c.family_id = f.id"
            " WHERE u.login LIKE 'parent%%@example.com'"
            " GROUP BY f.id, u.login HAVING count(DISTINCT c.site_id) = 1 ORDER BY f.id"
        )
        families = cur.fetchall()
        random.Random(seed).shuffle(families)
        cur.execute(
            "SELECT a.id, a.site_id, ARRAY[a.mon, a.tue, a.wed, a.thu, a.fri, a.sat, a.sun]"
            " FROM periscolaire_activity a WHERE a.active ORDER BY a.number"
        )
        activities = cur.fetchall()
        plans = []
        for family_id, login, children, site_id in families[:count]:
            cur.execute(
                "SELECT DISTINCT activity_id FROM periscolaire_reservation"
                " WHERE child_id = %s AND date BETWEEN %s AND %s AND state = 'confirmed'",
                [children[0], *window],
            )
            booked = {activity_id for (activity_id,) in cur.fetchall()}
            own = [a for a in activities if a[1] == site_id]
            free = [a for a in own if a[0] not in booked]
            action = "book" if free else "cancel"
            activity_id, _site, days = (free or own)[len(plans) % len(free or own)]
            plans.append(
                {
                    "family_id": family_id,
                    "login": login,
                    "children": children,
                    "activity_id": activity_id,
                    "weekdays": [name for name, on in zip(WEEKDAYS, days, strict=True) if on],
                    "action": action,
                    "window": window,
                }
            )
    return plans


# ----------------------------------------------------------------------
# Measures shared by the parents' threads
# ----------------------------------------------------------------------
class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.refusals = defaultdict(int)
        self.carts = []  # (family id, cart line ids seen, submitted request id)
        self.sessions = 0
        self.started_utc = datetime.now(UTC).replace(tzinfo=None)

    def page(self, name, seconds, error=None):
        with self.lock:
            self.latencies[name].append(seconds)
            if error:
                self.errors[f"{name}: {error}"] += 1

    def refusal(self, name):
        with self.lock:
            self.refusals[name] += 1


def page_name(method, path):
    """``GET /my/booking/confirmation/<id>`` for any id or query string."""
    route = re.sub(r"/\d+", "/<id>", path.split("?")[0].split("#")[0])
    return f"{method} {route}"


class Parent(threading.Thread):
    def __init__(self, base, plan, start_at, deadline, results, rng):
        super().__init__(daemon=True)
        self.base = base
        self.plan = plan
        self.start_at = start_at
        self.deadline = deadline
        self.results = results
        self.rng = rng
        self.session = requests.Session()
        self.token = None

    def request(self, method, path, data=None):
        """One page as the browser gets it: the request, then each redirect
        followed, each timed on its own. Returns the last response."""
        while True:
            name = page_name(method, path)
            started = time.perf_counter()
            try:
                response = self.session.request(
                    method, self.base + path, data=data, allow_redirects=False, timeout=120
                )
            except requests.RequestException as error:
                self.results.page(name, time.perf_counter() - started, type(error).__name__)
                raise
            status = response.status_code
            self.results.page(
                name, time.perf_counter() - started, f"HTTP {status}" if status >= 400 else None
            )
            if status >= 400:
                raise RuntimeError(f"{name}: HTTP {status}")
            token = CSRF.search(response.text)
            if token:
                self.token = token.group(1)
            if status not in (301, 302, 303, 307, 308):
                return response
            method, data = "GET", None
            path = response.headers["Location"].removeprefix(self.base)

    def post(self, path, data):
        return self.request("POST", path, {**data, "csrf_token": self.token})

    def think(self):
        pause = self.rng.uniform(2, 5)
        if time.monotonic() + pause > self.deadline:
            raise TimeoutError("out of time")
        time.sleep(pause)

    def run(self):
        time.sleep(max(0.0, self.start_at - time.monotonic()))
        try:
            self.session_steps()
        except (requests.RequestException, RuntimeError, TimeoutError):
            return
        with self.results.lock:
            self.results.sessions += 1

    def session_steps(self):
        plan = self.plan
        start, end = plan["window"]
        self.request("GET", "/web/login")
        self.think()
        self.post("/web/login", {"login": plan["login"], "password": PASSWORD})
        self.think()
        self.request("GET", "/my/calendar")
        self.think()
        self.request("GET", "/my/booking/participants")
        self.think()
        self.post("/my/booking/participants", {"child_ids": plan["children"]})
        self.think()
        self.post("/my/booking/activities", {"activity_ids": [plan["activity_id"]]})
        self.think()
        periodic = self.post(
            "/my/booking/periodic",
            {
                "activity_id": plan["activity_id"],
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "frequency": "every",
                "weekdays": plan["weekdays"],
                "action": plan["action"],
            },
        )
        if "o_pf_error" in periodic.text:
            self.results.refusal("periodic booking refused")
        self.think()
        calendar = self.request("GET", f"/my/booking/calendar?month={start:%Y-%m}")
        cells = BOOK_CELL.findall(calendar.text)
        if cells:
            self.think()
            self.post(
                "/my/booking/calendar", {"cell": self.rng.choice(cells), "month": f"{start:%Y-%m}"}
            )
        self.think()
        cart = self.request("GET", "/my/booking/cart")
        seen = {int(line_id) for line_id in CART_LINE.findall(cart.text)}
        self.think()
        done = self.post("/my/booking/cart/submit", {})
        submitted = CONFIRMATION.search(done.url + " " + done.text)
        if not submitted:
            self.results.refusal("cart not submitted")
        with self.results.lock:
            self.results.carts.append(
                (plan["family_id"], seen, int(submitted.group(1)) if submitted else None)
            )


# ----------------------------------------------------------------------
# The server, the nightly run, the checks
# ----------------------------------------------------------------------
def start_server(dbname, port, workers, logfile):
    odoo_src = Path(os.environ.get("ODOO_SRC", PF_HOME / "odoo"))
    addons = [str(REPO_DIR)]
    if (odoo_src / "addons").is_dir():
        addons.append(str(odoo_src / "addons"))
    addons.append(str(odoo_src / "odoo" / "addons"))
    command = [
        sys.executable,
        str(odoo_src / "odoo-bin"),
        f"--addons-path={','.join(addons)}",
        f"--data-dir={ODOO_DATA_DIR}",
        f"--database={dbname}",
        f"--db-filter=^{dbname}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        f"--workers={workers}",
        "--max-cron-threads=1",
        "--limit-time-real=600",
        "--limit-time-cpu=300",
    ]
    with open(logfile, "wb") as output:
        server = subprocess.Popen(
            command, start_new_session=True, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            if requests.get(base + "/web/login", timeout=10).status_code == 200:
                return server, base
        except requests.RequestException:
            pass
        time.sleep(1)
    server.terminate()
    raise RuntimeError(f"the server did not answer on {base} (log: {logfile})")


def reschedule_crons(dbname):
    """The copy has been idle since it was made: put every scheduled action at
    its next due time, as on a server that has been running, so that the cron
    worker is free when the nightly run is started."""
    with connect(dbname) as conn, conn.cursor() as cur:
        cur.execute(
            "UPDATE ir_cron SET nextcall = now() at time zone 'utc'"
            " + make_interval(mins => CASE interval_type WHEN 'minutes' THEN interval_number"
            " WHEN 'hours' THEN interval_number * 60 ELSE 24 * 60 END)"
            " WHERE nextcall < now() at time zone 'utc' + interval '10 minutes'"
        )
        cur.execute("DELETE FROM ir_cron_trigger")


def server_times(logfile, offset):
    """{page: [(seconds, queries)]} from the werkzeug lines Odoo logged after
    ``offset``: the server's own time (SQL + the rest), without the wait for a
    free worker."""
    line = re.compile(r'"(GET|POST) (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)')
    times = defaultdict(list)
    with open(logfile, "rb") as log_file:
        log_file.seek(offset)
        for raw in log_file:
            match = line.search(raw.decode(errors="replace"))
            if match:
                method, path, _status, queries, sql, rest = match.groups()
                times[page_name(method, path)].append((float(sql) + float(rest), int(queries)))
    return times


def warm_up(base, plan):
    """Each worker loads the registry and the pages' templates once, as a
    server that has been running for a while has."""
    parent = Parent(base, plan, 0, time.monotonic() + 600, Results(), random.Random(0))
    parent.request("GET", "/web/login")
    parent.post("/web/login", {"login": plan["login"], "password": PASSWORD})
    for _round in range(8):
        for path in ("/my", "/my/calendar", "/my/booking/participants", "/my/booking/cart"):
            parent.request("GET", path)


def trigger_nightly(dbname):
    """Start the nightly processing now, as ``ir.cron._trigger()`` does."""
    conn = connect(dbname)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "SELECT res_id FROM ir_model_data"
            " WHERE module = 'periscolaire_portal' AND name = 'ir_cron_process_requests'"
        )
        cron_id = cur.fetchone()[0]
        cur.execute("SELECT lastcall FROM ir_cron WHERE id = %s", [cron_id])
        before = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO ir_cron_trigger (cron_id, call_at, create_date, write_date)"
            " VALUES (%s, now() at time zone 'utc', now() at time zone 'utc',"
            " now() at time zone 'utc')",
            [cron_id],
        )
        cur.execute("SELECT pg_notify('cron_trigger', %s)", [dbname])
    conn.close()
    return cron_id, before


def watch_nightly(dbname, cron_id, before, started, deadline, report):
    """Wait for the nightly run to finish (its lastcall moves)."""
    while time.monotonic() < deadline:
        with connect(dbname) as conn, conn.cursor() as cur:
            cur.execute("SELECT lastcall FROM ir_cron WHERE id = %s", [cron_id])
            lastcall = cur.fetchone()[0]
        if lastcall and lastcall != before:
            report["nightly_seconds"] = time.monotonic() - started
            return
        time.sleep(2)


def check_carts(dbname, results):
    """Cart lines seen by each parent before submitting, against the lines of
    the request they submitted; duplicates of a child's day among the live
    lines of the parents' families."""
    lost = duplicated = seen_total = left = 0
    families = [family_id for family_id, _seen, _request in results.carts]
    with connect(dbname) as conn, conn.cursor() as cur:
        for _family_id, seen, request_id in results.carts:
            seen_total += len(seen)
            if not request_id:
                continue
            cur.execute(
                "SELECT id FROM periscolaire_request_line WHERE request_id = %s", [request_id]
            )
            stored = {line_id for (line_id,) in cur.fetchall()}
            lost += len(seen - stored)
            duplicated += len(stored - seen)
        cur.execute(
            "SELECT count(*) FROM (SELECT 1 FROM periscolaire_request_line"
            " WHERE family_id = ANY(%s) AND create_date >= %s"
            " GROUP BY child_id, activity_id, date HAVING count(*) > 1) d",
            [families, results.started_utc],
        )
        duplicated += cur.fetchone()[0]
        cur.execute(
            "SELECT count(*) FROM periscolaire_request_line l JOIN periscolaire_request r"
            " ON r.id = l.request_id WHERE r.state = 'cart' AND r.family_id = ANY(%s)",
            [[f for f, _s, request_id in results.carts if request_id]],
        )
        left = cur.fetchone()[0]
    return seen_total, lost, duplicated, left


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(args, results, elapsed, nightly, carts, loads, server_side):
    total = sum(len(values) for values in results.latencies.values())
    print(
        f"RUSH {args.parents} parents over {args.arrival} s, {args.workers} HTTP workers + 1 cron"
        f" worker, {os.cpu_count()} CPU(s); load average before {loads[0]}, after {loads[1]}"
    )
    print(
        f"RUSH throughput {total} requests in {elapsed:.0f} s = {total / elapsed:.2f} req/s;"
        f" sessions completed {results.sessions}/{args.parents}"
    )
    print(
        f"RUSH {'page':<40} {'n':>4} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} ms"
        f" | server: {'p50':>5} {'p95':>5} ms, {'queries':>7}"
    )
    for name, values in sorted(results.latencies.items()):
        ms = [value * 1000 for value in values]
        server = server_side.get(name) or [(0.0, 0)]
        server_ms = [seconds * 1000 for seconds, _queries in server]
        print(
            f"RUSH {name:<40} {len(ms):>4} {statistics.median(ms):>6.0f}"
            f" {percentile(ms, 0.95):>6.0f} {percentile(ms, 0.99):>6.0f} {max(ms):>6.0f}   "
            f" | {statistics.median(server_ms):>13.0f} {percentile(server_ms, 0.95):>5.0f}    "
            f" {statistics.median(q for _s, q in server):>7.0f}"
        )
    errors = sum(results.errors.values())
    print(f"RUSH errors {errors}" + "".join(f"; {k} ×{v}" for k, v in results.errors.items()))
    print(
        "RUSH refusals shown to parents "
        + (", ".join(f"{k} ×{v}" for k, v in results.refusals.items()) or "0")
    )
    seen, lost, duplicated, left = carts
    print(
        f"RUSH cart lines seen before submit {seen}, lost {lost}, duplicated {duplicated},"
        f" left in submitted families' carts {left}"
    )
    if "nightly_seconds" in nightly:
        print(
            f"RUSH nightly run started at +{nightly['at']:.0f} s, finished"
            f" {nightly['nightly_seconds']:.0f} s later"
        )
    else:
        print(f"RUSH nightly run started at +{nightly.get('at', 0):.0f} s, not finished in time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="pf_city")
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument("--arrival", type=int, default=300, help="seconds over which they arrive")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--max-duration", type=int, default=900, help="hard stop, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the copy <db>_rush")
    args = parser.parse_args()
    if args.parents > 1000 or args.max_duration > 3600:
        sys.exit("bounded on purpose: at most 1,000 parents and one hour")
    work = f"{args.db}_rush"
    drop_db(work)
    clone_db(args.db, work)
    logfile = f"/tmp/{work}.log"
    server = None
    try:
        plans = plan_parents(work, args.parents + 1, args.seed)
        reschedule_crons(work)
        server, base = start_server(work, args.port, args.workers, logfile)
        log(f"server up (log: {logfile}); warming up")
        warm_up(base, plans.pop())
        loads = [" ".join(f"{load:.1f}" for load in os.getloadavg())]
        offset = os.path.getsize(logfile)
        results = Results()
        started = time.monotonic()
        deadline = started + args.max_duration
        step = args.arrival / max(1, len(plans))
        rng = random.Random(args.seed)
        parents = [
            Parent(base, plan, started + n * step, deadline, results, random.Random(rng.random()))
            for n, plan in enumerate(plans)
        ]
        for parent in parents:
            parent.start()
        log(f"{len(parents)} parents arriving over {args.arrival} s")
        time.sleep(args.arrival / 2)
        nightly = {"at": time.monotonic() - started}
        cron_id, before = trigger_nightly(work)
        log("nightly processing started")
        watcher = threading.Thread(
            target=watch_nightly,
            args=(work, cron_id, before, time.monotonic(), deadline, nightly),
            daemon=True,
        )
        watcher.start()
        for parent in parents:
            parent.join(max(0.0, deadline - time.monotonic()))
        elapsed = time.monotonic() - started
        watcher.join(max(0.0, deadline - time.monotonic()))
        loads.append(" ".join(f"{load:.1f}" for load in os.getloadavg()))
        server_side = server_times(logfile, offset)
        report(args, results, elapsed, nightly, check_carts(work, results), loads, server_side)
    finally:
        if server:
            os.killpg(server.pid, 15)
            server.wait(60)
        if not args.keep:
            drop_db(work)


if __name__ == "__main__":
    main()
