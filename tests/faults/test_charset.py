"""Pages fetched or saved without a browser are decoded the way a browser would."""

from __future__ import annotations

from frictionaudit.record.reach import decode_html

TEXT = "<p>Contactez-nous : café, crème brûlée</p>"


def test_the_declared_charset_wins():
    assert decode_html(TEXT.encode("latin-1"), "text/html; charset=ISO-8859-1") == TEXT
    meta = '<meta charset="windows-1252">' + TEXT + "12 €"
    assert decode_html(meta.encode("cp1252"), "text/html") == meta
    shift = "<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>お問い合わせ"
    assert decode_html(shift.encode("shift_jis")) == shift


def test_undeclared_pages_are_sniffed():
    assert decode_html(TEXT.encode("utf-8")) == TEXT
    assert decode_html(TEXT.encode("cp1252")) == TEXT
    assert decode_html("12 €".encode("cp1252")) == "12 €"
    assert decode_html("\ufeff".encode() + TEXT.encode()) == TEXT
    assert decode_html(TEXT.encode("utf-16")) == TEXT


def test_an_unknown_declared_charset_falls_back():
    assert decode_html(TEXT.encode(), "text/html; charset=klingon") == TEXT
