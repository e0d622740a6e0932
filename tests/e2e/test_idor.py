"""IDOR sweep: every portal URL that carries an id, tried with the ids of another family's
records, as a parent of another family and as an anonymous visitor; and between the two
households of a child of separated parents.

The other family (the MARTIN family of the demo data, ``second_parent``) first makes records
through its own pages (a pickup person, a document) and the town's staff give it an invoice, a
tax attestation and a cart line. Then every URL is tried by the DURAND family's parent and by an
anonymous visitor: each must answer 403 or 404, or redirect (to the login page, or to the portal
home for Odoo's invoice page), never with the other family's data, and change nothing.
"""

import base64
import re
import time
import urllib.parse
from datetime import date

import pytest
from portal_client import PNG, PortalClient, field_values

pytestmark = pytest.mark.e2e

WITNESS = "Témoin IDOR"
#: A published example IBAN (valid check digits) for the other family's mandate.
MANDATE_IBAN = "DE89370400440532013000"
#: A year no real attestation has: the staff make one for the other family.
ATTESTATION_YEAR = 2001


def ids(pattern, text):
    return [int(value) for value in dict.fromkeys(re.findall(pattern, text))]


def field_ids(html, name):
    return [int(value) for value in dict.fromkeys(field_values(html, name)) if value.isdigit()]


def upload_forms(html):
    """The hidden fields (type, child) of each "Envoyer" form of a documents table."""
    forms = re.findall(r'<form action="/my/alerts/upload".*?</form>', html, re.S)
    return [
        {
            name: values[0]
            for name in ("type_id", "child_id")
            if (values := field_values(form, name))
        }
        for form in forms
    ]


def staff_finances(staff_rpc, family_id, partner_id, price):
    """A tax attestation (of a year no real one has) and a posted invoice of the family,
    made by the staff; returns the invoice's id."""
    if not staff_rpc.call(
        "periscolaire.tax.attestation",
        "search",
        [("family_id", "=", family_id), ("year", "=", ATTESTATION_YEAR)],
    ):
        staff_rpc.call(
            "periscolaire.tax.attestation",
            "create",
            {"family_id": family_id, "year": ATTESTATION_YEAR, "partner_id": partner_id},
        )
    invoice = staff_rpc.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "periscolaire_family_id": family_id,
            "invoice_date": date.today().isoformat(),
            "invoice_line_ids": [(0, 0, {"name": WITNESS, "quantity": 1, "price_unit": price})],
        },
    )
    staff_rpc.call("account.move", "action_post", [invoice])
    return invoice


def staff_cart_line(staff_rpc, family_id):
    """A day the family booked, put back in its cart by the staff (a parent cannot book
    before the family's blocking documents are validated); returns the day's values."""
    booked = staff_rpc.call(
        "periscolaire.reservation",
        "search_read",
        [("family_id", "=", family_id), ("state", "=", "confirmed")],
        ["child_id", "activity_id", "date"],
        order="date desc",
        limit=1,
    )[0]
    day = {key: booked[key][0] for key in ("child_id", "activity_id")} | {"date": booked["date"]}
    cart = staff_rpc.call(
        "periscolaire.request", "search", [("family_id", "=", family_id), ("state", "=", "cart")]
    )
    if cart:
        staff_rpc.call("periscolaire.request", "write", cart, {"line_ids": [(0, 0, day)]})
    else:
        staff_rpc.call(
            "periscolaire.request", "create", {"family_id": family_id, "line_ids": [(0, 0, day)]}
        )
    return day


