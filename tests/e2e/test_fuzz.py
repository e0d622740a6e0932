"""Fuzz pass over every form and URL parameter of the addons' portal routes.

Each parameter of each route gets, one at a time, hostile values (NUL and other control
characters, non-ASCII text, huge strings, negative and huge numbers, a list where one value is
expected, a line break with a header after it, markup, and seeded random text) while the other
parameters keep a plausible value; the upload forms also get bad files. Every answer must be
below 500 and the server must log no ERROR line. The pass is bounded (a fixed list, about 470
requests) and deterministic (one seed).
"""

import random
import re
import time
import urllib.parse
from collections import Counter
from datetime import date, timedelta

import pytest
from portal_client import PNG, PortalClient, field_values

pytestmark = pytest.mark.e2e

SEED = 20261129
#: The upload limit of the portal (periscolaire_portal/rules/documents.py), read from the page.
LIMIT_ATTRIBUTE = re.compile(r'data-max-size="(\d+)"')


def hostile_values(rng, in_url):
    """``{kind: value}``: what each parameter receives in turn. A list is sent as the
    parameter repeated. Strings in a URL stay short enough for a request line."""
    alphabet = "azAZ09-_ é€漢🙂\u202e\ufeff\x00\x1b\x7f\t\n<>\"'%&;/\\"
    return {
        "NUL": "12\x0034",
        "control and non-ASCII characters, markup": "".join(map(chr, range(1, 32)))
        + "\x7f\x85\x9f Séverine 漢字 🙂 \u202e\ufeff <script>alert(1)</script>&#0;",
        "huge string": "Z" * (3000 if in_url else 100_000),
        "negative number": "-1",
        "huge number": "9" * 40,
        "list": ["1", "deux"],
        "line break": "2026-01\r\nSet-Cookie: pf=1",
        "random": "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))),
    }


def bad_uploads(limit):
    """``{kind: (name, bytes, type)}``: files no form accepts, or that hurt."""
    return {
        "empty file": ("vide.pdf", b"", "application/pdf"),
        "program": ("programme.pdf", b"MZ\x90\x00" + bytes(2000), "application/pdf"),
        "one byte over the limit": ("scan.pdf", b"%PDF-1.4\n" + b"x" * limit, "application/pdf"),
        "name with control characters": ("a\x1b\x7fb.png", PNG, "image/png"),
        "huge name": ("n" * 5000 + ".png", PNG, "image/png"),
        "non-ASCII name": ("certificat médical 漢.png", PNG, "image/png"),
    }


class Fuzzer:
    def __init__(self, client, rng, report):
        self.client = client
        self.rng = rng
        self.report = report
        self.sent = Counter()
        self.failures = []

    def send(self, method, path, data=None, files=None, label=""):
        if method == "GET":
            response = self.client.get(path, params=data)
        else:
            response = self.client.post(path, data, files=files)
        self.sent[path.split("?")[0]] += 1
        if response.status_code >= 500:
            self.failures.append(f"{method} {path} [{label}] → {response.status_code}")
        return response

    def route(self, method, path, base, in_url=None, files=None):
        """Every hostile value in every parameter of ``base`` in turn; one line of report."""
        in_url = method == "GET" if in_url is None else in_url
        statuses = Counter()
        for field in base:
            for kind, value in hostile_values(self.rng, in_url).items():
                data = {**base, field: value}
                response = self.send(method, path, data, files, f"{field}: {kind}")
                statuses[response.status_code] += 1
        fields = ", ".join(base) or "—"
        self.report(f"fuzz {method} {path} ({fields}): {dict(sorted(statuses.items()))}")

    def path_ids(self, method, template, data=None, extra=()):
        """Malformed, negative, huge and zero ids in a URL path."""
        statuses = Counter()
        for value in ("0", "-1", "99999999999", "2147483648", "1e3", "%00", *extra):
            path = template.format(urllib.parse.quote(value, safe="%"))
            statuses[self.send(method, path, data, label=f"id {value}").status_code] += 1
        self.report(f"fuzz {method} {template.format('<id>')}: {dict(sorted(statuses.items()))}")

    def uploads(self, path, base, field, limit):
        statuses = Counter()
        for kind, upload in bad_uploads(limit).items():
            response = self.send("POST", path, base, {field: upload}, f"{field}: {kind}")
            statuses[response.status_code] += 1
        # A file posted under a text field's name, text under the file's name, five files.
        text_field = next(iter(base))
        for label, data, files in (
            ("file as text field", base, {text_field: ("x.png", PNG, "image/png")}),
            ("text as file field", {**base, field: "pas un fichier"}, None),
            ("five files", base, [(field, (f"{n}.png", PNG, "image/png")) for n in range(5)]),
        ):
            statuses[self.send("POST", path, data, files, label).status_code] += 1
        self.report(f"fuzz uploads POST {path} ({field}): {dict(sorted(statuses.items()))}")


