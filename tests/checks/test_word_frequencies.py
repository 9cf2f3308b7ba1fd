"""Word frequencies read word by word from the table cache are wordfreq's own, to the last
digit: the same Zipf for common, rare, unknown, elided, hyphenated and numbered words, and
wordfreq's own dict again where the cache cannot be written."""

from __future__ import annotations

import itertools

import pytest
import wordfreq

from frictionaudit.check import readability

ODD = ["zzqqxv", "Haus", "don't", "l'été", "e-mail", "abc123", "Lieferadresse", "", "HOUSE"]


@pytest.fixture
def own_dict(monkeypatch):
    """Zipf as wordfreq computes it with its own in-memory dict."""
    def zipf(word: str, lang: str) -> float:
        with monkeypatch.context() as m:
            m.setattr(wordfreq, "get_frequency_dict", readability._frequency_dict)
            m.setattr(wordfreq, "_wf_cache", {})
            return readability.zipf(word, lang)
    return zipf


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_table_gives_wordfreqs_own_frequencies(lang, own_dict, tmp_path, monkeypatch):
    monkeypatch.setenv("FRICTIONAUDIT_CACHE", str(tmp_path))
    monkeypatch.setattr(wordfreq, "_wf_cache", {})
    readability._frequencies.cache_clear()
    sample = [*itertools.islice(readability._frequency_dict(lang), 0, None, 997), *ODD]
    table = readability._frequencies(lang)
    assert isinstance(table, readability._Frequencies)
    assert [readability.zipf(w, lang) for w in sample] == [own_dict(w, lang) for w in sample]
    assert list(tmp_path.glob(f"wordfreq-best-{lang}-*.sqlite"))
    readability._frequencies.cache_clear()


def test_an_unwritable_cache_falls_back_to_wordfreqs_dict(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FRICTIONAUDIT_CACHE", str(blocked / "cache"))
    readability._frequencies.cache_clear()
    assert isinstance(readability._frequencies("fr"), dict)
    readability._frequencies.cache_clear()


def test_the_language_identifier_reads_its_table_from_a_mapped_file(tmp_path, monkeypatch):
    from frictionaudit.snapshot import language

    texts = {"fr": "Bonjour, je voudrais acheter une baguette et du fromage pour ce soir.",
             "de": "Guten Tag, ich möchte gern ein Brot und etwas Käse für heute Abend kaufen."}
    for cache in (tmp_path / "cache", tmp_path / "file" / "cache"):  # the second unwritable
        monkeypatch.setenv("FRICTIONAUDIT_CACHE", str(cache))
        language._identifier.cache_clear()
        assert {lang: language.detect_text(text) for lang, text in texts.items()} == {
            "fr": "fr", "de": "de"}
        (tmp_path / "file").write_text("not a folder")
    assert len(list((tmp_path / "cache").glob("langid-dfa-*.bin"))) == 1
    language._identifier.cache_clear()


def test_wordfreq_finds_its_data_folder_as_locate_would():
    import inspect
    import os
    from pathlib import Path

    import locate._locate as own

    assert Path(os.path.abspath(wordfreq.__file__)).parent / "data" == wordfreq.DATA_PATH

    def caller(find):  # called from this test file's function, as data_path calls this_dir
        return find()

    assert caller(readability._caller_dir) == Path(__file__).parent
    assert caller(lambda: own._this_dir(inspect.stack()[1:])) == Path(__file__).parent
    scope = {"find": readability._caller_dir}  # no __file__: the working folder
    assert eval("find()", scope) == Path(os.getcwd())
