# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A local stand-in for PayFiP's SOAP web service (PaiementSecuriseService), for the tests.

It answers the operations of the WSDL that eopayment ships, as the DGFiP documents them:
`creerPaiementSecurise` returns a new idOp; `recupererDetailPaiementSecurise` returns the
payment's detail once the payer has finished (resultrans P paid, R refused, A abandoned), the
functional fault P5 while the payment is still open, P1 for an unknown idOp. The tests play the
payer (`pay`, `refuse`, `abandon`) and can make the service slow (`delay`) to test timeouts. At
the end of a payment PayFiP calls the notification URL with `idOp`; `notify` does that.
"""

import socketserver
import threading
import time
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlencode
from urllib.request import urlopen
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from xml.etree import ElementTree
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = (
    "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/"
    "contrat_paiement_securise/PaiementSecuriseService"
)
PARIS = ZoneInfo("Europe/Paris")
CREATE_FIELDS = (
    "exer",
    "mel",
    "montant",
    "numcli",
    "objet",
    "refdet",
    "saisie",
    "urlnotif",
    "urlredirect",
)


def _localname(element):
    return element.tag.rsplit("}", 1)[-1]


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class FakePayFiP:
    def __init__(self):
        self.payments = {}
        self.calls = []
        self.delay = 0
        self.lock = threading.Lock()
        self.server = make_server(
            "127.0.0.1", 0, self.wsgi, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/tpa/services/securite"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- The payer on PayFiP's pages ----------------------------------------------------------

    def _finish(self, idop, result, minutes_ago=0):
        payment = self.payments[idop]
        payment["resultrans"] = result
        payment["finished_at"] = datetime.now(PARIS) - timedelta(minutes=minutes_ago)
        if result == "P":
            payment["numauto"] = uuid.uuid4().hex[:6].upper()

    def pay(self, idop):
        self._finish(idop, "P")

    def refuse(self, idop):
        self._finish(idop, "R")

    def abandon(self, idop, minutes_ago=0):
        self._finish(idop, "A", minutes_ago)

    def notify(self, idop):
        """PayFiP's notification: a POST of idOp to the payment's urlnotif."""
        body = urlencode({"idOp": idop}).encode()
        with urlopen(self.payments[idop]["urlnotif"], data=body, timeout=60) as response:
            return response.status

    def calls_of(self, operation):
        return [call for call in self.calls if call[0] == operation]

    # --- The SOAP service ---------------------------------------------------------------------

    def wsgi(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        envelope = ElementTree.fromstring(environ["wsgi.input"].read(length))
        operation = envelope.find(f"{{{SOAP_ENV}}}Body")[0]
        name = _localname(operation)
        arg = {_localname(el): el.text for el in operation.find("arg0")}
        with self.lock:
            self.calls.append((name, arg))
        if self.delay:
            time.sleep(self.delay)
        handler = {
            "creerPaiementSecurise": self._create,
            "recupererDetailPaiementSecurise": self._detail,
        }.get(name)
        status, body = handler(arg) if handler else self._fault("P0", "Opération inconnue")
        start_response(status, [("Content-Type", "text/xml; charset=utf-8")])
        return [body]

    def _envelope(self, body):
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="{SOAP_ENV}">'
            f"<S:Body>{body}</S:Body></S:Envelope>"
        ).encode()

    def _response(self, operation, fields):
        inner = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in fields.items() if value)
        body = (
            f'<ns2:{operation}Response xmlns:ns2="{SERVICE_NS}">'
            f"<return>{inner}</return></ns2:{operation}Response>"
        )
        return "200 OK", self._envelope(body)

    def _fault(self, code, label):
        body = (
            "<S:Fault><faultcode>S:Server</faultcode>"
            "<faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur"
            f'</faultstring><detail><ns2:FonctionnelleErreur xmlns:ns2="{SERVICE_NS}">'
            f"<code>{code}</code><descriptif>{label}</descriptif><libelle>{label}</libelle>"
            "<severite>2</severite></ns2:FonctionnelleErreur></detail></S:Fault>"
        )
        return "500 Internal Server Error", self._envelope(body)

    def _create(self, arg):
        idop = uuid.uuid4().hex
        with self.lock:
            self.payments[idop] = {key: arg.get(key) for key in CREATE_FIELDS}
        return self._response("creerPaiementSecurise", {"idOp": idop})

    def _detail(self, arg):
        payment = self.payments.get(arg.get("idOp"))
        if payment is None:
            return self._fault("P1", "IdOp incorrect")
        if not payment.get("resultrans"):
            return self._fault("P5", "Résultat de la transaction non connu")
        finished = payment["finished_at"]
        # In the order of the schema's sequence.
        fields = {
            "dattrans": finished.strftime("%d%m%Y"),
            "exer": payment.get("exer"),
            "heurtrans": finished.strftime("%H%M"),
            "idOp": arg["idOp"],
            "mel": payment.get("mel"),
            "montant": payment.get("montant"),
            "numauto": payment.get("numauto"),
            "numcli": payment.get("numcli"),
            "objet": payment.get("objet"),
            "refdet": payment.get("refdet"),
            "resultrans": payment["resultrans"],
            "saisie": payment.get("saisie"),
        }
        return self._response("recupererDetailPaiementSecurise", fields)
