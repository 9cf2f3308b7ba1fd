"""Tables built from libraries' data files (the language identifier's model, the CMU syllable
table, hyphenation patterns), kept on disk once built: unpickling them takes a fraction of the
time decompressing and parsing their sources takes, which every process paid at start-up.
Tables too large to load whole for the few keys a run reads (word frequencies) are kept as
files read by key (`cached_file`).

A table is rebuilt when a source file changes (its size or time), when Python changes, or
when the cache cannot be read; a cache that cannot be written is simply not kept. The folder
is `$FRICTIONAUDIT_CACHE`, else `$XDG_CACHE_HOME/frictionaudit`, else `~/.cache/frictionaudit`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = 1  # bump when a table's shape changes


def cache_dir() -> Path:
    if os.environ.get("FRICTIONAUDIT_CACHE"):
        return Path(os.environ["FRICTIONAUDIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "frictionaudit"


def _path(name: str, sources: list[Path], extra: tuple, suffix: str) -> Path:
    key = hashlib.sha256(repr((FORMAT, sys.version, extra, [
        (str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sources])).encode())
    return cache_dir() / f"{name}-{key.hexdigest()[:16]}{suffix}"


def cached(name: str, sources: list[Path], build: Callable[[], T], *extra: str) -> T:
    """`build()`, or what it returned last time for the same sources and `extra` key."""
    path = _path(name, sources, extra, ".pickle")
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # absent, unreadable or stale: build it again
        pass
    table = build()
    _keep(path, _pickled(table))
    return table


def cached_file(name: str, sources: list[Path], build: Callable[[Path], None], suffix: str,
                *extra: str) -> Path | None:
    """A file `build(path)` wrote for the same sources and `extra` key (a table read by key,
    not loaded whole); None where the cache cannot be written."""
    path = _path(name, sources, extra, suffix)
    if path.exists():
        return path
    return path if _keep(path, build) else None


def _pickled(table) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as f:
            pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
    return write


def _keep(path: Path, write: Callable[[Path], None]) -> bool:
    """Written whole or not at all (`write` fills a temporary file, renamed once done), the
    same table's older versions removed."""
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=path.suffix,
                                         delete=False) as f:
            temp = Path(f.name)
        write(temp)
        os.replace(temp, path)
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*{path.suffix}"):
            if old != path:
                old.unlink(missing_ok=True)
        return True
    except (OSError, pickle.PicklingError, sqlite3.Error):
        if temp is not None:
            temp.unlink(missing_ok=True)
        return False
