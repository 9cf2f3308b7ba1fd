"""The hand count behind truth.toml: a plain Playwright walk (not the tool) of a guest checkout
and a registration on the seeded shop, printing each screen's visible form controls, texts and
amounts. It stops before "Place Order" and before "Sign Up", so it changes nothing.

    python realsites/run.py serve evershop        # prints the URL (http://localhost:PORT/)
    python realsites/evershop/walk.py http://localhost:PORT
"""

from __future__ import annotations

import sys

from playwright.sync_api import Page, sync_playwright

CONTROLS = """() => [...document.querySelectorAll(
  'input:not([type=hidden]),select,textarea,button,[role=combobox],[role=radio],[role=checkbox]')]
 .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
 .map(e => [e.tagName.toLowerCase(), e.type || '', e.getAttribute('role') || '',
            e.name || e.id || '', e.checked ? 'checked' : '',
            e.getAttribute('autocomplete') || '-',
            (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || e.value || '')
              .replace(/\\s+/g, ' ').slice(0, 40)].join(' | '))"""


def screen(page: Page, title: str) -> None:
    page.wait_for_load_state("networkidle")
    print(f"\n=== {title}: {page.url}")
    print(page.inner_text("main" if page.query_selector("main") else "body"))
    for line in page.evaluate(CONTROLS):
        print("   ", line)


def checkout(page: Page, base: str) -> None:
    page.goto(base + "/")
    screen(page, "home")
    page.click("a[href='/accessories/ceramic-coffee-cup-white']")
    screen(page, "product")
    page.get_by_role("button", name="White", exact=True).click()  # a colour must be picked
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("button", name="View Cart (1)").wait_for()
    screen(page, "product, after Add to cart (the mini-cart drawer)")
    page.goto(base + "/cart")
    screen(page, "cart")
    page.get_by_role("button", name="Proceed to checkout").click()
    page.wait_for_url("**/checkout")
    screen(page, "checkout on arrival")
    page.fill("[name='contact.email']", "alex.taylor@example.com")
    page.fill("[name='shippingAddress.full_name']", "Alex Taylor")
    page.fill("[name='shippingAddress.telephone']", "020 7946 0123")
    page.fill("[name='shippingAddress.address_1']", "221B Baker Street")
    page.fill("[name='shippingAddress.city']", "London")
    page.fill("[name='shippingAddress.postcode']", "NW1 6XE")
    page.click("#field-shippingAddress\\.country")
    page.get_by_role("option", name="United Kingdom").click()
    page.click("#field-shippingAddress\\.province")
    page.get_by_role("option", name="England").click()
    page.get_by_text("Standard delivery").click()
    page.get_by_text("Cash on delivery").click()
    page.get_by_role("button", name="Place Order").wait_for()
    screen(page, "checkout, filled, at the final button (not pressed)")


def signup(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Sign in").click()
    screen(page, "sign in")
    page.get_by_role("link", name="Create an account").click()
    screen(page, "register (not sent)")


if __name__ == "__main__":
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for walk in (checkout, signup):
            walk(browser.new_page(), sys.argv[1].rstrip("/"))
        browser.close()
