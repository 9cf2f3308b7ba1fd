"""pytest plugin: measure a team's own Playwright tests as friction journeys.

    def test_checkout(page, friction):
        with friction.journey("checkout", kind="checkout", max_fields=10):
            page.goto(SHOP)
            ...  # the test drives `page` as usual

When the block ends, the journey is checked and its budget (inline, or `[budgets.<name>]` in
friction.toml / `[tool.frictionaudit]`) asserted; a breach fails the test with a message that
names the steps and fields over budget, at the test's own `with` line; an unknown budget key
fails before the journey runs. The session's journeys are written as one report to
`--friction-report DIR` (ini `friction_report`, default reports/pytest), its gate judged on the
same budgets, so it fails exactly when a test failed on one (no preset applies here unless
friction.toml sets `preset`).

It cooperates with pytest-playwright: `page` is its fixture. For a system Chromium, pass
`frictionaudit.pytest_plugin.launch_args()` as `browser_type_launch_args` (see the README).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType

import pytest
from pydantic import ValidationError

from frictionaudit.audit import Audit, AuditOptions
from frictionaudit.budgets import Budget
from frictionaudit.check.registry import JourneyView
from frictionaudit.config import Config, load_config
from frictionaudit.gate import failures, judge
from frictionaudit.model import JourneyKind
from frictionaudit.record.recorder import Recorder, slug
from frictionaudit.sources import repo_path

DEFAULT_DIR = "reports/pytest"


def launch_args(explicit: str | None = None) -> dict:
    """Launch options for pytest-playwright's `browser_type_launch_args` that find a browser
    the way frictionaudit does (explicit, Playwright-managed, else system Chromium)."""
    from frictionaudit.browser import find_browser, playwright_session
    from frictionaudit.browser import launch_args as flags

    def find() -> str | None:
        with playwright_session() as playwright:
            return find_browser(explicit, playwright)

    # In a thread of its own: pytest-playwright's sync Playwright may already run here.
    with ThreadPoolExecutor(1) as pool:
        path = pool.submit(find).result()
    return {"args": flags(), **({"executable_path": path} if path else {})}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("frictionaudit")
    group.addoption("--friction-report", default=None, metavar="DIR",
                    help=f"folder for the session's friction report (default {DEFAULT_DIR})")
    parser.addini("friction_report", f"folder for the friction report (default {DEFAULT_DIR})",
                  default=DEFAULT_DIR)


class FrictionSession:
    """All journeys measured in one test session: one report at the end, judged with the same
    budgets the tests asserted, so its gate agrees with the test outcomes."""

    def __init__(self, out_dir: Path, config: Config):
        self.config = config
        self.audit = Audit("pytest session", AuditOptions(
            out_dir=out_dir, budgets=dict(config.budgets), fail_on=["budget"],
            preset=config.preset or "none"))
        self.used = False

    def budget_for(self, name: str, inline: dict) -> Budget:
        """The journey's budget: friction.toml's `[budgets.<name>]` with the inline keys on top;
        an unknown key or a bad value fails the test at once, on one line."""
        known = Budget.model_fields
        unknown = sorted(set(inline) - set(known))
        if unknown:
            pytest.fail(f"friction.journey({name!r}): unknown budget key(s) {', '.join(unknown)};"
                        f" known keys: {', '.join(known)}", pytrace=False)
        base = self.config.budgets.get(name, Budget()).model_dump(exclude_unset=True)
        try:
            return Budget(**{**base, **inline})
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            pytest.fail(f"friction.journey({name!r}): {where}: {err['msg']}", pytrace=False)

    def judge(self, name: str, budget: Budget) -> list[str]:
        """Record the budget for the session's report and return this journey's failures."""
        options = self.audit.options
        options.budgets[name] = budget
        report = self.audit.report()
        gate = judge(report, options.budgets, options.fail_on, preset=options.preset)
        return [f.message for f in failures(gate) if f.journey == name]

    def locate(self, name: str, frame: FrameType | None) -> None:
        """Keep the test's own `with` line as the journey's place in the repository (SARIF)."""
        where = repo_path(Path(frame.f_code.co_filename)) if frame else None
        if where is not None:
            sources = self.audit.options.settings.setdefault("sources", [])
            sources.append(f"{name}={where}:{frame.f_lineno}")


class Friction:
    """The `friction` fixture: measures journeys the test drives itself."""

    def __init__(self, session: FrictionSession, request: pytest.FixtureRequest):
        self._session = session
        self._request = request

    def journey(self, name: str, kind: JourneyKind = "custom", *, page=None,
                allow_irreversible: bool = False, **budget) -> _Journey:
        """`with friction.journey("checkout", kind="checkout", max_fields=12):` records the
        steps driven inside the block, then asserts the budget."""
        limits = self._session.budget_for(name, budget)  # before anything runs
        page = page if page is not None else self._request.getfixturevalue("page")
        self._session.locate(name, sys._getframe(1))
        return _Journey(self._session, name, kind, page, allow_irreversible, limits)


class _Journey:
    """The `with` block of one journey. A class, not a generator, so a budget failure is
    reported at the test's own `with` line (the exit frame is hidden from the traceback)."""

    def __init__(self, session: FrictionSession, name: str, kind: JourneyKind, page,
                 allow_irreversible: bool, budget: Budget):
        self.session, self.name, self.budget = session, name, budget
        out_dir = session.audit.options.out_dir
        self.recorder = Recorder(out_dir, name, kind, file_prefix=slug(name),
                                 allow_irreversible=allow_irreversible)
        self.page = page

    def __enter__(self) -> Recorder:
        self.recorder.attach(self.page, follow_loads=True)
        return self.recorder

    def __exit__(self, kind, exc, tb) -> None:
        __tracebackhide__ = True
        failed = exc is not None and not isinstance(exc, KeyboardInterrupt)
        reason = f"{type(exc).__name__}: {exc}"[:300] if failed else ""
        journey = self.recorder.finish("failed" if failed else "completed", reason)
        audit = self.session.audit
        audit.views.append(JourneyView(journey, list(self.recorder.snapshots),
                                       dict(self.recorder.error_snapshots),
                                       later_pages=dict(self.recorder.later_snapshots),
                                       arrival_pages=dict(self.recorder.arrival_snapshots)))
        self.session.used = True
        found = self.session.judge(self.name, self.budget)
        if found and exc is None:
            raise AssertionError("friction budget exceeded:\n" +
                                 "\n".join(f"  - {line}" for line in found))


@pytest.fixture(scope="session")
def _friction_session(pytestconfig: pytest.Config) -> Iterator[FrictionSession]:
    folder = pytestconfig.getoption("--friction-report") or pytestconfig.getini("friction_report")
    out_dir = Path(folder)
    if not out_dir.is_absolute():
        out_dir = Path(pytestconfig.rootpath) / out_dir
    session = FrictionSession(out_dir, load_config(cwd=Path(pytestconfig.rootpath)))
    yield session
    if session.used:
        session.audit.write(["json", "html", "md"])


@pytest.fixture
def friction(_friction_session: FrictionSession, request: pytest.FixtureRequest) -> Friction:
    return Friction(_friction_session, request)
