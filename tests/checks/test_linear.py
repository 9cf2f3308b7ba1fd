"""The check phase grows linearly with the page: four times the elements cost at most five
times the work. Work is counted as function calls (cProfile's count: deterministic, whatever
else the machine is doing), not measured in seconds."""

from __future__ import annotations

import cProfile

from frictionaudit.check.engine import run_checks
from frictionaudit.check.pages import SavedPage, page_view
from frictionaudit.check.rules import load_rules

BLOCK = """
<section><h2>Section {i}</h2>
<p>Delivery takes two to four working days. Returns are free within thirty days of delivery,
and you can call us on 020 7946 0{i:03d} or write to help{i}@example.com if anything goes wrong.</p>
<ul><li><a href="/p/{i}">Product {i}</a></li><li><a href="/c/{i}">Category {i}</a></li></ul>
<form action="/cart/{i}" method="post"><input type="hidden" name="id" value="{i}">
<label for="q{i}">Quantity</label><input id="q{i}" name="qty" type="number" value="1">
<label><input type="checkbox" name="gift"> Gift wrap</label>
<button>Add to basket</button></form>
<details><summary>More</summary><p>Care instructions for product {i}.</p></details>
<button aria-expanded="false" aria-controls="m{i}">Menu</button>
<div id="m{i}"><a href="/x">X</a></div>
</section>"""


def page(blocks: int) -> str:
    options = "".join(f"<option>Language {i}</option>" for i in range(blocks))
    body = "".join(BLOCK.format(i=i) for i in range(blocks))
    return (f'<html lang="en"><head><title>Shop</title></head><body><header>'
            f'<form><select name="lang">{options}</select></form></header>'
            f"<main>{body}</main><footer><a href='/contact'>Contact us</a></footer></body></html>")


def calls(html: str) -> int:
    rules = load_rules()
    view = page_view(SavedPage(html, "file:///shop.html", "shop.html", "shop", "s.html"))
    run_checks([view], rules)  # warm: language models and patterns load once per process
    view = page_view(SavedPage(html, "file:///shop.html", "shop.html", "shop", "s.html"))
    profiler = cProfile.Profile()
    profiler.runcall(run_checks, [view], rules)
    return sum(entry.callcount for entry in profiler.getstats())


def test_checks_grow_linearly_with_the_page():
    small, large = page(62), page(250)  # about 1,250 and 5,000 elements
    assert large.count("<") > 5000
    ratio = calls(large) / calls(small)
    assert ratio <= 5, f"4x the elements cost {ratio:.1f}x the work"


def long_form(fields: int) -> str:
    """One form of `fields` labelled boxes, every other one required, none marked: the rule
    on required marks looks at each field's labels and nearest containers."""
    rows = "".join(f'<div class="row"><label for="f{i}">Answer {i}</label>'
                   f'<input id="f{i}" name="f{i}"{" required" if i % 2 else ""}></div>'
                   for i in range(fields))
    return (f'<html lang="en"><head><title>Survey</title></head><body><main><h1>Survey</h1>'
            f"<form>{rows}<button>Send</button></form></main></body></html>")


def test_a_long_form_costs_work_in_proportion_to_its_fields():
    ratio = calls(long_form(400)) / calls(long_form(100))
    assert ratio <= 5, f"4x the fields cost {ratio:.1f}x the work"
