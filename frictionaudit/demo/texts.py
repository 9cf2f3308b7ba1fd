"""Shop copy: one TOML file per language; its [smooth] and [rough] tables override shared text."""

import tomllib
from functools import cache
from pathlib import Path

COPY_DIR = Path(__file__).with_name("copy")


@cache
def load_copy(lang: str, variant: str) -> dict:
    """All visible text of one variant in one language; cached, as the files never change."""
    with (COPY_DIR / f"{lang}.toml").open("rb") as fh:
        data = tomllib.load(fh)
    overrides = {name: data.pop(name) for name in ("smooth", "rough")}
    return _merge(data, overrides[variant])


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
