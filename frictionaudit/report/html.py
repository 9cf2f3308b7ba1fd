"""The HTML report: one self-contained file a client can open offline, print or mail on.

Laid out as Lighthouse lays out its report: scores first, then per journey and category one
entry per rule that failed, with the elements it found in a table (element, step, evidence and a
crop of the screenshot with the element outlined); rules that passed or did not apply are listed
collapsed. A filter by severity, category and journey works with CSS alone (`:has`), and a step's
full screenshot opens as a `:target` overlay, so the page needs no script: its
Content-Security-Policy forbids every script and request, and the page text the audit quotes
stays text wherever the file is opened.

Each screenshot is embedded once, as a data: URI in a CSS class; thumbnails, crops and the full
view all draw it as a background, placed in percent so that every size of screen scales it.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from frictionaudit.model import Category, Journey, Report, Step
from frictionaudit.report import view
from frictionaudit.report.images import Image, load_image, masked_boxes

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "report.html.j2"
# A screenshot is never shown at less than half its size, so markers laid out for that scale
# never overlap: two markers closer than a marker's size at half scale become one.
MIN_SCALE = 0.5
MARK_WIDTH, MARK_HEIGHT = 44, 24  # CSS px a marker may take, "12+3" included
# Image px around an element in its crop: more above, where a field's label is.
CROP_PAD, CROP_PAD_TOP, CROP_MIN_WIDTH, CROP_MAX_HEIGHT = 16, 40, 360, 420


@dataclass(frozen=True)
class Box:
    """A rectangle over a screenshot or a crop, in percent of it."""

    left: float
    top: float
    width: float
    height: float

    @property
    def style(self) -> str:
        return (f"left:{self.left:.3f}%;top:{self.top:.3f}%;"
                f"width:{self.width:.3f}%;height:{self.height:.3f}%")


@dataclass(frozen=True)
class Outline:
    box: Box
    severity: str


@dataclass(frozen=True)
class Marker:
    """One marker over a full screenshot: the findings whose elements sit close together."""

    left: float
    top: float
    numbers: list[int]
    severity: str

    @property
    def label(self) -> str:
        extra = len(self.numbers) - 1
        return f"{self.numbers[0]}+{extra}" if extra else str(self.numbers[0])

    @property
    def name(self) -> str:
        if len(self.numbers) == 1:
            return f"Finding {self.numbers[0]}"
        return "Findings " + ", ".join(map(str, self.numbers))


@dataclass
class Shot:
    """A step's screenshot: its CSS class, the marks over it, and where it was masked."""

    css: str
    anchor: str
    step: Step
    image: Image | None
    masks: list[Box] = field(default_factory=list)
    outlines: list[Outline] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    count: int = 0

    @property
    def ratio(self) -> str:
        assert self.image is not None and self.image.width and self.image.height
        return f"{self.image.width} / {self.image.height}"

    @property
    def min_width(self) -> int:
        return round((self.image.width or 0) * MIN_SCALE) if self.image else 0


@dataclass(frozen=True)
class Crop:
    """A finding's element cut out of its step's screenshot, as a scaled background."""

    shot: Shot
    style: str
    outline: Box
    masks: list[Box]


@dataclass(frozen=True)
class Row:
    """One element of an audit's table, with every finding the rule made on it there (a
    paragraph with four jargon words is one row of four findings, under one crop)."""

    items: list[view.Numbered]
    step: Step | None
    crop: Crop | None

    @property
    def finding(self):
        return self.items[0].finding

    @property
    def new_evidence(self) -> str:
        """The first finding's evidence unless its message already says it (the printed form
        shows evidence only where it adds something)."""
        def flat(text: str) -> str:
            return "".join(ch for ch in text.lower() if ch.isalnum())

        evidence = self.finding.evidence
        return "" if flat(evidence) in flat(self.finding.message) else evidence


@dataclass(frozen=True)
class AuditView:
    audit: view.Audit
    anchor: str
    rows: list[Row]


