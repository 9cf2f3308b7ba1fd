"""No traceback, ever, for bad input (issue 16): each case runs the CLI in-process and must end
in one line naming the file or option, exit 2 (or 3 for a target that answers garbage), and no
uncaught exception or internal error. Mutations of the example flows and configs add cases."""

from __future__ import annotations

import random
import socket
import threading
from pathlib import Path

import pytest
from fixture_sites import serve

from frictionaudit.cli import main

ROOT = Path(__file__).resolve().parents[1]
URL = "http://127.0.0.1:9/"  # nothing listens: a case that gets past its checks exits 3


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err.strip()
    return code, err


def assert_one_line(code: int, err: str, expect: int | tuple[int, ...] = 2, *, names: str = ""):
    expected = expect if isinstance(expect, tuple) else (expect,)
    assert code in expected, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(err.splitlines()) == 1, err
    assert names in err, err


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


FLOW = '[[journey]]\nname = "x"\n[[journey.step]]\naction = "click"\ntext = "Go"\n'
BAD_FILES = {
    "binary": bytes(random.Random(1).randrange(256) for _ in range(4096)),
    "utf16": FLOW.encode("utf-16"),
    "nested": ("a = " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "nested-tables": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n").encode(),
    "huge": (FLOW + '[[journey.step]]\naction = "wait"\nms = 1\n' * 250_000).encode(),
    "nul": b"[[journey]]\x00name = 'x'\n",
    "empty": b"",
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
@pytest.mark.parametrize("option", ["--flow", "--login-flow", "--config", "--auth-file"])
def test_bad_files_are_one_line(tmp_path, capsys, kind, option):
    path = write(tmp_path, f"{kind}.toml", BAD_FILES[kind])
    code, err = run(capsys, "audit", URL, option, str(path), "--out", str(tmp_path / "o"))
    if kind == "empty" and option in ("--config", "--auth-file"):
        assert_one_line(code, err, 3)  # an empty config or auth file is valid
        return
    assert_one_line(code, err, names=str(path))


def test_a_flow_file_with_a_long_name(tmp_path, capsys):
    code, err = run(capsys, "audit", URL, "--flow", str(tmp_path / ("f" * 300 + ".toml")))
    assert_one_line(code, err, names="f" * 20)


@pytest.mark.parametrize("argv, names", [
    (["--timezone", "Mars/Olympus"], "--timezone"),
    (["--timezone", "../../etc/passwd"], "--timezone"),
    (["--locale", "\x00garbage!!"], "--locale"),
    (["--locale", "x" * 300], "--locale"),
    (["--geolocation", "999,999"], "--geolocation"),
    (["--geolocation", "nan,1"], "--geolocation"),
    (["--viewport", "00x00"], "--viewport"),
    (["--viewport", "99999x99999"], "--viewport"),
    (["--format", ""], "--format"),
    (["--format", ","], "--format"),
    (["--device", "Nokia 3310"], "device"),
    (["--throttle", "warp"], "--throttle"),
    (["--page-timeout", "0"], "--page-timeout"),
    (["--allow-origin", "file:///etc"], "--allow-origin"),
])
def test_bad_options_are_one_line(tmp_path, capsys, argv, names):
    code, err = run(capsys, "audit", URL, *argv, "--out", str(tmp_path / "o"))
    assert_one_line(code, err, names=names)


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:abc/", "http://exa mple.com/",
                                 "file:///etc/passwd", "javascript:alert(1)", "ftp://x/",
                                 "http://", "//example.com", "", "x" * 10_000,
                                 "http://127.0.0.1:99999/", "http://a\nb/"])
def test_malformed_urls_are_one_line(tmp_path, capsys, url):
    code, err = run(capsys, "audit", url, "--out", str(tmp_path / "o"))
    assert_one_line(code, err, names="URL")


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b'{"cookies": "x"}',
                                     b'{"cookies": [{"name": 1}]}', bytes(range(256))])
