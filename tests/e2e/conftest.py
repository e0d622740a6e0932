"""End-to-end tests against a running Odoo server with both addons and their demo data.

``setup/test.sh`` starts a server on its throw-away test database and sets ``PF_E2E_URL``;
without that variable these tests are skipped. Against the demo server of ``setup/run.sh``::

    PF_E2E_URL=http://localhost:8069 pytest tests/e2e
"""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest


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


@pytest.fixture
def odoo_url():
    url = os.environ.get("PF_E2E_URL")
    if not url:
        pytest.skip("no running Odoo server (set PF_E2E_URL)")
    return url


@pytest.fixture
def browser(odoo_url):
    return Browser(odoo_url)


@pytest.fixture
def demo_parent():
    """Login and password of the demo parent (the DURAND family's référent)."""
    return (
        os.environ.get("PF_E2E_PARENT_LOGIN", "durand@example.com"),
        os.environ.get("PF_E2E_PARENT_PASSWORD", "durand"),
    )


@pytest.fixture
def demo_staff():
    """Login and password of the town staff's demo account."""
    return (
        os.environ.get("PF_E2E_STAFF_LOGIN", "admin"),
        os.environ.get("PF_E2E_STAFF_PASSWORD", "admin"),
    )