@dataclass(frozen=True)
class CategoryView:
    name: str
    score: int | None
    audits: list[AuditView]
    passed: list[tuple[str, str]]  # (title, detail)
    inapplicable: list[str]


@dataclass(frozen=True)
class SectionView:
    anchor: str
    label: str
    journey: Journey | None
    scores: list[tuple[str, int]]
    metrics: list[MetricRow]
    shots: list[Shot]
    categories: list[CategoryView]
    count: int


@dataclass(frozen=True)
class MetricRow:
    label: str
    value: str
    base: str | None
    delta: str | None
    trend: str  # "up" (more effort than the baseline), "down" or ""


def render_html(report: Report, assets_dir: Path) -> str:
    """The report as one HTML document; screenshots are read from `assets_dir`."""
    sections = [_section(report, s, assets_dir) for s in view.sections(report)]
    shots, classes = [], {}
    for shot in (shot for section in sections for shot in section.shots if shot.image):
        if shot.image.uri in classes:  # the same picture twice is embedded once
            shot.css = classes[shot.image.uri]
        else:
            classes[shot.image.uri] = shot.css
            shots.append(shot)
    numbered = [item for s in sections for c in s.categories for a in c.audits
                for row in a.rows for item in row.items]
    status = view.audit_status(report)
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            report=report,
            title=view.document_title(report),
            site=view.site_name(report),
            status=status,
            troubled=view.troubled(report),
            scores=view.score_rows(report.scores),
            losses=_losses(report),
            deltas=report.gate.comparison.score_deltas if report.gate.comparison else {},
            reasons=view.gate_reasons(report),
            preset=view.gate_preset(report),
            settings=_settings(report),
            counts=Counter(item.finding.severity for item in numbered),
            total=len(numbered),
            sections=sections,
            shots=shots,
            severities=view.SEVERITIES,
            categories=[str(c) for c in Category],
            blurbs=view.CATEGORY_BLURBS,
            label_of=lambda journey: view.journey_label(report, journey),
        )
    )


def prepare() -> None:
    """The template compiled (or read from the bytecode cache) before the first report."""
    _environment().get_template(TEMPLATE)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # autoescape=True, not select_autoescape: the template is named *.html.j2, which
    # select_autoescape's extension match would leave unescaped.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(num=view.num, signed=view.signed, when=view.when, band=view.band,
                       ref_url=view.ref_url, plural=_plural)
    env.tests["http"] = view.is_http
    return env


class _QuietCache(FileSystemBytecodeCache):
    """The template compiled once per user, not once per command (parsing it costs 0.1 s of
    CPU): kept in jinja2's own per-user folder (owned, mode 0700), keyed by the template's
    checksum, so an edited template is compiled afresh. A cache that cannot be read or written
    is skipped, never an error."""

    def load_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return _QuietCache()
    except (OSError, RuntimeError):  # no safe folder of our own: compile each time
        return None


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def _settings(report: Report) -> list[tuple[str, str]]:
    rows = [
        ("Date", view.when(report.started_at)),
        ("Duration", view.duration(report)),
        ("Tool", f"{report.tool.name} {report.tool.version}"),
        ("Devices", ", ".join(view.devices(report)) or "—"),
        ("Languages", ", ".join(view.languages(report)) or "—"),
    ]
    for key, value in report.settings.items():
        if key == "devices":
            continue  # shown above, from the journeys themselves
        if isinstance(value, list):
            text = ", ".join(value) or "—"
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = "—" if value is None else view.num(value)
        rows.append((key.replace("_", " ").capitalize(), text))
    return rows


def _losses(report: Report) -> dict[str, list[tuple[str, str, str]]]:
    """Per category: (points lost, audit title, where) for each audit under a full score."""
    out = {}
    for category, losses in view.losses(report).items():
        rows = []
        for loss in losses:
            points = f"−{loss.points:.1f}" if loss.points < 9.95 else f"−{loss.points:.0f}"
            where = ", ".join(loss.journeys)
            if loss.score > 0:
                where += f" · scored {round(loss.score * 100)}"
            rows.append((points, loss.title, where))
        out[str(category)] = rows
    return out


