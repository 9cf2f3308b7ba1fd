"""A small shop on 127.0.0.1 whose pages misbehave the way real sites do, one fault per path.

`/` is a well-behaved start page with a link to every fault. Each fault is served at
`/fault/<name>`; `FAULTS` says what each does. `/shop/<name>` is a good shop page whose sign-up
and checkout links lead to the fault (to meet it on a later step). `/limited` is a sign-up form
sent by script whose sending the server refuses: 429, as a shop limiting sign-ups per address.
The server can be run alone for a manual try: `python tests/hostile/server.py` prints its URL.
"""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SHOP = ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title}</title></head>"
        "<body><header><a href='/'>Hostile shop</a> <a href='/contact'>Contact</a></header>"
        "<main><h1>{title}</h1>{body}</main></body></html>")
FAULTS = {
    "hang": "never answers: the headers are never sent",
    "dialogs": "an alert in a loop (a dialog storm)",
    "dom": "a 50,000-element DOM",
    "text": "5 MB of text",
    "busy": "a script that never yields",
    "form": "a form with 2,000 fields",
    "bomb": "a gzip body inflating to 200 MB",
    "navloop": "the page navigates itself every 200 ms",
    "drip": "a body that drips one byte a second",
    "status": "a garbage status line",
    "headers": "2,000 response headers",
}
BOMB_BYTES = 200 * 1024 * 1024
LIMITED = ("<form id=f><label>Email <input name=email type=email></label>"
           "<button>Sign up</button></form><script>document.getElementById('f').onsubmit ="
           " async e => { e.preventDefault(); const r = await fetch('/api/signup',"
           " {method: 'POST', body: new FormData(e.target)});"
           " if (r.ok) location = '/fault/welcome'; };</script>")


def page(title: str, body: str) -> bytes:
    return SHOP.format(title=title, body=body).encode()


@cache
def bomb() -> bytes:
    """200 MB of spaces after a small page head, gzipped (about 200 KB on the wire)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(page("Bomb", "<p>Deals").removesuffix(b"</p></main></body></html>"))
        chunk = b" " * (1024 * 1024)
        for _ in range(BOMB_BYTES // len(chunk)):
            gz.write(chunk)
    return out.getvalue()


@cache
def body_of(name: str) -> bytes:
    if name == "dialogs":
        return page("Storm", "<script>for (;;) alert('Subscribe!');</script>")
    if name == "dom":
        cells = "".join(f"<div class=c><span>item {i}</span></div>" for i in range(25_000))
        return page("Big DOM", cells)
    if name == "text":
        para = "<p>" + "All our lovely products are handmade and sold with care. " * 20 + "</p>"
        return page("Long read", para * (5_000_000 // len(para)))
    if name == "busy":
        return page("Busy", "<p>Loading…</p><script>for (;;) {}</script>")
    if name == "form":
        fields = "".join(f"<label>Full name {i} <input name=name{i} autocomplete=name></label>"
                         for i in range(2_000))  # every one a field the persona fills
        return page("Create your account", f"<form method=post action='/thanks'>{fields}"
                    "<button>Sign up</button></form>")
    if name == "navloop":
        return page("Loop", "<p>Hold on</p>"
                    "<script>setTimeout(() => location.replace('/fault/navloop?' + Date.now()),"
                    " 200)</script>")
    links = "".join(f"<li><a href='/fault/{f}'>{what}</a></li>" for f, what in FAULTS.items())
    return page("Welcome", f"<p>Sign up or check out below.</p><ul>{links}</ul>")


def shop(fault: str) -> bytes:
    return page("Shop", f"<p>Handmade goods.</p><p><a href='/fault/{fault}'>Sign up</a> "
                f"<a href='/fault/{fault}?cart'>Checkout</a></p>")


def broken_head(name: str) -> bytes:
    """An answer whose head no HTTP client accepts."""
    body = page("Broken", "<p>Hello</p>")
    if name == "status":
        return b"HTTP/1.1 OK-ish \x00\xff garbage\r\n\r\n" + body
    flood = "".join(f"X-Filler-{i}: {'v' * 40}\r\n" for i in range(2_000))
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{flood}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


@contextmanager
def hostile_shop() -> Iterator[str]:
    """Serve the shop; yield its base URL. Hanging and dripping answers end with the server."""
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            if path.startswith("/shop/"):
                return self._answer(shop(path.removeprefix("/shop/")))
            if path == "/limited":
                return self._answer(page("Create your account", LIMITED))
            name = path.removeprefix("/fault/")
            if name in ("status", "headers"):
                return self._write(broken_head(name))
            if name == "hang":
                stop.wait()
                return
            if name == "drip":
                return self._drip()
            self._answer(bomb() if name == "bomb" else body_of(name), name == "bomb")

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == "/api/signup":
                self.send_response(429)
                self.send_header("Retry-After", "900")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._answer(page("Thank you", "<p>Your account is ready.</p>"))

        def _answer(self, data: bytes, gzipped: bool = False) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self._write(data)

        def _drip(self):
            data = page("Drip", "<p>" + "slow " * 200 + "</p>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            for byte in data:
                if stop.wait(1) or not self._write(bytes([byte])):
                    return

        def _write(self, data: bytes) -> bool:
            try:
                self.wfile.write(data)
                self.wfile.flush()
                return True
            except OSError:  # the browser went away: nothing to answer
                return False

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    with hostile_shop() as url:
        print(url, flush=True)
        while True:
            time.sleep(3600)