@pytest.fixture(scope="module")
def other_family(odoo_url, second_parent, staff_rpc):
    """The other family's records, made through its own pages and by the staff."""
    other = PortalClient(odoo_url, "MARTIN").login(*second_parent)
    family_page = other.page("/my/family")
    children = ids(r'action="/my/family/child/(\d+)"', family_page)
    other.post(f"/my/family/child/{children[0]}/pickup", {"name": WITNESS, "phone": "0600"})
    pickups = ids(r"/my/family/pickup/(\d+)/delete", other.page("/my/family"))

    upload = upload_forms(other.page("/my/alerts"))[0]
    other.post("/my/alerts/upload", upload, files={"file": ("idor.png", PNG, "image/png")})
    family_id = staff_rpc.call("periscolaire.child", "read", children[:1], ["family_id"])[0][
        "family_id"
    ][0]
    family = staff_rpc.call("periscolaire.family", "read", [family_id], ["referent_id"])[0]
    partner_id = family["referent_id"][0]
    documents = staff_rpc.call(
        "periscolaire.document", "search_read", [("family_id", "=", family_id)], ["attachment_ids"]
    )
    attachments = [a for document in documents for a in document["attachment_ids"]]

    invoice = staff_finances(staff_rpc, family_id, partner_id, 12.5)
    # A direct-debit mandate, signed on the family's own page (again when the server was
    # already swept: the new one replaces the previous one).
    signed = other.post(
        "/my/finances/prelevement/signer",
        {"holder": "Claire MARTIN", "iban": MANDATE_IBAN, "accept": "on"},
    )
    assert signed.status_code == 303, "the other family could not sign its mandate"
    mandates = staff_rpc.call(
        "account.banking.mandate",
        "search_read",
        [("periscolaire_family_id", "=", family_id), ("state", "=", "valid")],
        ["unique_mandate_reference"],
    )
    finances = other.page("/my/finances")
    attestation, token = re.search(
        r"/my/finances/attestation/(\d+)\?access_token=([\w-]+)", finances
    ).groups()

    day = staff_cart_line(staff_rpc, family_id)
    lines = field_ids(other.page("/my/booking/cart"), "line_id")
    records = {
        "family": family_id,
        "children": children,
        "pickups": pickups,
        "attachments": attachments,
        "requests": ids(r"/my/requests/(\d+)", other.page("/my/requests/history")),
        "reservations": field_ids(other.page("/my/absence"), "reservation_ids"),
        "lines": lines,
        "attestation": int(attestation),
        "attestation_token": token,
        "invoice": invoice,
        "mandates": [mandate["id"] for mandate in mandates],
        "cell": f"{day['child_id']}-{day['activity_id']}-{day['date']}-cancel",
        "upload": upload,
    }
    names = staff_rpc.call("periscolaire.child", "read", children, ["name", "allergies"])
    invoice_name = staff_rpc.call("account.move", "read", [invoice], ["name"])[0]["name"]
    records["markers"] = [child["name"] for child in names] + [WITNESS, invoice_name]
    records["markers"] += [mandate["unique_mandate_reference"] for mandate in mandates]
    records["allergies"] = {child["id"]: child["allergies"] for child in names}
    yield records
    other.post("/my/booking/cart/clear")


def sweep_urls(records):
    """``(method, path, data, files)`` of every portal URL with an id, with the other
    family's ids."""
    child = records["children"][0]
    gets = [f"/my/requests/{request_id}" for request_id in records["requests"][:3]]
    gets += [f"/my/booking/confirmation/{request_id}" for request_id in records["requests"][:2]]
    gets += [f"/my/reservations?child={child_id}" for child_id in records["children"]]
    gets += [
        f"/my/booking/exception?cell={records['cell']}",
        f"/my/finances/attestation/{records['attestation']}",
        f"/my/finances/attestation/{records['attestation']}?access_token=0000{'a' * 32}",
        f"/my/invoices/{records['invoice']}",
        f"/my/invoices/{records['invoice']}?report_type=pdf&download=true",
        f"/report/pdf/periscolaire_billing.report_tax_attestation/{records['attestation']}",
        f"/report/html/periscolaire_billing.report_tax_attestation/{records['attestation']}",
        f"/report/html/periscolaire_portal.report_periscolaire_calendar/{records['family']}",
    ]
    if records["reservations"]:
        reservations = ",".join(map(str, records["reservations"][:3]))
        gets.append(f"/report/html/periscolaire_portal.report_attendance_sheet/{reservations}")
        gets.append(f"/report/pdf/periscolaire_portal.report_attendance_sheet/{reservations}")
    gets += [f"/web/content/{attachment}" for attachment in records["attachments"][:3]]
    posts = [
        (f"/my/family/child/{child}", {"allergies": "modifié par une autre famille"}, None),
        (f"/my/family/child/{child}/pickup", {"name": "Intrus"}, None),
        ("/my/booking/participants", {"child_ids": child}, None),
        ("/my/booking/calendar", {"cell": records["cell"]}, None),
        (
            "/my/alerts/upload",
            {**records["upload"], "child_id": records["upload"].get("child_id") or child},
            {"file": ("intrus.png", PNG, "image/png")},
        ),
        (
            "/my/absence",
            {"reservation_ids": records["reservations"][:1]},
            {"certificate": ("intrus.png", PNG, "image/png")},
        ),
    ]
    posts += [(f"/my/family/pickup/{pickup}/delete", {}, None) for pickup in records["pickups"][:3]]
    posts += [("/my/booking/cart/remove", {"line_id": line}, None) for line in records["lines"][:3]]
    posts += [
        ("/my/finances/prelevement/revoquer", {"mandate_id": mandate}, None)
        for mandate in records["mandates"]
    ]
    return [("GET", path, None, None) for path in gets] + [
        ("POST", path, data, files) for path, data, files in posts
    ]