def _metrics(report: Report, journey: Journey) -> list[MetricRow]:
    comparison = report.gate.comparison
    bases = (
        {d.metric: d.base for d in comparison.metric_deltas if d.journey == journey.name}
        if comparison
        else {}
    )
    rows = []
    for name, label in view.METRIC_LABELS.items():
        value = getattr(journey.metrics, name)
        base = bases.get(name)
        if base is None:
            rows.append(MetricRow(label, view.num(value), None, None, ""))
            continue
        trend = "up" if value > base else "down" if value < base else ""
        rows.append(MetricRow(label, view.num(value), view.num(base), view.signed(value - base),
                              trend))
    return rows


def _section(report: Report, section: view.Section, assets_dir: Path) -> SectionView:
    prefix = "site" if section.index is None else f"j{section.index}"
    journey = section.journey
    shots: dict[int, Shot] = {}
    if journey is not None:
        for step in journey.steps:
            image = load_image(assets_dir, step.screenshot)
            if image is not None and not (image.width and image.height):
                image = None  # not an image we can measure: no place to draw on
            shot = Shot(f"img-{prefix}-s{step.index}", f"shot-{prefix}-s{step.index}", step, image)
            if image is not None:
                shot.masks = [
                    b for box in masked_boxes(assets_dir, step.snapshot)
                    if (b := _percent(box, image))
                ]
            shots[step.index] = shot
    scores = report.journey_scores.get(journey.name) if journey else None
    categories = []
    for category in Category:
        audits = []
        for audit in section.audits[category]:
            rows: list[Row] = []
            for item in audit.items:
                finding = item.finding
                shot = shots.get(finding.step) if finding.step is not None else None
                if shot is not None and shot.image is not None:
                    shot.count += 1
                if rows and finding.selector and _same_element(rows[-1].finding, finding):
                    rows[-1].items.append(item)
                    continue
                crop = None
                if shot is not None and shot.image is not None:
                    box = _percent(finding.box, shot.image)
                    if box is not None:
                        shot.outlines.append(Outline(box, str(finding.severity)))
                        crop = _crop(shot, finding.box)
                rows.append(Row([item], shot.step if shot else None, crop))
            audits.append(AuditView(audit, f"{prefix}-{audit.rule.id}", rows))
        passed = [
            (view.failure_title(rule, o.value) if (o.score or 0) < 1 else rule.title,
             _passed_detail(o))
            for rule, o in section.passed[category]
        ]
        inapplicable = [rule.title for rule in section.inapplicable[category]]
        score = getattr(scores, str(category)) if scores else None
        if journey is None:
            score = None
        categories.append(CategoryView(str(category), score, audits, passed, inapplicable))
    for shot in shots.values():
        if shot.image is not None:
            shot.markers = _markers(shot, section, report)
    label = view.journey_label(report, journey) if journey else "Whole site"
    return SectionView(
        anchor=prefix,
        label=label,
        journey=journey,
        scores=view.score_rows(scores) if scores else [],
        metrics=_metrics(report, journey) if journey else [],
        shots=list(shots.values()),
        categories=categories,
        count=section.count,
    )


def _same_element(a, b) -> bool:
    return (a.step, a.selector, a.box, a.device) == (b.step, b.selector, b.box, b.device)


def _passed_detail(outcome) -> str:
    if outcome.score is None or outcome.score >= 1:
        return ""
    return f"scored {round(outcome.score * 100)}"


def _percent(box, image: Image) -> Box | None:
    """`box` (x, y, width, height in image pixels) in percent of the image, clipped to it;
    None when it is missing or falls outside."""
    if not box or len(box) != 4 or not image.width or not image.height:
        return None
    x, y, w, h = box
    if w <= 0 or h <= 0 or x >= image.width or y >= image.height or x + w <= 0 or y + h <= 0:
        return None

    def clip(value: float, whole: int) -> float:
        return min(max(value / whole * 100, 0.0), 100.0)

    left, top = clip(x, image.width), clip(y, image.height)
    right, bottom = clip(x + w, image.width), clip(y + h, image.height)
    return Box(left, top, right - left, bottom - top)


