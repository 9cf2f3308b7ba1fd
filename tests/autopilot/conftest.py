"""Fixture shops for the autopilot, each served by a tiny threaded http.server on 127.0.0.1.

A shop is a folder of sites/<name> over sites/common (the shared basket, checkout, review and
thank-you pages). The server adds what static files cannot do: it counts order presses
(POST /order), keeps a checkout behind a sign-in or guest gate (a cookie), registers
(POST /register), adds to the basket (POST /basket/add: a cookie, back to the same screen)
and, for a single-page app, serves index.html for every path.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from frictionaudit.audit import Audit, AuditOptions, JourneyPlan
from frictionaudit.model import Journey

SITES = Path(__file__).resolve().parent / "sites"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass
class Shop:
    name: str
    spa: bool = False  # serve index.html for every unknown path
    gate: str = ""  # where GET /checkout.html sends a customer without the cookie
    gate_cookies: tuple[str, ...] = ("account",)
    orders: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def file(self, path: str) -> Path | None:
        name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
        for root in (SITES / self.name, SITES / "common"):
            candidate = (root / name).resolve()
            if root.resolve() in candidate.parents and candidate.is_file():
                return candidate
        return SITES / self.name / "index.html" if self.spa else None


class _Server(ThreadingHTTPServer):
    shop: Shop

    def server_bind(self) -> None:  # skip the slow FQDN lookup of HTTPServer.server_bind
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        shop, path = self.server.shop, urlsplit(self.path).path
        cookies = self.headers.get("Cookie", "")
        if path == "/guest":
            return self._redirect("/checkout.html", "guest=1")
        if (path == "/checkout.html" and shop.gate
                and not any(f"{c}=1" in cookies for c in shop.gate_cookies)):
            return self._redirect(shop.gate)
        file = shop.file(path)
        if file is None:
            return self._send(404, b"not found", "text/plain")
        self._send(200, file.read_bytes(), TYPES.get(file.suffix, "application/octet-stream"))

    def do_POST(self) -> None:
        shop, path = self.server.shop, urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        if path == "/order":
            with shop.lock:
                shop.orders += 1
            return self._redirect("/thanks.html")
        if path == "/register":
            return self._redirect(form.get("next", "/"), "account=1")
        if path == "/basket/add":  # back to the same screen, which now shows the basket
            return self._redirect(self.headers.get("Referer", "/"), "basket=1")
        self._redirect(self.headers.get("Referer", "/"))  # a failed sign-in: back where it was

    def _redirect(self, to: str, cookie: str = "") -> None:
        self.send_response(303)
        self.send_header("Location", to)
        if cookie:
            self.send_header("Set-Cookie", f"{cookie}; Path=/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def serve() -> Iterator[Callable[..., Shop]]:
    """Start a fixture shop: serve("icon"), serve("wall", gate="/login.html")."""
    servers = []

    def start(name: str, **options) -> Shop:
        shop = Shop(name, **options)
        server = _Server(("127.0.0.1", 0), _Handler)
        server.shop = shop
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        servers.append(server)
        shop.url = f"http://127.0.0.1:{server.server_address[1]}/"
        return shop

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def record(chromium, tmp_path) -> Callable[[str, JourneyPlan], Journey]:
    """Record one journey in the session's browser, as `run_audit` does for each plan."""

    def run(target: str, plan: JourneyPlan) -> Journey:
        out = tmp_path / f"audit-{len(list(tmp_path.iterdir()))}"
        return Audit(target, AuditOptions(out_dir=out, formats=["json"])).record(chromium, plan)

    return run