def test_storage_state_garbage(tmp_path, capsys, content):
    path = write(tmp_path, "state.json", content)
    code, err = run(capsys, "audit", URL, "--storage-state", str(path))
    assert_one_line(code, err, names=str(path))


def test_browsers_that_do_not_start(tmp_path, capsys):
    plain = write(tmp_path, "not-exec", "#!/bin/sh\n")
    with serve({"/": "<html lang=en><h1>Hello</h1></html>"}) as (url, _):
        for browser in ("/bin/false", str(plain), str(tmp_path / "missing"), str(tmp_path)):
            code, err = run(capsys, "scan", url + "/", "--browser", browser,
                            "--out", str(tmp_path / "o"))
            assert_one_line(code, err, names="browser")


def test_out_that_cannot_be_a_folder(tmp_path, capsys):
    page = write(tmp_path, "p.html", "<html lang=en><h1>Hello</h1></html>")
    a_file = write(tmp_path, "file", "x")
    for out in (a_file, a_file / "under", Path("/proc/frictionaudit"), Path("/dev/null")):
        code, err = run(capsys, "scan", str(page), "--out", str(out))
        assert_one_line(code, err, names="--out")
    flow = tmp_path / "saved" / "x.toml"
    code, err = run(capsys, "audit", URL, "--journey", "signup", "--save-flow", str(a_file / "f"))
    assert_one_line(code, err, names="--save-flow")
    assert not flow.exists()


def test_scan_of_what_is_not_a_page(tmp_path, capsys):
    for target in ("/dev/zero", str(tmp_path), str(tmp_path / "missing.html"),
                   str(write(tmp_path, "big.html", b"<p>" + b"x" * (11 * 2**20)))):
        code, err = run(capsys, "scan", target, "--out", str(tmp_path / "o"))
        assert_one_line(code, err, names=target)


@pytest.mark.parametrize("command", ["report", "compare"])
def test_reports_that_are_not_reports(tmp_path, capsys, command):
    for content in ("[" * 100_000 + "]" * 100_000, "{" * 3, "null", bytes(range(256)).decode(
            "latin-1")):
        path = write(tmp_path, "report.json", content.encode("utf-8", "replace"))
        argv = [command, str(path)] + ([str(path)] if command == "compare" else [])
        code, err = run(capsys, *argv, *(["--out", str(tmp_path / "o")]
                                          if command == "report" else []))
        assert_one_line(code, err, names=str(path))


class _Garbage:
    """A server that answers a malformed status line, or a flood of headers."""

    def __init__(self, answer: bytes) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.answer = answer
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(self.answer)


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 abc Garbage\r\n\r\n",
    b"\x00\x01\x02 not http at all\r\n\r\n",
    b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(2000)) + b"\r\n",
])
def test_a_target_that_answers_garbage_exits_3(tmp_path, capsys, answer):
    server = _Garbage(answer)
    try:
        code, err = run(capsys, "audit", server.url, "--out", str(tmp_path / "o"))
    finally:
        server.sock.close()
    assert_one_line(code, err, 3, names=server.url)


def _mutations() -> list[tuple[str, str]]:
    """Each example flow and config, cut short, with a line dropped or doubled, or a value
    swapped for another type."""
    sources = [p for p in (ROOT / "docs").rglob("*.toml")] + \
        [p for p in (ROOT / "tests" / "data" / "flows").rglob("*.toml")]
    rng = random.Random(17)
    cases = []
    for src in sorted(sources)[:12]:
        lines = src.read_text().splitlines()
        if not lines:
            continue
        for _ in range(4):
            mutated = list(lines)
            at = rng.randrange(len(mutated))
            choice = rng.randrange(4)
            if choice == 0:
                mutated = mutated[:at]
            elif choice == 1:
                del mutated[at]
            elif choice == 2:
                mutated.insert(at, mutated[at])
            else:
                mutated[at] = mutated[at].replace('"', "", 1).replace("=", "= [", 1)
            cases.append((src.name, "\n".join(mutated)))
    return cases


