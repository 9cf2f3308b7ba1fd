"""A bare Playwright replay of a flow file: the same steps on the same Chromium, nothing recorded.

    .venv/bin/python bench/replay.py http://127.0.0.1:8000/ docs/examples/demo-smooth-checkout.toml

The lower bound a flow-file audit is measured against (bench_journeys.py): it launches the
browser frictionaudit.browser finds, with the same flags, and does each step with Playwright's
own auto-waiting; no settle waits, snapshots, screenshots, probes or checks. Persona
placeholders are filled from the bundled persona of the start page's language. Prints the
number of steps done; exit 1 if a step fails.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Page, sync_playwright

from frictionaudit.browser import find_browser, launch_args

PERSONAS = Path(__file__).resolve().parent.parent / "frictionaudit" / "drive" / "personas"
PLACEHOLDER = re.compile(r"\{persona\.([a-z0-9_.]+)\}")
LOCATORS = ("role", "label", "text", "placeholder", "testid", "css")


def persona(lang: str) -> dict:
    path = PERSONAS / f"{(lang or 'en').split('-')[0].lower()}.toml"
    return tomllib.loads((path if path.exists() else PERSONAS / "en.toml").read_text("utf-8"))


def expand(text: str, who: dict) -> str:
    def value(match: re.Match) -> str:
        node = who
        for key in match.group(1).split("."):
            node = node[key]
        return str(node)
    return PLACEHOLDER.sub(value, text)


def locate(page: Page, step: dict):
    exact = step.get("exact", False)
    if "role" in step:
        return page.get_by_role(step["role"], name=step.get("name"), exact=exact)
    if "label" in step:
        return page.get_by_label(step["label"], exact=exact)
    if "text" in step:
        return page.get_by_text(step["text"], exact=exact)
    if "placeholder" in step:
        return page.get_by_placeholder(step["placeholder"], exact=exact)
    if "testid" in step:
        return page.get_by_test_id(step["testid"])
    return page.locator(step["css"])


def run(page: Page, step: dict, base: str, who: dict) -> None:
    action, timeout = step["action"], step.get("timeout_ms", 10_000)
    value = expand(step["value"], who) if "value" in step else None
    if action == "goto":
        page.goto(urljoin(base, expand(step["url"], who)))
    elif action == "wait":
        if "ms" in step:
            page.wait_for_timeout(step["ms"])
        else:
            locate(page, step).first.wait_for(timeout=timeout)
    elif action == "press" and not any(k in step for k in LOCATORS):
        page.keyboard.press(step["key"])
    elif action == "expect" and "url" in step and not any(k in step for k in LOCATORS):
        page.wait_for_url(re.compile(re.escape(step["url"])), timeout=timeout)
    else:
        target = locate(page, step).first
        if step.get("optional"):
            try:
                target.wait_for(timeout=500)
            except Exception:  # absent: an optional step is skipped
                return
        if action == "expect":
            target.wait_for(timeout=timeout)
        elif action == "click":
            target.click(timeout=timeout)
        elif action == "fill":
            target.fill(value or "", timeout=timeout)
        elif action == "select":
            target.select_option(value, timeout=timeout)
        elif action in ("check", "uncheck"):
            getattr(target, action)(timeout=timeout)
        elif action == "press":
            target.press(step["key"], timeout=timeout)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: replay.py URL FLOW.toml", file=sys.stderr)
        return 2
    url, flow = argv
    journeys = tomllib.loads(Path(flow).read_text(encoding="utf-8"))["journey"]
    done = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_browser(None, pw), args=launch_args())
        for journey in journeys:
            context = browser.new_context(viewport={"width": 1280, "height": 800})  # as audits
            page = context.new_page()
            page.goto(urljoin(url, journey.get("start", "/")))
            who = persona(page.evaluate("document.documentElement.lang"))
            for step in journey.get("step", []):
                run(page, step, url, who)
                done += 1
            context.close()
        browser.close()
    print(f"{done} steps replayed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
