"""Renderings of one `Report`: JSON (the source of truth), HTML, Markdown, SARIF, JUnit, PDF."""

from frictionaudit.report.writer import FORMATS, load_report, write_reports

__all__ = ["FORMATS", "load_report", "write_reports"]