@pytest.mark.parametrize("name, text", _mutations())
def test_mutated_examples_never_crash(tmp_path, capsys, name, text):
    path = write(tmp_path, name, text)
    for option in ("--flow", "--config"):
        code, err = run(capsys, "audit", URL, option, str(path), "--out", str(tmp_path / "o"))
        assert code in (2, 3), err
        assert "Traceback" not in err and "internal error" not in err, err


def test_an_internal_error_is_one_line_with_a_crash_log(tmp_path, capsys, monkeypatch):
    from frictionaudit import commands

    def broken(args, console):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(commands, "rules", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    code, err = run(capsys, "rules")
    assert code == 3 and len(err.splitlines()) == 1, err
    assert "internal error" in err and "ZeroDivisionError" in err
    log = Path(err.split("crash log: ")[1].strip())
    assert log.is_file() and "ZeroDivisionError: a bug" in log.read_text()


def test_limits_on_flows_and_configs(tmp_path, capsys):
    steps = '[[journey.step]]\naction = "wait"\nms = 1\n' * 501
    cases = [("--flow", f'[[journey]]\nname = "x"\n{steps}', "step"),
             ("--flow", '[[journey]]\nname = "x"\n' * 101, "journey"),
             ("--config", '[context]\ntimezone = "Mars/Olympus"\n', "timezone"),
             ("--config", '[context]\nviewport = "99999x99999"\n', "viewport")]
    for option, text, names in cases:
        path = write(tmp_path, "case.toml", text)
        code, err = run(capsys, "audit", URL, option, str(path), "--out", str(tmp_path / "o"))
        assert_one_line(code, err, names=names)
        assert str(path) in err


def test_a_full_disk_is_one_line(tmp_path, capsys, monkeypatch):
    from frictionaudit import audit

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "o" / "report.json"))

    monkeypatch.setattr(audit, "write_reports", full)
    page = write(tmp_path, "p.html", "<html lang=en><h1>Hello</h1></html>")
    code, err = run(capsys, "scan", str(page), "--out", str(tmp_path / "o"))
    assert_one_line(code, err, names="No space left on device")


def test_credentials_in_a_flow_url_are_refused_unshown(tmp_path, capsys):
    for body in ('start = "http://bob:Sekret-77@127.0.0.1:9/"\n',
                 '[[journey.step]]\naction = "goto"\nurl = "https://bob:Sekret-77@x.test/"\n'):
        path = write(tmp_path, "creds.toml", f'[[journey]]\nname = "x"\n{body}')
        code, err = run(capsys, "audit", URL, "--flow", str(path))
        assert_one_line(code, err, names="FRICTIONAUDIT_HTTP_USER")
        assert "Sekret-77" not in err


def test_a_broken_rule_pack_stops_the_audit_before_any_journey(tmp_path, capsys):
    """The built-in rules load beside the first journey; a pack of the user's own is read
    before anything is driven, so a mistake in it costs no journey."""
    pack = tmp_path / "pack"
    pack.mkdir()
    write(pack, "mine.toml", '[[rule]]\ntitle = "no id"\n')
    out = tmp_path / "o"
    with serve({"/": "<html lang=en><title>Shop</title><h1>Shop</h1></html>"}) as (url, _):
        code, err = run(capsys, "audit", url, "--journey", "signup", "--rules", str(pack),
                        "--out", str(out))
    assert code == 2 and "Traceback" not in err, err
    assert err.splitlines()[-1].endswith("mine.toml: a [[rule]] entry has no id"), err
    assert not list(out.rglob("*.html")), "a journey was driven"  # no screen was saved


def test_the_report_waits_for_rules_still_loading(tmp_path):
    from concurrent.futures import Future

    from frictionaudit.audit import Audit, AuditOptions
    from frictionaudit.check.rules import load_rules

    loading: Future = Future()
    audit = Audit("http://127.0.0.1:9/", AuditOptions(out_dir=tmp_path), rules=loading)
    audit.add_unreachable("http://127.0.0.1:9/", "cannot reach http://127.0.0.1:9/: refused")
    loading.set_result(load_rules([]))
    report = audit.report()
    assert len(report.rules) == len(load_rules([])) > 20
