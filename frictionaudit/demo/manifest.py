"""The seeded defects of the demo shop, as data: what a correct audit must report, and where."""

import tomllib
from functools import cache
from pathlib import Path

MANIFEST = Path(__file__).with_name("manifest.toml")


@cache
def _defects() -> tuple[dict, ...]:
    with MANIFEST.open("rb") as fh:
        return tuple(tomllib.load(fh)["defect"])


def load_manifest(variant: str | None = None, device: str | None = None) -> list[dict]:
    """Defects of one variant, as seen on one device: "mobile" adds the mobile-only defects to
    those seen on "any" device; "any" (or "desktop") keeps only the latter. None: no filter."""
    return [
        dict(d, rules=list(d["rules"]))
        for d in _defects()
        if variant in (None, d["variant"]) and (device is None or d["device"] in ("any", device))
    ]