@pytest.fixture(scope="module")
def family(odoo_url, demo_parent, staff_rpc):
    """The DURAND parent's session and valid values of its forms, read from its pages;
    what the pass changes in the family's account is put back afterwards."""
    client = PortalClient(odoo_url, "DURAND").login(*demo_parent)
    family_page = client.page("/my/family")
    children = [int(i) for i in dict.fromkeys(re.findall(r'/my/family/child/(\d+)"', family_page))]
    pickups_before = set(re.findall(r"/my/family/pickup/(\d+)/delete", family_page))
    allergies = staff_rpc.call("periscolaire.child", "read", children, ["allergies"])
    client.post("/my/booking/participants", {"child_ids": children[0]})
    activities = field_values(client.page("/my/booking/activities"), "activity_ids")
    client.post("/my/booking/activities", {"activity_ids": activities[0]})
    client.post("/my/booking/cart/clear")
    # A day past its deadline (an exceptional request's day), this month or the next.
    today = date.today()
    months = (today, today.replace(day=28) + timedelta(days=7))
    calendars = "".join(client.page(f"/my/booking/calendar?month={day:%Y-%m}") for day in months)
    late = re.findall(r"/my/booking/exception\?cell=([\w-]+)", calendars)
    alerts = client.page("/my/alerts")
    upload = re.search(r'<form action="/my/alerts/upload".*?</form>', alerts, re.S)
    absence = client.page("/my/absence")
    values = {
        "children": children,
        "activity": activities[0],
        "late_cell": late[0] if late else f"{children[0]}-{activities[0]}-2001-01-01-book",
        "reservations": field_values(absence, "reservation_ids"),
        "type_id": field_values(upload.group(0), "type_id")[0] if upload else "1",
        "limit": int(LIMIT_ATTRIBUTE.search(alerts + absence).group(1)),
        "ical_token": re.search(
            r"/periscolaire/ical/([\w-]+)\.ics", client.page("/my/calendar")
        ).group(1),
    }
    yield client, values
    for child in allergies:
        staff_rpc.call(
            "periscolaire.child", "write", [child["id"]], {"allergies": child["allergies"]}
        )
    added = set(re.findall(r"/my/family/pickup/(\d+)/delete", client.page("/my/family")))
    for pickup in sorted(added - pickups_before):
        client.post(f"/my/family/pickup/{pickup}/delete")
    client.post("/my/booking/cart/clear")


