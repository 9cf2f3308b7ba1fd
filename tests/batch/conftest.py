"""Sites for batch tests on 127.0.0.1: demo shops (rough and smooth, three languages), and three
that cannot be audited (one never answers, one answers 500, one asks for credentials)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from frictionaudit import cli
from frictionaudit.demo import DemoShop
from frictionaudit.demo.journeys import FLOW_DIR

# (slug, variant, lang): signup journeys only, to keep the suite fast
DEMO_SITES = [("rough-en", "rough", "en"), ("smooth-fr", "smooth", "fr"),
              ("rough-de", "rough", "de")]
VOLATILE = {"started_at", "finished_at", "seconds"}


class _Error500(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body><h1>Internal Server Error</h1></body></html>"
        self.send_response(500)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def demo_shops():
    """{slug: (url, flow file)} for the demo shops, running for the whole session."""
    shops = {slug: DemoShop(variant, lang).start() for slug, variant, lang in DEMO_SITES}
    yield {slug: (shop.url, FLOW_DIR / f"demo-{shop.variant}-signup.toml")
           for slug, shop in shops.items()}
    for shop in shops.values():
        shop.stop()


@pytest.fixture(scope="session")
def broken_sites():
    """{slug: url}: a site that never answers, one that answers 500, one behind basic auth."""
    hang = socket.socket()
    hang.bind(("127.0.0.1", 0))
    hang.listen(16)  # connections queue up and are never answered
    error = ThreadingHTTPServer(("127.0.0.1", 0), _Error500)
    threading.Thread(target=error.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    auth = DemoShop("smooth", "en", basic_auth=("staff", "s3cret-pass")).start()
    yield {"hangs": f"http://127.0.0.1:{hang.getsockname()[1]}/",
           "error-500": f"http://127.0.0.1:{error.server_address[1]}/",
           "basic-auth": auth.url}
    hang.close()
    error.shutdown()
    error.server_close()
    auth.stop()


def site_file(path: Path, demo: dict, broken: dict | None = None,
              primary: str = "smooth-fr") -> Path:
    """A TOML site file naming each site by its slug."""
    lines = []
    for slug, (url, flow) in demo.items():
        lines += ["[[site]]", f'name = "{slug}"', f'url = "{url}"', f'flows = ["{flow}"]',
                  f"primary = {'true' if slug == primary else 'false'}", ""]
    for slug, url in (broken or {}).items():
        lines += ["[[site]]", f'name = "{slug}"', f'url = "{url}"', 'journeys = ["signup"]',
                  # a site that answers fails at once: its limit only has to outlast a slow
                  # start on a loaded machine
                  "time_limit = 90" if slug != "hangs" else "time_limit = 3", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def single_audits(demo_shops, tmp_path_factory):
    """{slug: report.json data} from one `frictionaudit audit` of each demo shop."""
    out = {}
    for slug, (url, flow) in demo_shops.items():
        folder = tmp_path_factory.mktemp(f"single-{slug}")
        code = cli.main(["audit", url, "--flow", str(flow), "--out", str(folder)])
        assert code in (0, 1), f"audit of {slug} exited {code}"
        out[slug] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return out


def stable(data):
    """A report without what changes from run to run (timestamps and durations)."""
    if isinstance(data, dict):
        return {k: stable(v) for k, v in data.items() if k not in VOLATILE}
    if isinstance(data, list):
        return [stable(v) for v in data]
    return data


def assert_same_reports(out: Path, single_audits: dict, slugs) -> None:
    for slug in slugs:
        expected = single_audits[slug]
        got = json.loads((out / slug / "report.json").read_text(encoding="utf-8"))
        assert stable(got) == stable(expected), f"{slug}: batch report differs from audit's"
        screenshots = {s["screenshot"] for j in got["journeys"] for s in j["steps"]}
        assert all((out / slug / s).is_file() for s in screenshots if s)
