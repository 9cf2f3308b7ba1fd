"""Every page renders in both variants and all three languages, with the copy and prices right."""

import re
import tomllib

import pytest
from demo_client import FORMS, Client

from frictionaudit.demo import LANGS, VARIANTS
from frictionaudit.demo.catalogue import PRODUCTS, money
from frictionaudit.demo.texts import COPY_DIR

BROWSING = ["/", "/products", "/cart", "/contact", "/privacy", "/terms", "/account/register",
            "/account/login", *(f"/product/{p.slug}" for p in PRODUCTS)]


def _lang(body: str) -> str:
    return re.search(r'<html lang="(\w+)">', body).group(1)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_page_renders_in_its_language(start_shop, variant, lang):
    shop = start_shop(variant, lang)
    client = Client(shop)
    replies = [client.get(path) for path in BROWSING]
    replies += [reply for reply in client.checkout(variant).values()]
    signup = Client(shop)
    replies.append(signup.post("/account/register", FORMS[variant]["register"]))
    replies.append(signup.get("/account/login"))
    for reply in replies:
        assert (reply.status, _lang(reply.body)) == (200, lang), reply.path
    final_paths = {reply.redirects[-1] if reply.redirects else reply.path for reply in replies}
    assert {"/checkout/details", "/checkout/shipping", "/checkout/payment", "/checkout/review",
            "/checkout/confirmation"} <= final_paths
    assert ("/account/verify" if variant == "rough" else "/account/welcome") in final_paths


def test_unknown_pages_and_methods(start_shop):
    client = Client(start_shop())
    assert client.get("/nowhere").status == 404
    assert client.get("/product/no-such-thing").status == 404
    assert client.get("/cart/add").status == 405
    assert client.get("/static/../server.py").status == 404
    assert client.get("/static/shop.css").headers["Content-Type"].startswith("text/css")


def test_copy_files_have_the_same_keys():
    def keys(table, prefix=""):
        return {key for name, value in table.items() for key in (
            keys(value, f"{prefix}{name}.") if isinstance(value, dict) else [prefix + name])}

    found = {lang: keys(tomllib.loads((COPY_DIR / f"{lang}.toml").read_text())) for lang in LANGS}
    assert found["fr"] == found["en"] == found["de"]


def test_prices_follow_each_language():
    assert money(2400, "en") == "£24.00"
    assert money(2400, "fr") == "24,00\u202f€"
    assert money(2400, "de") == "24,00 €"
    assert (money(123456, "en"), money(123456, "de")) == ("£1,234.56", "1.234,56 €")


def test_home_popup_only_in_rough_and_once_per_session(start_shop):
    rough = Client(start_shop("rough"))
    first, second = rough.get("/").body, rough.get("/").body
    assert 'role="dialog"' in first and 'aria-modal="true"' in first
    assert 'role="dialog"' not in second
    assert 'role="dialog"' not in Client(start_shop("smooth")).get("/").body


def test_contact_details_by_variant(start_shop):
    smooth, rough = Client(start_shop("smooth")), Client(start_shop("rough"))
    home = smooth.get("/").body
    assert 'href="tel:' in home and 'data-testid="contact-link"' in home
    rough_home = rough.get("/").body
    assert 'href="tel:' not in rough_home and 'class="contact-tiny" href="/contact"' in rough_home
    for client in (smooth, rough):
        contact = client.get("/contact").body
        assert all(token in contact for token in ('href="tel:', 'href="mailto:', "<address>"))
    smooth.post("/cart/add", {"product": "stoneware-mug"})
    rough.post("/cart/add", {"product": "stoneware-mug"})
    assert 'data-testid="help-line"' in smooth.get("/checkout/details").body
    rough_register = rough.get("/checkout").body
    assert "tel:" not in rough_register and "/contact" not in rough_register
