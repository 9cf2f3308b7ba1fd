"""A loopback shop whose pages break the way real sites do, one fault per address.

`/shop/<fault>` is a good page whose "Sign up" link leads to `/fault/<fault>`, so each fault can
be met at the start page or on a later step. Faults: loop (a redirect to itself), 500, download,
json (a non-HTML document), stall (half a body, then nothing), drip (a byte every half second),
truncated (the connection closed short of the announced length), refresh (a meta refresh to
itself), garbage (bytes with no HTTP status line), reset (closed before any answer).
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

FAULTS = ("loop", "500", "download", "json", "stall", "drip", "truncated", "refresh", "garbage",
          "reset")
PAGE = ("<!DOCTYPE html><html lang=en><head><title>{title}</title></head><body>"
        "<header><a href=/contact>Contact us</a></header><main><h1>{title}</h1>{body}</main>"
        "<footer>Call us on 020 7946 0000 · help@example.com</footer></body></html>")
# How long a stalled answer holds the connection: longer than any test's timeout (3-5 s, with
# 3 s to spare for a timer late on a loaded machine), and short because a dripping page's
# journey lasts until the drip ends (the tool reads the reason at the page timeout, then its
# end screenshot waits on the connection: 10 s held cost each fault test 2 s more).
HOLD_S = 8


def _html(title: str, body: str = "") -> bytes:
    return PAGE.format(title=title, body=body).encode()


def _answer(status: str, body: bytes, ctype: str = "text/html; charset=utf-8",
            extra: str = "") -> bytes:
    head = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            f"{extra}Connection: close\r\n\r\n")
    return head.encode() + body


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        try:
            request = sock.recv(65536).decode("latin-1")
        except OSError:
            return
        path = request.split(" ")[1] if request.count(" ") >= 2 else "/"
        path = path.split("?")[0]
        with suppress(OSError):
            self._serve(sock, path)

    def _serve(self, sock: socket.socket, path: str) -> None:
        if path.startswith("/shop/"):
            fault = path.removeprefix("/shop/")
            body = f'<p>Welcome.</p><p><a href="/fault/{fault}">Sign up</a></p>'
            sock.sendall(_answer("200 OK", _html("Shop", body)))
        elif path.startswith("/fault/"):
            self._fault(sock, path.removeprefix("/fault/"))
        elif path == "/contact":
            sock.sendall(_answer("200 OK", _html("Contact")))
        else:
            sock.sendall(_answer("404 Not Found", _html("Not found")))

    def _fault(self, sock: socket.socket, fault: str) -> None:
        page = _html("Create your account", "<form><label>Email <input name=email></label>"
                     "<button>Sign up</button></form>")
        if fault == "loop":
            sock.sendall(_answer("302 Found", b"", extra=f"Location: /fault/{fault}\r\n"))
        elif fault == "500":
            sock.sendall(_answer("500 Internal Server Error", _html("Server error")))
        elif fault == "download":
            sock.sendall(_answer("200 OK", b"a,b\n1,2\n", "text/csv",
                                 'Content-Disposition: attachment; filename="data.csv"\r\n'))
        elif fault == "json":
            sock.sendall(_answer("200 OK", b'{"error": "not a page"}', "application/json"))
        elif fault in ("stall", "truncated"):
            whole = _answer("200 OK", page)
            sock.sendall(whole[: len(whole) - len(page) // 2])
            if fault == "stall":
                time.sleep(HOLD_S)  # truncated: the connection closes short of the length
        elif fault == "drip":
            whole = _answer("200 OK", page)
            for i in range(min(len(whole), int(HOLD_S / 0.5))):
                sock.sendall(whole[i:i + 1])
                time.sleep(0.5)
        elif fault == "refresh":
            body = _html("Moving", '<meta http-equiv="refresh" content="0">')
            sock.sendall(_answer("200 OK", body))
        elif fault == "garbage":
            sock.sendall(bytes(range(256)) * 4)
        elif fault == "reset":
            linger_zero = b"\x01\x00\x00\x00\x00\x00\x00\x00"  # close with a reset
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_zero)
        else:
            sock.sendall(_answer("404 Not Found", _html("Not found")))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False


@contextmanager
def fault_server() -> Iterator[str]:
    """Serve the faults on a free loopback port; yields the base URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
