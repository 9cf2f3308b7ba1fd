"""Step screenshots as data: URIs, so the HTML report is one file that makes no request.

Only images inside the report folder are read: a report.json from elsewhere must not be able to
pull arbitrary local files into a report someone then shares.
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, ...), which carry the image's size.
JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
MIME_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class Image:
    uri: str
    width: int | None
    height: int | None


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk (always first), or None if it is not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's start-of-frame segment, or None if it is not a JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 9 <= len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker in JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return (width, height) if width and height else None
        at += 2 + length
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG screenshot, or None."""
    return png_size(data) or jpeg_size(data)


def load_image(assets_dir: Path, relative: str | None) -> Image | None:
    """The screenshot at `relative` under `assets_dir`, or None when absent, unreadable or not
    an image inside the folder (a failed step has no screenshot; the report renders without)."""
    if not relative:
        return None
    root = assets_dir.resolve()
    path = (root / relative).resolve()
    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None or not path.is_relative_to(root):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    size = image_size(data)
    width, height = size if size else (None, None)
    return Image(f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", width, height)


def masked_boxes(assets_dir: Path, snapshot: str | None) -> list[tuple[float, float, float, float]]:
    """Where the recorder painted over secret fields in a step's screenshot (x, y, width,
    height), read from the step's annotated snapshot: the report draws these as "masked" rather
    than leave Playwright's solid magenta to read as a highlight."""
    if not snapshot:
        return []
    root = assets_dir.resolve()
    path = (root / snapshot).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() not in (".html", ".htm"):
        return []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    if "data-fa-secret" not in text.lower():  # most steps have no secret field: no parse
        return []
    from bs4 import BeautifulSoup

    boxes = []
    for tag in BeautifulSoup(text, "lxml").find_all(attrs={"data-fa-secret": "1"}):
        if tag.get("data-fa-vis") == "0":
            continue
        try:
            x, y, w, h = (float(part) for part in str(tag.get("data-fa-box", "")).split(","))
        except ValueError:
            continue
        if w > 0 and h > 0:
            boxes.append((x, y, w, h))
    return boxes
