"""`frictionaudit audit URL` without --flow runs the autopilot; --save-flow writes what it
followed, and `--flow` replays it."""

from __future__ import annotations

import json

import pytest

from frictionaudit.cli import EXIT_OK, EXIT_USAGE, main


def journeys(out) -> list[tuple[str, str, int, int]]:
    report = json.loads((out / "report.json").read_text())
    return [(j["name"], j["status"], j["metrics"]["steps"], j["metrics"]["fields"])
            for j in report["journeys"]]


@pytest.mark.e2e
def test_audit_url_walks_saves_and_replays(serve, tmp_path):
    shop = serve("size")
    saved = tmp_path / "size.toml"
    common = ["--format", "json", "--journey", "checkout", "--preset", "none"]
    assert main(["audit", shop.url, "--save-flow", str(saved), "--out", str(tmp_path / "a"),
                 *common]) == EXIT_OK
    walked = journeys(tmp_path / "a")
    assert walked == [("checkout", "stopped", 5, 7)]
    assert main(["audit", shop.url, "--flow", str(saved), "--out", str(tmp_path / "b"),
                 "--format", "json", "--preset", "none"]) == EXIT_OK
    assert journeys(tmp_path / "b") == walked
    assert shop.orders == 0
    assert 'label = "Size"' in saved.read_text()


def test_save_flow_needs_the_autopilot(tmp_path, capsys):
    flow = tmp_path / "f.toml"
    flow.write_text('[[journey]]\nname = "x"\n')
    code = main(["audit", "http://127.0.0.1:9/", "--flow", str(flow),
                 "--save-flow", str(tmp_path / "out.toml")])
    assert code == EXIT_USAGE
    assert "--save-flow writes the autopilot's journeys" in capsys.readouterr().err
    assert not (tmp_path / "out.toml").exists()
