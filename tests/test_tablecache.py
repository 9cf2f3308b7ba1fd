"""Tables kept on disk: built once, read back while their sources stand, rebuilt when a source
changes, and still built (not kept) where the cache folder cannot be written."""

from __future__ import annotations

from frictionaudit import tablecache


def test_a_table_is_built_once_and_rebuilt_when_its_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("FRICTIONAUDIT_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("a b c")
    builds = []

    def build():
        builds.append(1)
        return {w: len(w) for w in source.read_text().split()}

    first = tablecache.cached("words", [source], build)
    again = tablecache.cached("words", [source], build)
    assert first == again == {"a": 1, "b": 1, "c": 1} and len(builds) == 1
    source.write_text("a b c dd")
    assert tablecache.cached("words", [source], build)["dd"] == 2 and len(builds) == 2
    assert len(list((tmp_path / "cache").glob("words-*.pickle"))) == 1  # the old one removed


def test_an_unwritable_cache_still_gives_the_table(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FRICTIONAUDIT_CACHE", str(blocked / "cache"))
    assert tablecache.cached("t", [], lambda: [1, 2]) == [1, 2]
    assert tablecache.cached("t", [], lambda: [3]) == [3]  # nothing was kept
