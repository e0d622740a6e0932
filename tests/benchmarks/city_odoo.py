"""Odoo in the benchmark's own process: the registry of a database, and a
portal client that sends requests straight to Odoo's WSGI application (no
socket), so that a page's time is the server's time, with its query count."""

import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

from city_db import ODOO_DATA_DIR, PF_HOME, REPO_DIR

#: The token of a form field (``name="csrf_token" value="…"``) or of the page's script.
HEADERS = {"Host": "localhost"}
ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}
CSRF = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')


def start_odoo(dbname):
    """Import Odoo from the project's tree and load the registry of ``dbname``."""
    odoo_src = Path(os.environ.get("ODOO_SRC", PF_HOME / "odoo"))
    sys.path.insert(0, str(odoo_src))
    import odoo

    addons = [str(REPO_DIR)]
    if (odoo_src / "addons").is_dir():
        addons.append(str(odoo_src / "addons"))
    addons.append(str(odoo_src / "odoo" / "addons"))
    odoo.tools.config.parse_config(
        [
            f"--addons-path={','.join(addons)}",
            f"--data-dir={ODOO_DATA_DIR}",
            f"--database={dbname}",
            f"--db-filter=^{dbname}$",
            "--max-cron-threads=0",
            "--log-level=warn",
        ]
    )
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry(dbname)


def query_count():
    return getattr(threading.current_thread(), "query_count", 0)


def reset_query_count():
    thread = threading.current_thread()
    thread.query_count = 0
    thread.query_time = 0


class Timed:
    """Wall time, CPU time of this process (Odoo's Python, not PostgreSQL) and
    queries of a block: ``with Timed() as t: …; t.seconds``."""

    def __enter__(self):
        reset_query_count()
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.cpu = time.process_time() - self.cpu_start
        self.queries = query_count()


class PortalClient:
    """A parent's browser, talking to Odoo's WSGI application in-process."""

    def __init__(self, login, password):
        from werkzeug.test import Client

        from odoo.http import root

        self.client = Client(root, use_cookies=True)
        self.token = None
        self.refresh_token("/web/login")
        response = self.post("/web/login", {"login": login, "password": password})
        if response.status_code != 303:
            raise RuntimeError(f"login of {login} failed ({response.status_code})")
        # The session changed at login, and its CSRF token with it.
        self.refresh_token("/my")

    def refresh_token(self, path):
        token = CSRF.search(self.get(path).get_data(as_text=True))
        if not token:
            raise RuntimeError(f"no CSRF token on {path}")
        self.token = token.group(1)

    def get(self, path):
        return self.client.get(path, headers=HEADERS, environ_base=ENVIRON)

    def post(self, path, data):
        return self.client.post(
            path,
            data={**data, "csrf_token": self.token},
            headers=HEADERS,
            environ_base=ENVIRON,
        )

    def timed(self, method, path, *args, **kwargs):
        """``(response, seconds, queries)`` of one request."""
        with Timed() as timing:
            response = getattr(self, method)(path, *args, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method.upper()} {path}: HTTP {response.status_code}")
        return response, timing.seconds, timing.queries


def median(values):
    return statistics.median(values) if values else float("nan")
