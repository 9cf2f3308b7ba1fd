"""Contact and help pages fetched by the recorder: made inert for the report without spoiling
the snapshot that is read afterwards (EverShop's contact page has scripts and a help link)."""

from frictionaudit.record.reach import _candidates, inert
from frictionaudit.snapshot.page import PageSnapshot

PAGE = """<!DOCTYPE html><html lang="en"><head><script>window.x = 1</script></head><body>
<main><p>Write to hello@shop.example</p><script src="/app.js"></script></main>
<footer><a href="/help" onclick="track()">Help</a></footer></body></html>"""


def test_inert_copy_leaves_the_snapshot_readable():
    page = PageSnapshot.from_html(PAGE, "http://127.0.0.1:1/contact")
    saved = inert(page)
    assert "<script" not in saved and ' onclick="' not in saved and "data-fa-onclick" in saved
    assert _candidates(page) == ["http://127.0.0.1:1/help"]  # crashed: decomposed <script> tags
    assert len(page.soup("script")) == 2