def test_no_input_gets_a_server_error(odoo_url, family, server_log, e2e_report):
    client, values = family
    mark = server_log.mark()
    started = time.monotonic()
    fuzz = Fuzzer(client, random.Random(SEED), e2e_report)
    child, activity, cell = values["children"][0], values["activity"], values["late_cell"]
    e2e_report(
        f"fuzz as DURAND: child {child}, activity {activity}, late day {cell}, "
        f"reservations {values['reservations'][:1]}, document type {values['type_id']}, "
        f"upload limit {values['limit']} bytes"
    )

    # Pages and their query parameters.
    fuzz.route("GET", "/my/reservations", {"child": child, "page": "1"})
    fuzz.route("GET", "/my/requests/history", {"page": "1"})
    fuzz.route("GET", "/my/calendar", {"month": "2026-03"})
    fuzz.route("GET", "/my/booking/calendar", {"month": "2026-03"})
    fuzz.route(
        "GET",
        "/my/booking/activities",
        {"sort": "name", "period": "all", "week": "2026-03-02", "meal": "1"},
    )
    fuzz.route("GET", "/my/booking/exception", {"cell": cell})
    fuzz.route("GET", "/my/invoices", {"sortby": "date", "filterby": "all", "page": "1"})
    fuzz.route("GET", "/my/invoices", {"date_begin": "2026-01-01", "date_end": "2026-12-31"})
    fuzz.route("GET", "/my", {"self": "1"})
    fuzz.route("GET", "/my/menus", {"week": "2026-03-02", "day": "2026-03-03"})
    for path in ("/my/calendar/pdf?month=%00", "/my/calendar/pdf?month=99999-99"):
        fuzz.send("GET", path, label="month")
    fuzz.path_ids("GET", "/my/requests/{}")
    fuzz.path_ids("GET", "/my/booking/confirmation/{}")
    fuzz.path_ids("GET", "/my/news/{}")
    fuzz.path_ids("GET", "/my/reservations/page/{}")
    fuzz.path_ids("GET", "/my/finances/attestation/{}", {"access_token": "é" * 30})
    fuzz.path_ids("GET", "/my/invoices/{}", {"access_token": "\x00", "report_type": "pdf"})
    fuzz.path_ids("GET", "/report/pdf/periscolaire_billing.report_tax_attestation/{}")
    fuzz.path_ids("GET", "/report/html/periscolaire_portal.report_attendance_sheet/{}")
    fuzz.path_ids("GET", "/periscolaire/ical/{}.ics", extra=(values["ical_token"] + "%00",))

    # Forms.
    fuzz.route("POST", "/my/booking/participants", {"child_ids": child})
    fuzz.route("POST", "/my/booking/activities", {"activity_ids": activity})
    # The booking steps read the selection of steps 1 and 2: select again.
    client.post("/my/booking/participants", {"child_ids": child})
    client.post("/my/booking/activities", {"activity_ids": activity})
    fuzz.route(
        "POST",
        "/my/booking/periodic",
        {
            "activity_id": activity,
            "date_start": "2001-01-01",  # outside the activity: nothing is booked
            "date_end": "2001-01-05",
            "frequency": "even",
            "weekdays": "mon",
            "action": "book",
        },
    )
    fuzz.route("POST", "/my/booking/calendar", {"cell": cell, "month": "2026-03"})
    fuzz.route("POST", "/my/booking/exception", {"cell": cell, "reason": "death", "comment": "x"})
    fuzz.route("POST", "/my/booking/cart/remove", {"line_id": "1", "stale": "1"})
    fuzz.route("POST", "/my/booking/cart/submit", {"confirm": "1"})
    fuzz.route("POST", f"/my/family/child/{child}", {"allergies": "Arachide"})
    fuzz.route(
        "POST",
        f"/my/family/child/{child}/pickup",
        {"name": "Mamie", "phone": "0600000000", "relationship": "grand-mère"},
    )
    reservation = values["reservations"][:1] or ["1"]
    fuzz.route("POST", "/my/absence", {"reservation_ids": reservation, "comment": "Varicelle"})
    fuzz.route(
        "POST",
        "/my/alerts/upload",
        {"type_id": values["type_id"], "child_id": child, "redirect": "/my/family"},
    )
    fuzz.path_ids("POST", "/my/family/child/{}", {"allergies": "x"})
    fuzz.path_ids("POST", "/my/family/pickup/{}/delete")
    fuzz.route("POST", f"/my/family/child/{child}/special-meal", {"special_meal": "standard"})
    # Without the consent field: consent given would ask the real QF service.
    fuzz.route("POST", "/my/family/qf", {"qf_api_birth_name": "DURAND", "qf_api_sex": "F"})
    # Direct debit: the family's mandate is signed (again) and revoked with valid values.
    fuzz.route(
        "POST",
        "/my/finances/prelevement/signer",
        {"holder": "Marie DURAND", "iban": "FR76 3000 6000 0112 3456 7890 189", "accept": "on"},
    )
    fuzz.route("POST", "/my/finances/prelevement/revoquer", {"mandate_id": "1"})
    fuzz.path_ids("POST", "/my/finances/prelevement/revoquer?mandate_id={}")
    # PayFiP's return and notification, which anyone can call.
    fuzz.route("GET", "/payment/payfip/return", {"idOp": "0f6c9a1e2b3d4c5e"})
    fuzz.route("POST", "/payment/payfip/notify", {"idOp": "0f6c9a1e2b3d4c5e"})
    fuzz.path_ids("POST", "/my/family/child/{}/special-meal", {"special_meal": "standard"})

    # Forms and pages without parameters, given some anyway.
    for method, path in (
        ("GET", "/my/booking/new"),
        ("GET", "/my/messages"),
        ("GET", "/my/finances/prelevement"),
        ("POST", "/my/booking/cart/clear"),
        ("POST", "/my/calendar/ical/renew"),
    ):
        fuzz.route(method, path, {"inattendu": "1"})

    # Uploads.
    document = {"type_id": values["type_id"], "child_id": child, "redirect": "/my/alerts"}
    fuzz.uploads("/my/alerts/upload", document, "file", values["limit"])
    fuzz.uploads("/my/absence", {"reservation_ids": reservation}, "certificate", values["limit"])
    exception = {"cell": cell, "reason": "death"}
    fuzz.uploads("/my/booking/exception", exception, "justification", values["limit"])

    # The same hostile text through to the database once, in fields that are written.
    for path, data, files in (
        (f"/my/family/child/{child}", {"allergies": "ara\x00chide\x1b"}, None),
        (f"/my/family/child/{child}/pickup", {"name": "Ma\x00mie", "phone": "06\x00"}, None),
        (
            "/my/absence",
            {"reservation_ids": reservation, "comment": "Vari\x00celle"},
            {"certificate": ("c\x1b.png", PNG, "image/png")},
        ),
        (
            "/my/booking/exception",
            {"cell": cell, "reason": "death", "comment": "Obsè\x00ques"},
            {"justification": ("a\x1b.png", PNG, "image/png")},
        ),
    ):
        fuzz.send("POST", path, data, files, "NUL written")

    anonymous = Fuzzer(PortalClient(odoo_url, "anonyme"), random.Random(SEED), e2e_report)
    anonymous.path_ids("GET", "/periscolaire/ical/{}.ics", extra=("é" * 30, "a" * 101))
    anonymous.route("GET", "/my/finances/attestation/1", {"access_token": "0" * 32})

    elapsed = time.monotonic() - started
    faults = server_log.faults_since(mark)
    total = sum(fuzz.sent.values()) + sum(anonymous.sent.values())
    e2e_report(
        f"fuzz: {total} requests to {len(fuzz.sent | anonymous.sent)} URLs in {elapsed:.1f} s "
        f"(seed {SEED}), {len(fuzz.failures + anonymous.failures)} answer(s) ≥ 500, "
        f"{len(faults)} ERROR line(s) in the server log"
    )
    assert not fuzz.failures + anonymous.failures, "\n".join(fuzz.failures + anonymous.failures)
    assert not faults, "\n".join(faults)


