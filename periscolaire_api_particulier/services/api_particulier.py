# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Client of API Particulier, endpoint "quotient familial CAF & MSA" v3 by identity.

Protocol (OpenAPI of API Particulier): ``GET {base}/v3/dss/quotient_familial/identite`` with
the identity and the ``recipient`` (SIRET of the town) in the query string, the token in
``Authorization: Bearer``. Answers: 200 with ``data.quotient_familial``; errors as
``{"errors": [{"code", "title", "detail"}]}`` with 401/403 (token), 404 (no allocataire),
409 (same request running), 422 (parameters), 429 (rate limit: 20 calls a second per token),
502/503/504 (provider down). The client waits so as never to send more than 20 calls in a
second with one token, and turns every failure into an :class:`ApiParticulierError` of a
kind that the caller words for the user.
"""

import threading
import time
from collections import deque

import requests

QF_PATH = "/v3/dss/quotient_familial/identite"
CALLS_PER_SECOND = 20
TIMEOUT = 15

NOT_FOUND = "not_found"
RATE_LIMITED = "rate_limited"
UNAVAILABLE = "unavailable"
UNAUTHORIZED = "unauthorized"
INVALID = "invalid"
#: Failures that another try later may cure (the family's data is not at fault).
TRANSIENT = frozenset({RATE_LIMITED, UNAVAILABLE})


class ApiParticulierError(Exception):
    """A call that brought no QF: ``kind`` says why, ``detail`` is the API's own text."""

    def __init__(self, kind, detail="", status=None):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.status = status


class _RateLimiter:
    """At most ``calls`` calls in any ``period`` seconds, per key, in this process."""

    def __init__(self, calls=CALLS_PER_SECOND, period=1.0):
        self.calls = calls
        self.period = period
        self._lock = threading.Lock()
        self._sent = {}

    def wait(self, key):
        with self._lock:
            sent = self._sent.setdefault(key, deque(maxlen=self.calls))
            if len(sent) == self.calls:
                delay = sent[0] + self.period - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            sent.append(time.monotonic())


RATE_LIMITER = _RateLimiter()


def _error_detail(response):
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return ""
    return "; ".join(str(error.get("detail") or error.get("title") or "") for error in errors)


class ApiParticulierClient:
    def __init__(self, base_url, token, timeout=TIMEOUT, session=None):
        self.base_url = (base_url or "").rstrip("/")
        self.token = token or ""
        self.timeout = timeout
        self.session = session or requests.Session()

    def quotient_familial(self, params):
        """The JSON answer (a dict) for the query ``params`` (a list of pairs, see
        ``rules.quotient_familial.query_parameters``)."""
        if not self.base_url.startswith(("https://", "http://")) or not self.token:
            raise ApiParticulierError(UNAUTHORIZED, "adresse ou jeton absent")
        RATE_LIMITER.wait(self.token)
        try:
            response = self.session.get(
                self.base_url + QF_PATH,
                params=params,
                headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise ApiParticulierError(UNAVAILABLE, str(error)) from None
        status = response.status_code
        if status == 200:
            try:
                return response.json()
            except ValueError:
                raise ApiParticulierError(INVALID, "réponse non JSON", status) from None
        kind = {
            401: UNAUTHORIZED,
            403: UNAUTHORIZED,
            404: NOT_FOUND,
            400: INVALID,
            422: INVALID,
            429: RATE_LIMITED,
        }.get(status, UNAVAILABLE)
        raise ApiParticulierError(kind, _error_detail(response), status)