def json_rpc_reads(records):
    return [
        ("periscolaire.child", records["children"]),
        ("periscolaire.family", [records["family"]]),
        ("periscolaire.pickup.person", records["pickups"][:3]),
        ("periscolaire.request", records["requests"][:3]),
        ("periscolaire.reservation", records["reservations"][:3]),
        ("periscolaire.tax.attestation", [records["attestation"]]),
        ("account.move", [records["invoice"]]),
        ("account.banking.mandate", records["mandates"]),
        ("ir.attachment", records["attachments"][:3]),
    ]


def refused(response, anonymous):
    """Why an answer is not a refusal, or None when it is one."""
    if response.status_code in (403, 404):
        return None
    if response.status_code in (301, 302, 303, 307):
        # Odoo's invoice page sends whoever may not read the invoice to the portal's home
        # (itself behind the login page).
        target = urllib.parse.urlsplit(response.headers.get("Location", "")).path
        return None if target in ("/web/login", "/my") else f"redirect to {target}"
    if response.status_code == 200 and response.request.method == "POST" and not anonymous:
        # The absence form answers its own page with the refusal.
        return None if "ne peuvent pas être déclarés" in response.text else "accepted"
    return f"status {response.status_code}"


def try_url(client, method, path, data, files):
    if method == "GET":
        return client.get(path)
    return client.post(path, data, files=files)


def sweep(parent, anonymous, urls, rpc_reads, markers, e2e_report):
    """Try every URL as ``parent`` and as ``anonymous``, and read the records over JSON-RPC as
    ``parent``; return ``(problems, requests sent)``."""
    problems, tried = [], 0
    for method, path, data, files in urls:
        found = []
        for client in (parent, anonymous):
            response = try_url(client, method, path, data, files)
            tried += 1
            found.append(f"{client.name} {response.status_code}")
            if response.is_redirect:
                found[-1] += f"→{urllib.parse.urlsplit(response.headers['Location']).path}"
            problem = refused(response, client is anonymous)
            text = response.text
            if response.is_redirect:
                text += client.get(response.headers["Location"], follow=True).text
            shown = [marker for marker in markers if marker in text]
            if problem or shown:
                problems.append(f"{client.name} {method} {path}: {problem or ''} {shown or ''}")
        e2e_report(f"IDOR {method} {path}: {', '.join(found)}")

    for model, record_ids in rpc_reads:
        if not record_ids:
            continue
        params = {"model": model, "method": "read", "args": [record_ids, ["display_name"]]}
        answer = parent.http.post(
            parent.url(f"/web/dataset/call_kw/{model}/read"),
            json={"jsonrpc": "2.0", "method": "call", "params": {**params, "kwargs": {}}},
            timeout=60,
        ).json()
        tried += 1
        if "error" not in answer:
            problems.append(f"{parent.name} JSON-RPC read {model} {record_ids}: {answer['result']}")
        outcome = "refused" if "error" in answer else "READ"
        e2e_report(f"IDOR JSON-RPC read {model} {record_ids}: {parent.name} {outcome}")
    return problems, tried