def test_a_shared_childs_forms_get_no_server_error(odoo_url, staff_rpc, server_log, e2e_report):
    """The forms that decide whose day it is, fuzzed as the demo mother of Jade (a child of
    separated parents, alternate weeks) on a day her father booked and over both weeks."""
    mother = PortalClient(odoo_url, "LEROY").login("camille.leroy@example.com", "leroy")
    # Jade's latest day booked by her father (the mother's Tom is hers alone).
    fathers_day = staff_rpc.call(
        "periscolaire.reservation",
        "search_read",
        [
            ("family_id.referent_id.email", "=", "julien.moreau@example.com"),
            ("child_id.second_family_id.referent_id.email", "=", "camille.leroy@example.com"),
            ("state", "=", "confirmed"),
        ],
        ["child_id", "activity_id", "date"],
        order="date desc",
        limit=1,
    )[0]
    jade, activity = fathers_day["child_id"][0], fathers_day["activity_id"][0]
    day = date.fromisoformat(fathers_day["date"])
    assert f'/my/family/child/{jade}"' in mother.page("/my/family")
    mark = server_log.mark()
    fuzz = Fuzzer(mother, random.Random(SEED), e2e_report)
    mother.post("/my/booking/participants", {"child_ids": jade})
    mother.post("/my/booking/activities", {"activity_ids": activity})
    for action in ("book", "cancel"):
        fuzz.route(
            "POST",
            "/my/booking/calendar",
            {"cell": f"{jade}-{activity}-{day}-{action}", "month": f"{day:%Y-%m}"},
        )
    fuzz.route(
        "POST",
        "/my/booking/periodic",
        {
            "activity_id": activity,
            "date_start": (day - timedelta(days=7)).isoformat(),
            "date_end": (day + timedelta(days=7)).isoformat(),
            "frequency": "every",
            "weekdays": "mon",
            "action": "book",
        },
    )
    fuzz.route("GET", "/my/calendar", {"month": f"{day:%Y-%m}"})
    fuzz.route("GET", "/my/reservations", {"child": jade, "page": "1"})
    mother.post("/my/booking/cart/clear")
    faults = server_log.faults_since(mark)
    e2e_report(
        f"fuzz as LEROY (Jade {jade}, her father's day {day}): {sum(fuzz.sent.values())} "
        f"requests, {len(fuzz.failures)} answer(s) ≥ 500, {len(faults)} ERROR line(s)"
    )
    assert not fuzz.failures, "\n".join(fuzz.failures)
    assert not faults, "\n".join(faults)
