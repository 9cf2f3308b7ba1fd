"""The PDF: Chromium prints the HTML report."""

from __future__ import annotations

from pypdf import PdfReader

from frictionaudit.report import write_reports


def test_pdf_is_a_readable_pdf_with_the_target(report_dir):
    report, folder = report_dir
    [path] = write_reports(report, folder, ["pdf"])
    assert path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    assert "shop.example.com" in reader.pages[0].extract_text()
