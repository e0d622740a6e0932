"""Staff validating the same day at the same time, against the live server.

Each round, families ask one after the other for a day with few places; then
threads validate their requests (a whole request, or its lines from the list)
and run the nightly processing, all at once and in a shuffled order, through
JSON-RPC as staff (a session per thread). Whatever the interleaving, the first
arrivals get the places, never more than there are, the others wait with
ranks 1..n, and the nightly run then changes nothing. Bounded: a few rounds,
well under a minute. The transactions PostgreSQL refuses meanwhile are logged
as ERROR lines, which setup/test.sh checks were all retried.
"""

import os
import random
import threading
import time
from datetime import date, timedelta

import pytest
from portal_client import StaffRpc

pytestmark = pytest.mark.e2e

ROUNDS = 3
FAMILIES = 5
PLACES = 2
FIRST_DAY = date(2031, 3, 10)  # a Monday without public holiday, far from the demo's
TIME_LIMIT = 60


def create_families(rpc, site_id, tag):
    family_ids = []
    for number in range(1, FAMILIES + 1):
        partner_id = rpc(
            "res.partner",
            "create",
            {"name": f"E2E {tag} PARENT {number}", "email": f"e2e-{tag}-{number}@example.com"},
        )
        family_ids.append(
            rpc(
                "periscolaire.family",
                "create",
                {
                    "name": f"E2E {tag} FAMILLE {number}",
                    "referent_id": partner_id,
                    "child_ids": [
                        [
                            0,
                            0,
                            {
                                "first_name": f"Enfant{number}",
                                "last_name": f"E2E {tag} {number}",
                                "birth_date": "2020-05-01",
                                "site_id": site_id,
                            },
                        ]
                    ],
                },
            )
        )
    families = rpc("periscolaire.family", "read", family_ids, ["child_ids"])
    return [(family["id"], family["child_ids"][0]) for family in families]


def submit_in_order(rpc, families, activity_id, day):
    """One request per family, sent one after the other: the arrival order."""
    requests = []
    for family_id, child_id in families:
        request_id = rpc(
            "periscolaire.request",
            "create",
            {
                "family_id": family_id,
                "line_ids": [
                    [0, 0, {"child_id": child_id, "activity_id": activity_id, "date": str(day)}]
                ],
            },
        )
        rpc("periscolaire.request", "action_submit", [request_id])
        requests.append(request_id)
    return requests


def day_lines(rpc, activity_id, day):
    """The lines of a day in arrival order: sending time, then request, then line."""
    lines = rpc(
        "periscolaire.request.line",
        "search_read",
        [("activity_id", "=", activity_id), ("date", "=", str(day))],
        fields=["request_id", "submitted_at", "state", "waiting_rank", "reservation_id"],
    )
    return sorted(lines, key=lambda line: (line["submitted_at"], line["request_id"][0], line["id"]))


