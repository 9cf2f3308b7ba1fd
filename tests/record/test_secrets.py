"""One list of what is secret (snapshot/secrets.py): a text field named `pin` or
`securitycode` and a password shown in clear by a toggle are painted over in the screenshot and
stripped from the snapshot; a field that only looks alike ("shipping") is neither."""

from __future__ import annotations

from fixture_sites import serve
from PIL import Image

from frictionaudit.record.recorder import Recorder, redact_url
from frictionaudit.snapshot.page import PageSnapshot
from frictionaudit.snapshot.secrets import is_secret_field

PAGE = """<html lang=en><title>Pay</title>
<style>body{margin:0;background:#fff} input{display:block;width:300px;height:40px}</style>
<body><form><h1>Card and account</h1>
<label for=pin>PIN</label><input id=pin name=pin value="4321">
<label for=sc>Security code</label><input id=sc name=securitycode value="987">
<label for=pw>Password</label><input id=pw name=password type=password value="hunter2-secret">
<button type=button id=show onclick="pw.type='text'">Show password</button>
<label for=sh>Shipping note</label><input id=sh name=shipping value="Leave at the door">
</form></body></html>"""

MAGENTA = (255, 0, 255)


def test_secret_words_are_whole_words_where_short():
    assert is_secret_field("text", "", "pin")
    assert is_secret_field("text", "", "card_pin")
    assert is_secret_field("text", "", "securitycode")
    assert is_secret_field("text", "current-password", "login")
    assert is_secret_field("text", "billing cc-number", "n")
    assert not is_secret_field("text", "", "shipping")
    assert not is_secret_field("text", "shipping street-address", "address")
    assert redact_url("http://s.test/?pin=1234&q=mugs") == "http://s.test/?pin=[redacted]&q=mugs"


def test_secret_fields_are_masked_and_stripped(chromium, tmp_path):
    with serve({"/": PAGE}) as (url, _):
        page = chromium.new_page()
        recorder = Recorder(tmp_path, "pay", "checkout")
        recorder.attach(page)
        page.goto(url)
        page.click("#show")  # the password is now type=text, shown in clear
        step = recorder.checkpoint()
        boxes = {sel: page.locator(sel).bounding_box() for sel in ("#pin", "#sc", "#pw", "#sh")}
        recorder.finish("completed", "")
        page.close()
    html = (tmp_path / step.snapshot).read_text(encoding="utf-8")
    for secret in ("4321", "987", "hunter2-secret"):
        assert secret not in html
    assert "Leave at the door" in html
    snap = PageSnapshot.from_html(html)
    marked = {t.get("id") for t in snap.soup.find_all(attrs={"data-fa-secret": "1"})}
    assert marked == {"pin", "sc", "pw"}
    image = Image.open(tmp_path / step.screenshot).convert("RGB")
    for sel, box in boxes.items():
        centre = image.getpixel((int(box["x"] + 20), int(box["y"] + box["height"] / 2)))
        painted = max(abs(a - b) for a, b in zip(centre, MAGENTA, strict=True)) <= 8  # JPEG
        assert painted == (sel != "#sh"), (sel, centre)
