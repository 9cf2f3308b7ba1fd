"""`make realsites`: install, seed and start each real application, audit it with the
autopilot in every language it ships that the tool supports and with its hand-written flows,
compare with the ground truth and print a table.

    python realsites/run.py [--apps allauth,oscar] [--langs en,de] [--out DIR]
    python realsites/run.py serve APP        # install, seed and start one app, until Ctrl-C

Exit 1 only on a contract or infrastructure problem: an order created without
--allow-irreversible (or none after the control placed one), a traceback, an "internal error"
or a usage error (exit 2) from the tool, an audit with no report, an audit that hangs, a server
that dies. A journey that does not reach the end is a row in the table, not a failure; an
application that cannot be installed is a "skipped" row.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bed
import truth as gt

TIMEOUT = 420  # seconds for one audit; the tool must end by itself well before
FLOW_LOCALES = ("en-GB", "de-DE", "fr-FR")


def audit(args: list[str], out: Path) -> tuple[int, str, dict | None]:
    """Run the tool as a user would; return (exit code, stderr, report or None)."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "frictionaudit", "audit", *args, "--out", str(out),
           "--format", "json"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return -1, f"no answer within {TIMEOUT} s", None
    report = out / "report.json"
    data = json.loads(report.read_text()) if report.exists() else None
    return done.returncode, done.stdout[-2000:] + done.stderr, data


def fresh_db(seeded: Path, data: Path) -> None:
    """Put the seeded database back under the running server (it opens one per request)."""
    for db in [*seeded.glob("*.sqlite3"), *seeded.glob("*.sqlite")]:  # .sqlite: MediaWiki
        tmp = data / (db.name + ".new")
        shutil.copyfile(db, tmp)
        os.replace(tmp, data / db.name)
    for mail in (data / "mail").glob("*"):
        mail.unlink()


def problems_of(code: int, err: str, report: dict | None, orders: int, allowed: bool) -> list[str]:
    found = []
    if code == -1:
        found.append(err)
    if "Traceback (most recent call last)" in err:
        found.append("traceback: " + err.strip().splitlines()[-1][:160])
    elif "internal error:" in err:  # the tool's own words for a crash it caught
        found.append(next(ln for ln in err.splitlines() if "internal error:" in ln)[:160])
    if code == 2:
        found.append("usage error (exit 2): " + (err.strip().splitlines() or ["?"])[-1][:160])
    if code in (0, 1) and report is None:
        found.append(f"exit {code} without report.json")
    if orders and not allowed:
        found.append(f"{orders} order(s) created without --allow-irreversible")
    return found


def rows_for(app: str, site: bed.Site, server: bed.Server, data: Path, seeded: Path,
             truths: dict[str, gt.Truth], runs: list[tuple[str, str, list[str]]],
             out: Path) -> list[gt.Row]:
    """Audit each (language, driver, args) and compare every journey with its truth."""
    rows = []
    for lang, driver, args in runs:
        getattr(site.module, "reset", fresh_db)(seeded, data)  # EverShop: SQL
        tag = f"{app}-{driver.replace(' ', '-').replace('/', '-')}-{lang}"
        began = time.monotonic()
        code, err, report = audit(args, out / tag)
        counts = site.module.counts(data)
        allowed = "--allow-irreversible" in args
        problems = problems_of(code, err, report, counts["orders"], allowed)
        if server.proc.poll() is not None:
            problems.append(f"the server died (log: {server.log})")
        journeys = (report or {}).get("journeys", [])
        if not journeys:
            why = (err.strip().splitlines() or ["no journey in the report"])[-1][:120]
            rows.append(gt.Row(app, "-", lang, driver, f"exit {code}", note=why,
                               orders=str(counts["orders"]), problems=problems))
        for j in journeys:
            row = gt.Row(app, j["name"], lang, driver, j["status"],
                         orders=str(counts["orders"]), problems=list(problems))
            t = truths.get(j["name"])
            if allowed:  # the control: an order must be counted, or the counts prove nothing
                row.end = "order placed" if counts["orders"] else "no order"
                row.ok = j["status"] == "completed" and counts["orders"] > 0
                if j["status"] == "completed" and not counts["orders"]:
                    row.problems.append("completed with --allow-irreversible but no order "
                                        "counted: the order count cannot be trusted")
            elif t is None:
                row.note = "no ground truth for this journey"
            else:
                gt.compare(row, t, j, report.get("findings", []))
            if not row.ok:
                row.note = (j.get("reason", "")[:90] + " | " + row.note).strip(" |")
            rows.append(row)
        print(f"  {tag}: exit {code}, {time.monotonic() - began:.0f} s", file=sys.stderr,
              flush=True)
    return rows