def test_other_family_ids_are_refused(
    odoo_url, demo_parent, other_family, staff_rpc, server_log, e2e_report
):
    mark = server_log.mark()
    started = time.monotonic()
    parent = PortalClient(odoo_url, "DURAND").login(*demo_parent)
    anonymous = PortalClient(odoo_url, "anonyme")
    problems, tried = sweep(
        parent,
        anonymous,
        sweep_urls(other_family),
        json_rpc_reads(other_family),
        other_family["markers"],
        e2e_report,
    )

    children = staff_rpc.call(
        "periscolaire.child", "read", other_family["children"], ["allergies", "pickup_person_ids"]
    )
    assert {c["id"]: c["allergies"] for c in children} == other_family["allergies"]
    assert sorted(p for c in children for p in c["pickup_person_ids"]) == sorted(
        other_family["pickups"]
    ), "pickup persons of the other family were changed"
    if other_family["mandates"]:
        states = staff_rpc.call(
            "account.banking.mandate", "read", other_family["mandates"], ["state"]
        )
        assert {m["state"] for m in states} == {"valid"}, "the other family's mandate was revoked"
    if other_family["lines"]:
        kept = staff_rpc.call(
            "periscolaire.request.line", "search", [("id", "in", other_family["lines"])]
        )
        assert sorted(kept) == sorted(other_family["lines"]), "a cart line was removed"
    faults = server_log.faults_since(mark)
    e2e_report(
        f"IDOR sweep: {tried} requests in {time.monotonic() - started:.1f} s, "
        f"{len(problems)} problem(s), {len(faults)} ERROR line(s) in the server log"
    )
    assert not problems, "\n".join(problems)
    assert not faults, "\n".join(faults)


# ---------------------------------------------------------------------------------------------
# The two households of a child of separated parents (demo: Jade, her father's MOREAU
# household and her mother's LEROY household). Jade is both's; the rest of each is its own.
# ---------------------------------------------------------------------------------------------
FATHER = ("julien.moreau@example.com", "moreau")
MOTHER = ("camille.leroy@example.com", "leroy")
FATHER_PRIVATE = ("4 rue des Tilleuls", "06 21 43 65 87", "julien.moreau@example.com")


@pytest.fixture(scope="module")
def father_household(odoo_url, staff_rpc):
    """The father's own records: made through his pages and by the staff."""
    father = PortalClient(odoo_url, "MOREAU").login(*FATHER)
    family_page = father.page("/my/family")
    jade = ids(r'action="/my/family/child/(\d+)"', family_page)[0]
    father.post(f"/my/family/child/{jade}/pickup", {"name": WITNESS, "phone": "0600"})
    pickups = ids(r"/my/family/pickup/(\d+)/delete", father.page("/my/family"))
    family_id = staff_rpc.call(
        "periscolaire.family", "search", [("referent_id.email", "=", FATHER[0])]
    )[0]
    partner_id = staff_rpc.call("periscolaire.family", "read", [family_id], ["referent_id"])[0][
        "referent_id"
    ][0]
    # His own documents (proof of address, QF), never Jade's shared ones.
    own_documents = staff_rpc.call(
        "periscolaire.document",
        "search",
        [
            ("family_id", "=", family_id),
            "|",
            ("child_id", "=", False),
            ("type_id.per_household", "=", True),
        ],
    )
    attachment = staff_rpc.call(
        "ir.attachment",
        "create",
        {
            "name": f"{WITNESS}.png",
            "datas": base64.b64encode(PNG).decode(),
            "res_model": "periscolaire.document",
            "res_id": own_documents[0],
        },
    )
    invoice = staff_finances(staff_rpc, family_id, partner_id, 9.5)
    attestation = re.search(
        r"/my/finances/attestation/(\d+)\?access_token=", father.page("/my/finances")
    ).group(1)
    staff_cart_line(staff_rpc, family_id)
    invoice_name = staff_rpc.call("account.move", "read", [invoice], ["name"])[0]["name"]
    # Jade's latest day booked by her father: a day of his, that her mother sees as taken.
    jade_day = staff_rpc.call(
        "periscolaire.reservation",
        "search_read",
        [("family_id", "=", family_id), ("child_id", "=", jade), ("state", "=", "confirmed")],
        ["activity_id", "date"],
        order="date desc",
        limit=1,
    )[0]
    records = {
        "family": family_id,
        "jade": jade,
        "jade_booking": jade_day["id"],
        "jade_cell": f"{jade}-{jade_day['activity_id'][0]}-{jade_day['date']}",
        "documents": own_documents,
        "pickups": pickups,
        "attachments": [attachment],
        "requests": ids(r"/my/requests/(\d+)", father.page("/my/requests/history")),
        "reservations": field_ids(father.page("/my/absence"), "reservation_ids"),
        "lines": field_ids(father.page("/my/booking/cart"), "line_id"),
        "attestation": int(attestation),
        "invoice": invoice,
        "markers": [*FATHER_PRIVATE, WITNESS, invoice_name],
    }
    yield records
    father.post("/my/booking/cart/clear")


