"""Tiny fixture sites on 127.0.0.1: a dict of path -> HTML, and a count of every POST."""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serve(pages: dict[str, str]):
    """Serve `pages` (GET; a POST to any path redirects to its `after` page, if given as
    'POST /path' -> target path; a page given as (seconds, html) answers that late) and yield
    (base_url, posts counter)."""
    posts: Counter = Counter()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            body = pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            if isinstance(body, tuple):  # a slow server
                delay, body = body
                time.sleep(delay)
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
            path = self.path.split("?")[0]
            posts[path] += 1
            self.send_response(303)
            self.send_header("Location", pages.get(f"POST {path}", "/"))
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", posts
    finally:
        server.shutdown()
        server.server_close()
