"""One real-browser smoke test of the behaviour only a browser shows: scripts and CSS."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from frictionaudit.demo import DemoShop

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium at " + CHROMIUM),
]


def _stays_put(page, action) -> None:
    """Run `action` and check the page did not navigate (a marker set on window survives)."""
    url = page.url
    page.evaluate("window.__noNavigation = true")
    action()
    assert page.url == url and page.evaluate("window.__noNavigation === true")


def test_banner_popup_and_mobile_help():
    # In a thread of its own: Playwright's sync API refuses to start where another sync
    # Playwright (a session-wide browser fixture, say) already runs its event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(_banner_popup_and_mobile_help).result()


def _banner_popup_and_mobile_help() -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw, DemoShop("smooth") as smooth, DemoShop("rough", "de") as rough:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        desktop = {"viewport": {"width": 1280, "height": 800}}

        page = browser.new_context(**desktop).new_page()
        page.goto(smooth.url + "/")
        banner = page.locator("[data-cookie-banner]")
        with page.expect_response("**/cookies"):
            _stays_put(page, page.get_by_test_id("cookie-reject").click)
        expect(banner).to_have_count(0)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        assert cookies["consent"] == "rejected"
        page.reload()
        expect(banner).to_have_count(0)

        page = browser.new_context(**desktop).new_page()
        page.goto(rough.url + "/")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        _stays_put(page, page.get_by_test_id("popup-close").click)
        expect(dialog).to_be_hidden()
        reject = page.get_by_test_id("cookie-reject")
        expect(reject).to_be_hidden()
        _stays_put(page, page.get_by_test_id("cookie-settings").click)
        _stays_put(page, reject.click)
        expect(page.locator("[data-cookie-banner]")).to_have_count(0)

        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "consent", "value": "rejected", "url": smooth.url}])
        page = context.new_page()
        page.goto(smooth.url + "/product/stoneware-mug")
        page.get_by_test_id("add-to-cart").click()
        page.get_by_test_id("checkout").click()
        help_line = page.get_by_test_id("help-line")
        expect(help_line).to_be_hidden()
        page.get_by_test_id("menu-toggle").click()
        expect(help_line).to_be_visible()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.reload()
        expect(help_line).to_be_visible()
        expect(page.get_by_test_id("menu-toggle")).to_be_hidden()
        browser.close()