def household_urls(records):
    """The sweep's URLs for the records that are the father's alone (Jade's pages are the
    mother's too)."""
    gets = [f"/my/requests/{request_id}" for request_id in records["requests"][:3]]
    gets += [f"/my/booking/confirmation/{request_id}" for request_id in records["requests"][:2]]
    gets += [
        f"/my/finances/attestation/{records['attestation']}",
        f"/my/invoices/{records['invoice']}",
        f"/report/pdf/periscolaire_billing.report_tax_attestation/{records['attestation']}",
        f"/report/html/periscolaire_portal.report_periscolaire_calendar/{records['family']}",
    ]
    gets += [f"/web/content/{attachment}" for attachment in records["attachments"]]
    posts = [(f"/my/family/pickup/{pickup}/delete", {}, None) for pickup in records["pickups"][:3]]
    posts += [("/my/booking/cart/remove", {"line_id": line}, None) for line in records["lines"][:3]]
    posts.append(
        (
            "/my/absence",
            {"reservation_ids": records["reservations"][:1]},
            {"certificate": ("intrus.png", PNG, "image/png")},
        )
    )
    return [("GET", path, None, None) for path in gets] + [
        ("POST", path, data, files) for path, data, files in posts
    ]


def test_the_other_household_of_a_shared_child_is_refused(
    odoo_url, father_household, staff_rpc, server_log, e2e_report
):
    mark = server_log.mark()
    mother = PortalClient(odoo_url, "LEROY").login(*MOTHER)
    # She sees Jade, and none of her father's contact details.
    family_page = mother.page("/my/family")
    assert "MOREAU JADE" in family_page
    assert not [marker for marker in father_household["markers"] if marker in family_page]
    records = father_household
    rpc_reads = [
        ("periscolaire.family", [records["family"]]),
        ("periscolaire.pickup.person", records["pickups"][:3]),
        ("periscolaire.request", records["requests"][:3]),
        ("periscolaire.request.line", records["lines"][:3]),
        ("periscolaire.reservation", [records["jade_booking"], *records["reservations"][:3]]),
        ("periscolaire.document", records["documents"][:3]),
        ("periscolaire.tax.attestation", [records["attestation"]]),
        ("account.move", [records["invoice"]]),
        ("ir.attachment", records["attachments"]),
    ]
    problems, tried = sweep(
        mother,
        PortalClient(odoo_url, "anonyme"),
        household_urls(records),
        rpc_reads,
        records["markers"],
        e2e_report,
    )
    kept = staff_rpc.call(
        "periscolaire.pickup.person", "search", [("id", "in", records["pickups"])]
    )
    assert sorted(kept) == sorted(records["pickups"]), "the father's pickup persons were changed"
    # Jade is hers too, but a day her father booked is his: neither cancelled nor booked again.
    mother_family = staff_rpc.call(
        "periscolaire.family", "search", [("referent_id.email", "=", MOTHER[0])]
    )[0]
    for action in ("cancel", "book"):
        mother.post("/my/booking/calendar", {"cell": f"{records['jade_cell']}-{action}"})
        tried += 1
    booking = staff_rpc.call(
        "periscolaire.reservation", "read", [records["jade_booking"]], ["state", "family_id"]
    )[0]
    assert booking["state"] == "confirmed", "the mother cancelled the father's day"
    assert booking["family_id"][0] == records["family"]
    _jade, activity, day = records["jade_cell"].split("-", 2)
    assert not staff_rpc.call(
        "periscolaire.request.line",
        "search",
        [
            ("family_id", "=", mother_family),
            ("child_id", "=", records["jade"]),
            ("activity_id", "=", int(activity)),
            ("date", "=", day),
        ],
    ), "the father's day reached the mother's cart"
    e2e_report(f"IDOR the father's day of Jade clicked by the mother: kept ({day})")
    faults = server_log.faults_since(mark)
    e2e_report(
        f"IDOR sweep between households: {tried} requests, {len(problems)} problem(s), "
        f"{len(faults)} ERROR line(s) in the server log"
    )
    assert not problems, "\n".join(problems)
    assert not faults, "\n".join(faults)
