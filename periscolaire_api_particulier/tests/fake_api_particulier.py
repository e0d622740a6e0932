# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A local stand-in for API Particulier's "quotient familial CAF & MSA" v3 endpoint.

It speaks the documented protocol (OpenAPI of API Particulier): ``GET
/v3/dss/quotient_familial/identite`` with a Bearer token, the ``recipient`` and the identity
in the query string; a 200 answer carries ``data.quotient_familial`` (``fournisseur``,
``valeur``, ``annee``, ``mois``, ``annee_calcul``, ``mois_calcul``) with the family's
``allocataires``, ``enfants`` and ``adresse``; failures carry ``{"errors": [{"code",
"title", "detail", "source", "meta"}]}`` with the documented codes: 401 (00101), 404
(37003), 422 (00366), 429 (00429), 504 (37001). It refuses more than 20 calls with one token
within a second, as the real API does.
"""

import json
import threading
import time
from collections import deque
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PATH = "/v3/dss/quotient_familial/identite"
#: The rate limit is checked over a shorter window than a second, so that delays on a busy
#: machine never make a well-behaved client look too fast.
WINDOW = 0.5


def _error(code, title, detail):
    return {
        "errors": [{"code": code, "title": title, "detail": detail, "source": None, "meta": {}}]
    }


class FakeApiParticulier:
    """Start with ``start()`` (a thread serving on 127.0.0.1, any free port), stop with
    ``stop()``. ``allocataires`` maps ``(nomNaissance, first prénom)`` to ``(fournisseur,
    valeur)``; ``mode`` is ``"normal"``, ``"down"`` (504) or ``"rate_limited"`` (429);
    ``calls`` lists the query strings received (a dict of lists)."""

    def __init__(self, token, recipient):
        self.token = token
        self.recipient = recipient
        self.allocataires = {}
        self.mode = "normal"
        self.calls = []
        self._arrivals = deque(maxlen=21)
        self._lock = threading.Lock()
        self._server = None

    @property
    def url(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # pylint: disable=invalid-name
                status, body = fake.answer(self.path, self.headers.get("Authorization", ""))
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                """Quiet: the test log stays readable."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def reset(self):
        self.mode = "normal"
        self.calls.clear()
        self._arrivals.clear()

    def answer(self, path, authorization):
        url = urlsplit(path)
        query = parse_qs(url.query)
        with self._lock:
            now = time.monotonic()
            self._arrivals.append(now)
            too_fast = len(self._arrivals) == 21 and now - self._arrivals[0] < WINDOW
            self.calls.append(query)
        if url.path != PATH:
            return 404, _error("00404", "Not found", "Chemin inconnu")
        if authorization != f"Bearer {self.token}":
            return 401, _error("00101", "Interdit", "Votre token n'est pas valide")
        if self.mode == "rate_limited" or too_fast:
            return 429, _error("00429", "Trop de requêtes", "Vous avez effectué trop de requêtes")
        if self.mode == "down":
            return 504, _error(
                "37001", "Service non disponible", "Service du fournisseur indisponible"
            )
        if query.get("recipient") != [self.recipient]:
            return 422, _error("00203", "Entité non traitable", "Le paramètre recipient")
        if not self._identity_is_complete(query):
            return 422, _error("00366", "Entité non traitable", "Paramètres de civilité")
        key = (query["nomNaissance"][0], query["prenoms[]"][0])
        if key not in self.allocataires:
            return 404, _error(
                "37003", "Dossier allocataire absent CNAV", "Le dossier n'a pas été trouvé"
            )
        provider, value = self.allocataires[key]
        today = date.today()
        year = int(query.get("annee", [today.year])[0])
        month = int(query.get("mois", [today.month])[0])
        return 200, {
            "data": {
                "allocataires": [
                    {
                        "nom_naissance": key[0],
                        "nom_usage": None,
                        "prenoms": " ".join(query["prenoms[]"]),
                        "date_naissance": "1990-03-18",
                        "sexe": query["sexeEtatCivil"][0],
                    }
                ],
                "enfants": [],
                "adresse": {
                    "destinataire": f"{key[0]} {key[1]}",
                    "complement_information": None,
                    "complement_information_geographique": None,
                    "numero_libelle_voie": "1 RUE DE LA MAIRIE",
                    "lieu_dit": None,
                    "code_postal_ville": "57330 HETTANGE-GRANDE",
                    "pays": "FRANCE",
                },
                "quotient_familial": {
                    "fournisseur": provider,
                    "valeur": value,
                    "annee": year,
                    "mois": month,
                    "annee_calcul": today.year,
                    "mois_calcul": today.month,
                },
            },
            "links": {},
            "meta": {},
        }

    @staticmethod
    def _identity_is_complete(query):
        required = ("nomNaissance", "prenoms[]", "sexeEtatCivil", "codeCogInseePaysNaissance")
        if any(not query.get(name) for name in required) or len(query["prenoms[]"]) > 3:
            return False
        if query["sexeEtatCivil"][0] not in ("M", "F"):
            return False
        if query["codeCogInseePaysNaissance"][0] != "99100":
            return True
        by_name = ("nomCommuneNaissance", "codeCogInseeDepartementNaissance", "anneeDateNaissance")
        return bool(query.get("codeCogInseeCommuneNaissance")) or all(
            query.get(name) for name in by_name
        )
