"""End-to-end tests against a running Odoo server with both addons and their demo data.

``setup/test.sh`` starts a server on its throw-away test database and sets ``PF_E2E_URL``,
``PF_E2E_DB`` and ``PF_E2E_LOG`` (the server's log file); without ``PF_E2E_URL`` these tests are
skipped, without ``PF_E2E_LOG`` the log is not checked. Against the demo server of
``setup/run.sh``::

    PF_E2E_URL=http://localhost:8069 PF_E2E_DB=portail_familles_demo pytest tests/e2e

What the suites sent and found is printed at the end of the run.
"""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest
from portal_client import ServerLog, StaffRpc

#: Lines printed after the tests: what each suite sent and found.
REPORT = []


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("end-to-end suites: what was sent and found")
        for line in REPORT:
            terminalreporter.write_line(line)


@dataclass
class Page:
    status: int
    url: str
    text: str

    @property
    def path(self):
        return urllib.parse.urlsplit(self.url).path


class Browser:
    """A cookie-keeping HTTP client that follows redirects, like a browser without JavaScript."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode(errors="replace"))

    def login(self, login, password):
        form = self.open("/web/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, "no CSRF token in the login form"
        return self.open(
            "/web/login",
            {"login": login, "password": password, "csrf_token": token.group(1)},
        )


@pytest.fixture(scope="session")
def odoo_url():
    url = os.environ.get("PF_E2E_URL")
    if not url:
        pytest.skip("no running Odoo server (set PF_E2E_URL)")
    return url


@pytest.fixture
def browser(odoo_url):
    return Browser(odoo_url)


@pytest.fixture(scope="session")
def demo_parent():
    """Login and password of the demo parent (the DURAND family's référent)."""
    return (
        os.environ.get("PF_E2E_PARENT_LOGIN", "durand@example.com"),
        os.environ.get("PF_E2E_PARENT_PASSWORD", "durand"),
    )


@pytest.fixture(scope="session")
def demo_staff():
    """Login and password of the town staff's demo account."""
    return (
        os.environ.get("PF_E2E_STAFF_LOGIN", "admin"),
        os.environ.get("PF_E2E_STAFF_PASSWORD", "admin"),
    )


@pytest.fixture(scope="session")
def second_parent():
    """Login and password of a parent of another family (the MARTIN family's référent)."""
    return (
        os.environ.get("PF_E2E_PARENT2_LOGIN", "claire.martin@example.com"),
        os.environ.get("PF_E2E_PARENT2_PASSWORD", "martin"),
    )


@pytest.fixture(scope="session")
def staff_rpc(odoo_url, demo_staff):
    """The town's staff over JSON-RPC (needs ``PF_E2E_DB``)."""
    db = os.environ.get("PF_E2E_DB")
    if not db:
        pytest.skip("no database name for JSON-RPC (set PF_E2E_DB)")
    return StaffRpc(odoo_url, db, *demo_staff)


@pytest.fixture(scope="session")
def server_log():
    """The server's log (``PF_E2E_LOG``): faults written while a suite ran."""
    return ServerLog(os.environ.get("PF_E2E_LOG"))


@pytest.fixture(scope="session")
def e2e_report():
    """Add a line to what is printed at the end of the run."""
    return REPORT.append