def run_together(jobs):
    """Run the callables at the same instant in threads; return their errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        barrier.wait()
        try:
            job()
        except Exception as error:  # reported by the test
            errors.append(f"{job.__name__}: {error}")

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIME_LIMIT)
    return errors


def test_concurrent_validations_keep_arrival_order(
    odoo_url, demo_staff, staff_rpc, server_log, e2e_report
):
    started = time.monotonic()
    mark = server_log.mark()
    rpc = staff_rpc.call
    tag = f"{int(time.time())}-{os.getpid()}"
    site_id = rpc("periscolaire.site", "search", [], limit=1)[0]
    category_id = rpc("periscolaire.activity.category", "search", [], limit=1)[0]
    activity_id = rpc(
        "periscolaire.activity",
        "create",
        {
            "number": 9000 + os.getpid() % 1000,
            "name": f"E2E CONCURRENCE {tag}",
            "site_id": site_id,
            "category_id": category_id,
            "date_start": "2031-01-01",
            "date_end": "2031-12-31",
            "hour_start": 16.0,
            "hour_end": 17.0,
            **dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), True),
            "day_kind": "both",
            "capacity": PLACES,
        },
    )
    families = create_families(rpc, site_id, tag)
    cron_id = rpc(
        "ir.model.data",
        "search_read",
        [("module", "=", "periscolaire_portal"), ("name", "=", "ir_cron_process_requests")],
        fields=["res_id"],
    )[0]["res_id"]
    shuffle = random.Random(tag)

    for round_number in range(ROUNDS):
        day = FIRST_DAY + timedelta(days=round_number)
        requests = submit_in_order(rpc, families, activity_id, day)
        line_of = {line["request_id"][0]: line["id"] for line in day_lines(rpc, activity_id, day)}
        jobs = []
        for index, request_id in enumerate(requests):
            session = StaffRpc(odoo_url, os.environ["PF_E2E_DB"], *demo_staff)
            if index % 2:

                def job(session=session, request_id=request_id):
                    session.call("periscolaire.request", "action_validate_lines", [request_id])

                job.__name__ = f"valider la demande {index + 1}"
            else:

                def job(session=session, line_id=line_of[request_id]):
                    session.call("periscolaire.request.line", "action_validate", [line_id])

                job.__name__ = f"valider la ligne {index + 1}"
            jobs.append(job)
        if round_number % 2:
            session = StaffRpc(odoo_url, os.environ["PF_E2E_DB"], *demo_staff)

            def nightly(session=session):
                session.call("ir.cron", "method_direct_trigger", [cron_id])

            jobs.append(nightly)
        shuffle.shuffle(jobs)
        errors = run_together(jobs)
        lines = day_lines(rpc, activity_id, day)
        found = [
            (line["state"], line["waiting_rank"]) if line["state"] == "waiting" else line["state"]
            for line in lines
        ]
        e2e_report(
            f"concurrent validation, round {round_number + 1}, {day}, {PLACES} places, "
            f"{FAMILIES} families: sent {[job.__name__ for job in jobs]} at once; "
            f"found in arrival order {found}"
        )
        assert not errors, errors
        confirmed = rpc(
            "periscolaire.reservation",
            "search_count",
            [
                ("activity_id", "=", activity_id),
                ("date", "=", str(day)),
                ("state", "=", "confirmed"),
            ],
        )
        assert confirmed == PLACES, f"{confirmed} confirmed reservations for {PLACES} places"
        assert [line["state"] for line in lines] == ["validated"] * PLACES + ["waiting"] * (
            FAMILIES - PLACES
        ), found
        assert [line["waiting_rank"] for line in lines[PLACES:]] == list(
            range(1, FAMILIES - PLACES + 1)
        ), found

    days = [str(FIRST_DAY + timedelta(days=n)) for n in range(ROUNDS)]

    def snapshot():
        lines = rpc(
            "periscolaire.request.line",
            "search_read",
            [("activity_id", "=", activity_id), ("date", "in", days)],
            fields=["state", "waiting_rank", "reservation_id"],
            order="id",
        )
        reservations = rpc(
            "periscolaire.reservation",
            "search_read",
            [("activity_id", "=", activity_id)],
            fields=["state"],
            order="id",
        )
        return lines, reservations

    rpc("ir.cron", "method_direct_trigger", [cron_id])
    settled = snapshot()
    rpc("ir.cron", "method_direct_trigger", [cron_id])
    unchanged = snapshot() == settled
    elapsed = time.monotonic() - started
    faults = server_log.faults_since(mark)
    outcome = "nothing changed" if unchanged else "CHANGES"
    e2e_report(
        f"concurrent validation: second nightly run, {outcome}; {len(faults)} ERROR line(s) "
        f"in the server log (PostgreSQL refusals that Odoo must have retried); {elapsed:.1f} s"
    )
    assert unchanged
    assert elapsed < TIME_LIMIT
