"""HTTP clients of the end-to-end suites: a parent on the portal, staff over JSON-RPC,
and a reader of the server's log.

The suites send what a browser (or a hostile script) would send, with ``requests``: forms
with repeated fields, multipart uploads, any bytes in a query string.
"""

import re
import urllib.parse

import requests

#: A log line of Odoo at a level that means a fault (the format of setup/test.sh's check).
FAULT_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} [0-9:,]+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = 60
#: A 1×1 PNG: a file every upload form accepts.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010804000000b51c0c02"
    "0000000b4944415478da636460000000060002308152d00000000049454e44ae426082"
)


class PortalClient:
    """One browser session on the portal (anonymous until :meth:`login`)."""

    def __init__(self, base_url, name):
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.http = requests.Session()
        self.csrf = None

    def url(self, path):
        return self.base_url + path

    def login(self, login, password):
        form = self.http.get(self.url("/web/login"), timeout=TIMEOUT)
        token = CSRF_INPUT.search(form.text)
        assert token, "no CSRF token in the login form"
        page = self.http.post(
            self.url("/web/login"),
            data={"login": login, "password": password, "csrf_token": token.group(1)},
            timeout=TIMEOUT,
        )
        assert urllib.parse.urlsplit(page.url).path == "/my", f"{login} ended on {page.url}"
        # The token of the session, as any of its forms holds it.
        self.csrf = CSRF_INPUT.search(self.page("/my/family")).group(1)
        return self

    def get(self, path, params=None, follow=False):
        return self.http.get(self.url(path), params=params, allow_redirects=follow, timeout=TIMEOUT)

    def post(self, path, data=None, files=None, follow=False, headers=None):
        """POST a form with the session's CSRF token; ``data`` values may be lists
        (repeated fields), ``files`` maps a field to ``(name, bytes, type)``."""
        fields = list((data or {}).items()) if isinstance(data, dict) else list(data or [])
        if self.csrf:
            fields.append(("csrf_token", self.csrf))
        return self.http.post(
            self.url(path),
            data=fields,
            files=files,
            headers=headers,
            allow_redirects=follow,
            timeout=TIMEOUT,
        )

    def page(self, path):
        """The text of a page that must answer 200."""
        response = self.get(path, follow=True)
        assert response.status_code == 200, f"{self.name}: {path} answered {response.status_code}"
        return response.text


class StaffRpc:
    """Back-office calls over JSON-RPC, as the town's staff would make them."""

    def __init__(self, base_url, db, login, password):
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self._rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def _rpc(self, path, params):
        response = self.http.post(
            self.base_url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        answer = response.json()
        assert "error" not in answer, answer.get("error")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class ServerLog:
    """The log file of the server under test (``PF_E2E_LOG``), read from a mark on."""

    def __init__(self, path):
        self.path = path

    def mark(self):
        if not self.path:
            return 0
        with open(self.path, "rb") as log:
            return log.seek(0, 2)

    def faults_since(self, mark):
        """ERROR and CRITICAL lines written since ``mark`` (an empty list without a log)."""
        if not self.path:
            return []
        with open(self.path, "rb") as log:
            log.seek(mark)
            text = log.read().decode(errors="replace")
        return [
            text[match.start() : text.find("\n", match.start())]
            for match in FAULT_LINE.finditer(text)
        ]


def field_values(html, name):
    """The values of the inputs and buttons named ``name`` in a page, in order, any attribute
    order."""
    values = []
    for tag in re.findall(r"<(?:input|button)\b[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            if value:
                values.append(value.group(1))
    return values
