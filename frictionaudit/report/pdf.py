"""The HTML report printed to PDF by Chromium, for clients who file or mail reports.

Chromium prints the very HTML the browser shows, with its print stylesheet, so the two never
drift apart. Page numbers and the target go in Chromium's own footer.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from frictionaudit.browser import launched
from frictionaudit.model import Report
from frictionaudit.report.html import render_html

MARGIN = {"top": "12mm", "right": "10mm", "bottom": "14mm", "left": "10mm"}
FOOTER = (
    '<div style="font: 8px system-ui, sans-serif; color: #5f6368; width: 100%; '
    'padding: 0 10mm; display: flex; justify-content: space-between;">'
    '<span>{target}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


def render_pdf(report: Report, assets_dir: Path) -> bytes:
    """An A4 PDF of the HTML report; screenshots are read from `assets_dir`."""
    html = render_html(report, assets_dir)
    with launched() as browser:
        page = browser.new_page()
        page.set_content(html, wait_until="load")
        return page.pdf(
            format="A4",
            print_background=True,
            margin=MARGIN,
            display_header_footer=True,
            header_template="<div></div>",
            # The footer is HTML Chromium renders: the target is page-derived, so escape it.
            footer_template=FOOTER.format(target=escape(report.target)),
        )
