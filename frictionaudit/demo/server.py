"""DemoShop: the bundled shop on a free loopback port, in a background thread."""

from __future__ import annotations

import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import App

VARIANTS = ("smooth", "rough")
LANGS = ("en", "fr", "de")


class _Server(ThreadingHTTPServer):
    app: App

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can stall for seconds offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        """A browser gone mid-answer (an audit interrupted, its browser killed) is not the
        shop's error: no traceback for it."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "FrictionauditDemoShop/1.0"

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_GET

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        response = self.server.app.handle(self.command, self.path, self.headers, body)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status != 204:  # No Content has neither type nor length
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: audits and tests print their own progress."""


class DemoShop:
    """The demo shop, in one of two variants (smooth: low friction; rough: every seeded defect,
    see manifest.toml) and one of three languages, served on a free loopback port:

        with DemoShop("rough", "fr") as shop:
            run_audit(shop.url)
            assert shop.stats["orders_placed"] == 1
    """

    def __init__(
        self,
        variant: str = "smooth",
        lang: str = "en",
        *,
        basic_auth: tuple[str, str] | None = None,
        login_wall: tuple[str, str] | None = None,
        ask_phone: bool = False,
    ) -> None:
        """`ask_phone` adds a required phone field to the checkout details: one more required
        field, the change a baseline comparison must catch."""
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        self.variant, self.lang = variant, lang
        self._app = App(variant, lang, basic_auth=basic_auth, login_wall=login_wall,
                        ask_phone=ask_phone)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> DemoShop:
        if self._server is None:
            self._server = _Server(("127.0.0.1", 0), _Handler)
            self._server.app = self._app
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                name=f"demo-shop-{self.variant}-{self.lang}", daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the demo shop is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def stats(self) -> dict[str, int]:
        """Counters an end-to-end test can assert on: {"orders_placed": n, "signups": n}."""
        return self._app.stats()

    def __enter__(self) -> DemoShop:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
