"""The PDF: Chromium prints the HTML report with its print stylesheet. Checked as a reader would
see it: every page rendered to pixels (pypdfium2, the PDF engine Chrome itself uses), nothing
drawn into the margins where it would be cut, the rough demo in at most 20 pages."""

from __future__ import annotations

import struct
import unicodedata
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from frictionaudit.report import write_reports
from frictionaudit.report.pdf import render_pdf

MAX_PAGES = 20
MARGIN_MM = 10  # left and right, as pdf.py prints


def page_pixels(path: Path, scale: float = 1.0):
    """Each page as (width, height, rows of RGB bytes), rendered by PDFium."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB, not BGR
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            channels = bitmap.n_channels
            data = bytes(bitmap.buffer)
            rows = [data[y * stride: y * stride + width * channels] for y in range(height)]
            yield width, height, channels, rows
    finally:
        pdf.close()


def png_bytes(width: int, height: int, channels: int, rows: list[bytes]) -> bytes:
    """A PNG of a rendered page (RGB or RGBA), to look at when a check fails."""
    colour = {3: 2, 4: 6}[channels]
    raw = zlib.compress(b"".join(b"\x00" + row for row in rows))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def inked_columns(width: int, channels: int, rows: list[bytes], columns: range) -> int:
    """How many pixels in `columns` are not white: content that strays into the margin."""
    count = 0
    for row in rows:
        for x in columns:
            pixel = row[x * channels: x * channels + 3]
            if min(pixel) < 235:
                count += 1
    return count


def check_pages(path: Path, out: Path) -> int:
    """Render every page to PNG in `out`; assert nothing is drawn in the side margins (where it
    would be cut or was pushed off the page); return the number of pages."""
    pages = 0
    for number, (width, height, channels, rows) in enumerate(page_pixels(path), start=1):
        pages += 1
        (out / f"page-{number:02d}.png").write_bytes(png_bytes(width, height, channels, rows))
        margin = round(width * (MARGIN_MM - 2) / 210)  # the outer 8 of the 10 mm
        body = rows[: height - round(height * 16 / 297)]  # above the footer
        stray = (inked_columns(width, channels, body, range(0, margin))
                 + inked_columns(width, channels, body, range(width - margin, width)))
        assert stray == 0, f"page {number}: {stray} pixels in the side margins ({out})"
    return pages


def test_pdf_is_a_readable_pdf_with_the_target(report_dir, tmp_path):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["pdf"])
    assert path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    assert "shop.example.com" in text
    assert "Control" in text  # the last gauge is on the page, not cut at its edge
    everything = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    # findings are printed grouped per rule, with every element and its fix
    assert "Costs appear only at the last step" in everything
    assert "How to fix" in everything
    assert check_pages(path, tmp_path) == len(reader.pages)


@pytest.mark.e2e
def test_rough_demo_prints_in_at_most_20_pages_with_nothing_cut(demo_audit, tmp_path):
    report, folder = demo_audit("rough", "en")
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report, folder))
    reader = PdfReader(path)
    assert len(reader.pages) <= MAX_PAGES
    first = unicodedata.normalize("NFKC", reader.pages[0].extract_text()).lower()
    assert all(name in first for name in ("effort", "clarity", "transparency", "control"))
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    # every finding is printed: its message is on a page
    def flat(words: str) -> str:  # a line may break after a hyphen: "e-\nmail"
        return " ".join(unicodedata.normalize("NFKC", words).split()).replace("- ", "-")

    printed = flat(text)
    missing = [f.message for f in report.findings if flat(f.message)[:40] not in printed]
    assert not missing
    assert check_pages(path, tmp_path) == len(reader.pages)
