"""pytest plugin: measure a team's own Playwright tests as friction journeys.

    def test_checkout(page, friction):
        with friction.journey("checkout", kind="checkout", max_fields=10):
            page.goto(SHOP)
            ...  # the test drives `page` as usual

When the block ends, the journey is checked and its budget (inline, or `[budgets.<name>]` in
friction.toml / `[tool.frictionaudit]`) asserted; a breach fails the test with a message that
names the steps and fields over budget. The session's journeys are written as one report to
`--friction-report DIR` (ini `friction_report`, default reports/pytest).

It cooperates with pytest-playwright: `page` is its fixture. For a system Chromium, pass
`frictionaudit.pytest_plugin.launch_args()` as `browser_type_launch_args` (see the README).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from frictionaudit.audit import Audit, AuditOptions
from frictionaudit.budgets import Budget, evaluate
from frictionaudit.check.registry import JourneyView
from frictionaudit.config import load_config
from frictionaudit.model import JourneyKind
from frictionaudit.record.recorder import Recorder, slug

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
    """All journeys measured in one test session: one report at the end."""

    def __init__(self, out_dir: Path, budgets: dict[str, Budget]):
        self.audit = Audit("pytest session", AuditOptions(out_dir=out_dir, budgets=budgets))
        self.budgets = budgets
        self.used = False


class Friction:
    """The `friction` fixture: measures journeys the test drives itself."""

    def __init__(self, session: FrictionSession, request: pytest.FixtureRequest):
        self._session = session
        self._request = request

    @contextlib.contextmanager
    def journey(self, name: str, kind: JourneyKind = "custom", *, page=None,
                allow_irreversible: bool = False, **budget) -> Iterator[Recorder]:
        page = page if page is not None else self._request.getfixturevalue("page")
        audit = self._session.audit
        recorder = Recorder(audit.options.out_dir, name, kind, file_prefix=slug(name),
                            allow_irreversible=allow_irreversible)
        recorder.attach(page, follow_loads=True)
        status, reason = "completed", ""
        try:
            yield recorder
        except Exception as exc:
            status, reason = "failed", f"{type(exc).__name__}: {exc}"[:300]
            raise
        finally:
            journey = recorder.finish(status, reason)
            audit.views.append(JourneyView(journey, list(recorder.snapshots),
                                           dict(recorder.error_snapshots)))
            self._session.used = True
        limits = {**self._session.budgets.get(name, Budget()).model_dump(exclude_unset=True),
                  **budget}
        report = audit.report()
        breaches = evaluate(report, {name: Budget(**limits)})
        mine = [b for b in breaches if b.journey == name]
        if mine:
            raise AssertionError("friction budget exceeded:\n" +
                                 "\n".join(f"  - {b.message}" for b in mine))


@pytest.fixture(scope="session")
def _friction_session(pytestconfig: pytest.Config) -> Iterator[FrictionSession]:
    folder = pytestconfig.getoption("--friction-report") or pytestconfig.getini("friction_report")
    out_dir = Path(folder)
    if not out_dir.is_absolute():
        out_dir = Path(pytestconfig.rootpath) / out_dir
    session = FrictionSession(out_dir, load_config(cwd=Path(pytestconfig.rootpath)).budgets)
    yield session
    if session.used:
        session.audit.write(["json", "html", "md"])


@pytest.fixture
def friction(_friction_session: FrictionSession, request: pytest.FixtureRequest) -> Friction:
    return Friction(_friction_session, request)