def _crop(shot: Shot, box) -> Crop | None:
    """The element with some of the page around it, no wider than the screenshot; drawn by
    scaling the screenshot as a background so that the crop's box fills its frame."""
    image = shot.image
    if image is None or not image.width or not image.height or _percent(box, image) is None:
        return None
    width, height = image.width, image.height
    x, y, w, h = box
    x0, x1 = max(0.0, x - CROP_PAD), min(float(width), x + w + CROP_PAD)
    if x1 - x0 < CROP_MIN_WIDTH:  # widen around the element, for context
        grow = (min(CROP_MIN_WIDTH, width) - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
        if x0 < 0:
            x0, x1 = 0.0, x1 - x0
        if x1 > width:
            x0, x1 = max(0.0, x0 - (x1 - width)), float(width)
    y0, y1 = max(0.0, y - CROP_PAD_TOP), min(float(height), y + h + CROP_PAD)
    y1 = min(y1, y0 + CROP_MAX_HEIGHT)  # a tall element shows its top
    cw, ch = x1 - x0, y1 - y0
    if cw <= 0 or ch <= 0:
        return None

    def position(start: float, size: float, whole: int) -> float:
        return 0.0 if whole - size <= 0.5 else start / (whole - size) * 100

    style = (
        f"--w:{cw:.0f}px;--r:{cw / ch:.4f};aspect-ratio:{cw:.0f}/{ch:.0f};"
        f"background-size:{width / cw * 100:.3f}% auto;"
        f"background-position:{position(x0, cw, width):.3f}% {position(y0, ch, height):.3f}%"
    )

    def inside(bx: float, by: float, bw: float, bh: float) -> Box | None:
        left, right = max(bx, x0), min(bx + bw, x1)
        top, bottom = max(by, y0), min(by + bh, y1)
        if right <= left or bottom <= top:
            return None
        return Box((left - x0) / cw * 100, (top - y0) / ch * 100,
                   (right - left) / cw * 100, (bottom - top) / ch * 100)

    outline = inside(x, y, w, h)
    if outline is None:
        return None
    masks = []
    for mask in shot.masks:  # back from percent of the image to pixels, then into the crop
        mx, my = mask.left / 100 * width, mask.top / 100 * height
        part = inside(mx, my, mask.width / 100 * width, mask.height / 100 * height)
        if part is not None:
            masks.append(part)
    return Crop(shot, style, outline, masks)


def _markers(shot: Shot, section: view.Section, report: Report) -> list[Marker]:
    """Markers for the findings on this step, clustered so that none overlaps another at any
    scale the report shows the screenshot at (never under MIN_SCALE)."""
    image = shot.image
    assert image is not None and image.width and image.height
    gap_x, gap_y = MARK_WIDTH / MIN_SCALE, MARK_HEIGHT / MIN_SCALE
    points = []
    for audits in section.audits.values():
        for audit in audits:
            for item in audit.items:
                finding = item.finding
                if finding.step != shot.step.index or _percent(finding.box, image) is None:
                    continue
                # Inside the picture: at the right and bottom edges a marker moves in.
                x = min(max(finding.box[0], 0.0), max(image.width - gap_x, 0.0))
                y = min(max(finding.box[1], 0.0), max(image.height - gap_y, 0.0))
                points.append((y, x, item.number, str(finding.severity)))
    clusters: list[tuple[float, float, list[int], list[str]]] = []
    for y, x, number, severity in sorted(points):
        for cy, cx, numbers, severities in clusters:
            if abs(cx - x) < gap_x and abs(cy - y) < gap_y:
                numbers.append(number)
                severities.append(severity)
                break
        else:
            clusters.append((y, x, [number], [severity]))
    ranks = {str(s): s.rank for s in view.SEVERITIES}
    markers = []
    for y, x, numbers, severities in clusters:
        worst = max(severities, key=lambda s: ranks[s])
        markers.append(Marker(x / image.width * 100, y / image.height * 100, sorted(numbers),
                              worst))
    return markers
