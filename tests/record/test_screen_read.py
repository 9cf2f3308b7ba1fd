"""What one read of a screen leaves behind for its screenshot, and the guard's one-trip verdict,
in real Chromium."""

from __future__ import annotations

import json

import pytest

from frictionaudit.drive.flow import guard_verdict, guarded_click
from frictionaudit.record.guard import guard_script
from frictionaudit.record.recorder import AGENT_JS, READ_JS
from frictionaudit.snapshot.secrets import secrets_js

HTML = "text/html; charset=utf-8"
ANIMATED = """<html><head><style>
@keyframes slide { from { transform: translateX(-400px); } to { transform: none; } }
@keyframes spin { to { transform: rotate(360deg); } }
#drawer { animation: slide 30s linear; }
#spinner { animation: spin 1s linear infinite; }
</style></head><body><aside id="drawer">Added to your basket</aside>
<div id="spinner">…</div></body></html>"""
STATES_JS = """() => Object.fromEntries(document.getAnimations()
  .map((a) => [a.effect.target.id, a.playState]))"""
LATE_BUTTON = """<html><body><h1>Review</h1><p>Order total: €42.00</p>
<form method="post" id="order" onsubmit="document.body.dataset.sent = 1; return false">
<input name="cardnumber" autocomplete="cc-number"></form>
<script>setTimeout(() => { const b = document.createElement("button");
  b.textContent = "Place order"; document.getElementById("order").append(b); }, 300);</script>
</body></html>"""


@pytest.fixture
def page_of(chromium):
    context = chromium.new_context()
    context.add_init_script(guard_script(False))
    context.add_init_script(AGENT_JS)

    def make(body: str):
        page = context.new_page()
        page.route("**/*", lambda route: route.fulfill(body=body, content_type=HTML))
        page.goto("http://shop.test/")
        return page

    yield make
    context.close()


def test_the_read_ends_finite_animations_and_leaves_endless_ones_running(page_of):
    page = page_of(ANIMATED)
    assert page.evaluate(STATES_JS) == {"drawer": "running", "spinner": "running"}
    read = page.evaluate(READ_JS, json.loads(secrets_js()))
    assert "Added to your basket" in read["html"]  # read as it stood, then finished
    assert page.evaluate(STATES_JS) == {"spinner": "running"}  # a finished one is gone
    assert page.evaluate("getComputedStyle(drawer).transform") == "none"  # at rest


def test_the_guard_waits_for_a_control_not_there_yet_and_stops_it(page_of):
    page = page_of(LATE_BUTTON)
    button = page.get_by_role("button", name="Place order").first
    final, allowed = guard_verdict(button)
    assert final.startswith("final action") and allowed is False
    assert guarded_click(button, 2_000) == final
    assert page.evaluate("document.body.dataset.sent") is None  # never pressed


def test_the_guard_lets_an_ordinary_button_through_in_one_verdict(page_of):
    page = page_of('<html><body><button onclick="this.dataset.pressed=1">Add to cart</button>'
                   "</body></html>")
    button = page.get_by_role("button").first
    assert guard_verdict(button) == ("", False)
    assert guarded_click(button, 2_000) is None
    assert page.evaluate("document.querySelector('button').dataset.pressed") == "1"
