"""Inline SVG bar charts for the index: no script, no request, colours from the page's CSS
(so dark mode and print restyle them), and a text alternative for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    highlight: bool = False  # the primary site


ROW, LABEL_W, VALUE_W, WIDTH = 24, 200, 56, 640


def bar_chart(title: str, bars: list[Bar], scale: float, unit: str = "",
              chart_id: str = "chart") -> str:
    """Horizontal bars, one per site, longest = `scale`."""
    scale = scale or 1
    height = ROW * len(bars) + 8
    plot = WIDTH - LABEL_W - VALUE_W
    summary = "; ".join(f"{b.label}: {_fmt(b.value)}{unit}" for b in bars)
    rows = []
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = max(1.0, plot * min(bar.value, scale) / scale)
        cls = "bar primary" if bar.highlight else "bar"
        rows.append(
            f'<text class="label" x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(_short(bar.label))}</text>"
            f'<rect class="{cls}" x="{LABEL_W}" y="{y + 3}" width="{width:.1f}" height="{ROW - 8}"'
            f' rx="3"/>'
            f'<text class="value" x="{LABEL_W + width + 6:.1f}" y="{y + 16}">'
            f"{_fmt(bar.value)}{escape(unit)}</text>")
    return (f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-t">{escape(title)}</title>'
            f'<desc id="{chart_id}-d">{escape(summary)}</desc>{"".join(rows)}</svg>')


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
