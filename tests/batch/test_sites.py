"""Site files, URL lists and sitemaps: what a batch audits, and one-line errors for bad input."""

from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frictionaudit import cli
from frictionaudit.batch.sites import load_sites, sitemap_sites
from frictionaudit.errors import TargetError, UsageError


def test_toml_site_file_resolves_paths_and_gives_unique_slugs(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text("""
[[site]]
name = "Our Shop"
url = "https://shop.example.com/"
primary = true
flows = ["flows/checkout.toml"]
auth_file = "auth.toml"
time_limit = 120
[site.context]
locale = "fr-FR"
login_flow = "login.toml"
[site.budgets.checkout]
max_fields = 12

[[site]]
name = "Our shop!"
url = "https://other.example.com"
""", encoding="utf-8")
    first, second = load_sites(path)
    assert first.flows == [tmp_path / "flows" / "checkout.toml"]
    assert first.auth_file == tmp_path / "auth.toml"
    assert first.context.login_flow == tmp_path / "login.toml"
    assert first.budgets["checkout"].max_fields == 12 and first.time_limit == 120
    assert (first.slug, second.slug) == ("our-shop", "our-shop-2")
    assert first.primary and not second.primary


def test_url_list_skips_comments_and_names_a_bad_line(tmp_path):
    path = tmp_path / "sites.txt"
    path.write_text("# sector\nhttps://a.example.com\n\nhttp://b.example.com:8080/shop  # b\n",
                    encoding="utf-8")
    sites = load_sites(path)
    assert [s.url for s in sites] == ["https://a.example.com", "http://b.example.com:8080/shop"]
    assert [s.slug for s in sites] == ["a-example-com", "b-example-com-8080-shop"]
    path.write_text("https://a.example.com\nfile:///etc/passwd\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"sites.txt:2: not an http\(s\) URL"):
        load_sites(path)


@pytest.mark.parametrize(("text", "message"), [
    ("[[site]]\nname = 'x'\n", r"site\.0\.url: Field required"),
    ("[[site]]\nurl = 'javascript:alert(1)'\n", "not an http"),
    ("[[site]]\nurl = 'https://a.example'\nprimary = true\n"
     "[[site]]\nurl = 'https://b.example'\nprimary = true\n", "only one site can be primary"),
    ("[[site]]\nurl = 'https://a.example'\ncolour = 'red'\n", "Extra inputs"),
    ("site = [", "not valid TOML"),
])
def test_bad_site_files_are_one_line_usage_errors(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_sites(path)


def test_batch_without_sites_or_with_both_is_exit_2(tmp_path, capsys):
    assert cli.main(["batch", "--out", str(tmp_path)]) == 2
    (tmp_path / "s.txt").write_text("https://a.example\n", encoding="utf-8")
    assert cli.main(["batch", str(tmp_path / "s.txt"), "--sitemap", "http://x.example/"]) == 2
    assert cli.main(["batch", str(tmp_path / "s.txt"), "--include", "*a*"]) == 2
    assert cli.main(["batch", str(tmp_path / "missing.toml")]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.fixture
def sitemap_server():
    """A sitemap index pointing at a plain and a gzipped sitemap, on 127.0.0.1."""
    files: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    files["/sitemap.xml"] = (
        f'<?xml version="1.0"?><sitemapindex {ns}><sitemap><loc>{base}/shops.xml</loc>'
        f'</sitemap><sitemap><loc>{base}/more.xml.gz</loc></sitemap></sitemapindex>').encode()
    files["/shops.xml"] = (
        f'<urlset {ns}><url><loc>https://a.example/</loc></url>'
        f'<url><loc>https://a.example/blog/x</loc></url>'
        f'<url><loc>file:///etc/passwd</loc></url></urlset>').encode()
    files["/more.xml.gz"] = gzip.compress(
        f'<urlset {ns}><url><loc>https://b.example/shop</loc></url>'
        f'<url><loc>https://a.example/</loc></url></urlset>'.encode())
    yield base
    server.shutdown()
    server.server_close()


def test_sitemap_index_nested_gzip_include_exclude(sitemap_server):
    sites = sitemap_sites(f"{sitemap_server}/sitemap.xml", [], ["*/blog/*"])
    assert [s.url for s in sites] == ["https://a.example/", "https://b.example/shop"]
    only_b = sitemap_sites(f"{sitemap_server}/sitemap.xml", ["https://b.*"], [])
    assert [s.url for s in only_b] == ["https://b.example/shop"]
    assert len(sitemap_sites(f"{sitemap_server}/sitemap.xml", [], [], limit=1)) == 1
    with pytest.raises(UsageError, match="none matched"):
        sitemap_sites(f"{sitemap_server}/sitemap.xml", ["*nothing*"], [])
    with pytest.raises(TargetError, match="HTTP 404"):
        sitemap_sites(f"{sitemap_server}/missing.xml", [], [])
