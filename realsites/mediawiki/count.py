"""The ground truth's counts taken by a plain Playwright script (not the tool): walk the signup
by hand-chosen selectors, print each screen's path, visible fields, required fields, boxes
ticked on arrival, buttons and footer links, then the accounts and mails it left.

    python realsites/run.py serve mediawiki          # prints the URL
    python realsites/mediawiki/count.py http://127.0.0.1:PORT [uselang ...]
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

SCREEN = """() => {
  const shown = e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
  const fields = [...document.querySelectorAll(
      '#content input, #content select, #content textarea')]
    .filter(e => shown(e) && !['hidden', 'submit', 'button', 'checkbox', 'radio', 'search']
    .includes(e.type));
  const boxes = [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
    .filter(shown);
  return {
    h1: document.querySelector('h1')?.innerText,
    fields: fields.map(e => `${e.name}${e.required ? '*' : ''}:${e.type}:${e.autocomplete}`),
    ticked: boxes.filter(e => e.checked).map(e => e.name || e.id),
    boxes: boxes.map(e => e.name || e.id),
    buttons: [...document.querySelectorAll('#content button, #content input[type=submit]')]
      .filter(shown).map(e => (e.innerText || e.value).trim()),
    footer: [...document.querySelectorAll('#footer-places a')].map(a => a.innerText),
    header: [...document.querySelectorAll('#p-vector-user-menu-overflow a, .vector-user-links a')]
      .filter(shown).map(a => a.innerText.trim()).filter(Boolean),
  };
}"""


def show(page) -> None:
    url = urlsplit(page.url)
    print(f"  {url.path}?{url.query}")
    for key, value in page.evaluate(SCREEN).items():
        print(f"    {key}: {value}")


def walk(base: str, lang: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        print(f"uselang={lang}")
        page.goto(f"{base}/index.php?title=Main_Page&uselang={lang}")
        show(page)
        page.click(".vector-user-links a[href*='CreateAccount']")
        show(page)
        page.fill("#wpName2", f"Count {lang} test")
        page.fill("#wpPassword2", "Frict1on-Audit-Pass!")
        page.fill("#wpRetype", "Frict1on-Audit-Pass!")
        page.fill("#wpEmail", f"count.{lang}@example.com")
        page.click("#wpCreateaccount")
        page.wait_for_load_state()
        show(page)
        print("    text:", " / ".join(page.inner_text("#content").split("\n")[:6]))
        browser.close()


if __name__ == "__main__":
    for code in sys.argv[2:] or ["en"]:
        walk(sys.argv[1].rstrip("/"), code)