def plan(site: bed.Site, server: bed.Server, truths: dict, langs: list[str]) -> list:
    """The autopilot per journey in every shipped language, but in English with all of an
    app's journeys side by side in one audit (--jobs 2; in place of one audit each, as a shop
    may limit sign-ups per address: EverShop allows 8 log-in or sign-up requests per 15
    minutes); each flow in en, de and fr; and the control: the app's CONTROL flow once with
    --allow-irreversible."""
    m = site.module
    kinds = sorted({t.kind for t in truths.values()})
    runs = []  # each one audit, on a fresh database (rows_for)
    for lang in (lang for lang in m.LANGS if lang in langs):
        start = [server.url + m.LANGS[lang], "--locale", m.LOCALES[lang]]
        if lang == "en" and len(kinds) > 1:  # as `audit` drives them by default
            runs.append((lang, "autopilot side by side",
                         [*start, *(a for k in kinds for a in ("--journey", k)), "--jobs", "2"]))
        else:
            runs += [(lang, f"autopilot {kind}", [*start, "--journey", kind]) for kind in kinds]
    for flow in sorted((site.folder / "flows").glob("*.toml")):
        for locale in FLOW_LOCALES:
            if locale[:2] in langs:
                runs.append((locale[:2], f"flow {flow.stem}",
                             [server.url + "/", "--flow", str(flow), "--locale", locale]))
    control = getattr(m, "CONTROL", None)  # a flow that places an order when allowed
    if control:
        runs.append(("en", f"flow {control} --allow-irreversible",
                     [server.url + "/", "--flow", str(site.folder / "flows" / f"{control}.toml"),
                      "--locale", "en-GB", "--allow-irreversible"]))
    return runs


def audit_app(app: str, langs: list[str], out: Path) -> list[gt.Row]:
    site = bed.load(app)
    began = time.monotonic()
    try:
        data = site.prepare()
        server = site.serve(data)
    except bed.Skip as why:
        return [gt.Row(app, "-", "-", "-", "skipped", note=str(why), ok=True)]
    print(f"{app}: ready in {time.monotonic() - began:.0f} s at {server.url}", file=sys.stderr)
    seeded = next(site.home.glob("seeded-*"))
    truths = gt.load(site.folder / "truth.toml")
    try:
        return rows_for(app, site, server, data, seeded, truths,
                        plan(site, server, truths, langs), out)
    finally:
        server.stop()


COLUMNS = ("app", "journey", "lang", "driver", "status", "end", "steps", "fields", "required",
           "findings", "orders", "note")


def table(rows: list[gt.Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        cells = [str(getattr(r, c)).replace("|", "/") for c in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("command", nargs="?", default="audit", choices=["audit", "serve"])
    p.add_argument("app", nargs="?")
    p.add_argument("--apps", default=",".join(bed.APPS))
    p.add_argument("--langs", default="en,fr,de,it,es,nl,id,zh,ar")
    p.add_argument("--out", type=Path, default=bed.cache_root() / "reports")
    a = p.parse_args(argv)
    if a.command == "serve":
        return serve(a.app)
    langs = a.langs.split(",")
    rows: list[gt.Row] = []
    for app in a.apps.split(","):
        rows += audit_app(app, langs, a.out)
    text = table(rows)
    problems = [f"{r.app} {r.journey} {r.lang} {r.driver}: {p}" for r in rows for p in r.problems]
    reached = sum(1 for r in rows if r.end == "yes")
    judged = [r for r in rows if r.journey != "-"]
    summary = (f"realsites: {len(judged)} journeys, {reached} reached the end, "
               f"{sum(1 for r in rows if r.ok and r.journey != '-')} matched the truth, "
               f"{sum(r.false_serious for r in rows)} false serious/critical findings, "
               f"{sum(1 for r in rows if r.status == 'skipped')} apps skipped, "
               f"{len(problems)} contract problems")
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "table.md").write_text(text + "\n\n" + summary + "\n")
    print(text)
    print(summary)
    for line in problems:
        print("FAIL " + line)
    audits = {(r.app, r.lang, r.driver) for r in rows if r.status != "skipped"}
    bad = {(r.app, r.lang, r.driver) for r in rows if r.problems}
    print(f"contract: {len(audits - bad)} passed, {len(bad)} failed")  # per audit run
    return 1 if problems else 0


def serve(app: str | None) -> int:
    if app not in bed.APPS:
        print(f"serve: name one of {', '.join(bed.APPS)}", file=sys.stderr)
        return 2
    site = bed.load(app)
    try:
        server = site.serve(site.prepare())
    except bed.Skip as why:
        print(f"{app}: skipped: {why}", file=sys.stderr)
        return 3
    print(f"{app} at {server.url}{getattr(site.module, 'PROBE', '/')} (Ctrl-C stops it)")
    try:
        server.proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
