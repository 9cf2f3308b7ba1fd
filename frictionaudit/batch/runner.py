"""The client side of a batch: make one task per site, run the tasks, write what comes back.

Tasks run in this process (one worker), on a Dask `LocalCluster` (several workers on this
machine, one Chromium each), or on a running Dask cluster (`--scheduler`). Whichever runs them,
the same function audits each site, so the reports are the same. The index is rewritten after
every site, so Ctrl-C leaves every finished site's folder and an index of what ran.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console

from frictionaudit.batch.index import BatchIndex, SiteEntry, build_index, site_entry
from frictionaudit.batch.progress import BatchProgress
from frictionaudit.batch.render import write_index
from frictionaudit.batch.sites import Site
from frictionaudit.batch.task import SiteResult, SiteTask, audit_site
from frictionaudit.check.rules import Rule, load_rules
from frictionaudit.drive.flow import load_flow
from frictionaudit.errors import TargetError, UsageError
from frictionaudit.model import Report, RuleInfo

RETRIES_AFTER_WORKER_DEATH = 1


def default_workers(sites: int) -> int:
    """One worker per core, at most one per 1.5 GB of memory (a Chromium and its tabs), and
    never more than there are sites."""
    import psutil

    by_memory = int(psutil.virtual_memory().total / (1.5 * 1024**3))
    return max(1, min(os.cpu_count() or 1, by_memory, sites))


def make_tasks(sites: list[Site], args: argparse.Namespace, console: Console,
               time_limit: float) -> list[SiteTask]:
    """Everything each site's audit needs, read here on the client (flows, credentials, rule
    packs), so a worker needs none of this machine's files."""
    from frictionaudit.commands import _options, target_url

    rules_by_packs: dict[tuple, list[Rule]] = {}
    tasks = []
    for site in sites:
        site.url, credentials = target_url(site.url)  # user:password@ never goes further
        ns = _site_args(site, args)
        options = _options(ns, site.url, Path("."), console, credentials,
                           allow_irreversible=site.allow_irreversible)
        options = replace(options, on_step=None, jobs=1,  # sites run side by side instead
                          budgets={**options.budgets, **site.budgets})
        packs = tuple(options.rule_packs)
        if packs not in rules_by_packs:
            rules_by_packs[packs] = load_rules(list(packs))
        tasks.append(SiteTask(
            slug=site.slug, url=site.url, options=options, rules=rules_by_packs[packs],
            flows=[j for path in site.flows for j in load_flow(path).journey],
            journeys=list(site.journeys), allow_irreversible=site.allow_irreversible,
            time_limit=site.time_limit or time_limit))
    return tasks


def _site_args(site: Site, args: argparse.Namespace) -> argparse.Namespace:
    """The batch's options with the site file's own settings on top (the more specific wins);
    --baseline names an earlier batch folder, each site compared with its own report there."""
    ns = argparse.Namespace(**vars(args))
    ns.flow, ns.journey = list(site.flows), list(site.journeys)
    for key, value in site.context.model_dump(exclude_unset=True).items():
        setattr(ns, key, value)
    if site.auth_file is not None:
        ns.auth_file = site.auth_file
    if args.baseline is not None:
        earlier = args.baseline / site.slug / "report.json"
        ns.baseline = earlier if earlier.is_file() else None
    return ns


class Batch:
    """Runs the tasks and keeps OUT/ current: site folders, and the index after each site."""

    def __init__(self, sites: list[Site], tasks: list[SiteTask], out: Path,
                 settings: dict, console: Console):
        self.sites = {s.slug: s for s in sites}
        self.tasks = tasks
        self.out = out
        self.settings = settings
        self.console = console
        self.started = datetime.now(UTC)
        self.entries: dict[str, SiteEntry] = {}
        self.rules: dict[str, RuleInfo] = {}
        self.formats = tasks[0].options.formats if tasks else ["json"]
        out.mkdir(parents=True, exist_ok=True)

    def resume(self) -> list[SiteTask]:
        """Keep the sites a previous run of this batch audited completely; return the rest."""
        previous = _read_index(self.out / "index.json")
        done = {e.slug: e for e in previous.sites if e.status == "audited"} if previous else {}
        todo = []
        for task in self.tasks:
            report = _read_report(self.out / task.slug / "report.json")
            old = done.get(task.slug)
            if report is not None and old is not None:
                self._add(task.slug, "audited", "", report, old.seconds, old.worker)
            else:
                todo.append(task)
        return todo

    def run(self, todo: list[SiteTask], workers: int, scheduler: str | None) -> BatchIndex:
        progress = BatchProgress(self.console, len(self.tasks), workers, len(self.entries))
        stopped = "the batch was interrupted first"
        try:
            with progress:
                if scheduler or workers > 1:
                    run_on_dask(todo, workers, scheduler, lambda r: self.take(r, progress))
                else:
                    for task in todo:
                        progress.started(self.sites[task.slug].label)
                        self.take(audit_site(task), progress)
            stopped = ""
        except Exception as exc:
            stopped = f"the batch stopped first: {exc}"
            raise
        finally:
            for task in self.tasks:
                if task.slug not in self.entries:
                    self._add(task.slug, "not_run", stopped)
            index = self.write_index(complete=not stopped)
        return index

    def take(self, result: SiteResult, progress: BatchProgress | None = None) -> None:
        """Write one site's folder from the files a worker sent back, then the index."""
        if result.files:
            _write_folder(self.out, result.slug, result.files)
        report = None
        if "report.json" in result.files:
            report = Report.model_validate_json(result.files["report.json"])
        self._add(result.slug, result.status, result.reason, report, result.seconds,
                  result.worker)
        self.write_index(complete=False)
        if progress is not None:
            progress.finished(self.entries[result.slug])

    def _add(self, slug: str, status: str, reason: str, report: Report | None = None,
             seconds: float = 0.0, worker: str = "") -> None:
        site = self.sites[slug]
        if report is not None:
            self.rules.update({r.id: r for r in report.rules})
        linked = "report.html" if "html" in self.formats else "report.json"
        shown = report if status == "audited" else None
        self.entries[slug] = site_entry(
            slug, site.name, site.url, site.primary, status, reason, shown,
            f"{slug}/{linked}" if report is not None else None, seconds, worker)
        if report is not None and status != "audited":
            self.entries[slug].report = f"{slug}/{linked}"  # a failed site's partial report

    def write_index(self, complete: bool) -> BatchIndex:
        ordered = [self.entries[t.slug] for t in self.tasks if t.slug in self.entries]
        index = build_index(ordered, list(self.rules.values()), self.started,
                            datetime.now(UTC), complete, self.settings)
        write_index(index, self.out)
        return index


def run_on_dask(tasks: list[SiteTask], workers: int, scheduler: str | None,
                take: Callable[[SiteResult], None]) -> None:
    """One Dask task per site; results come back here as they finish. A worker that dies has
    its site run again elsewhere once (the scheduler's allowed-failures), then it fails."""
    from distributed import as_completed

    if not tasks:
        return
    with dask_client(workers, scheduler) as client:
        batch = uuid.uuid4().hex[:8]  # two batches on one cluster never share a key
        futures = {client.submit(audit_site, task, key=f"frictionaudit-{batch}-{task.slug}",
                                 pure=False): task for task in tasks}
        try:
            for future in as_completed(futures):
                task = futures.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # KilledWorker, a lost scheduler, a pickling error
                    result = SiteResult(task.slug, "failed", _dask_reason(exc))
                future.release()  # a site's files leave the cluster's memory once written
                take(result)
        except KeyboardInterrupt:
            client.cancel(list(futures))
            raise


def _dask_reason(exc: Exception) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return (f"the worker auditing it died {RETRIES_AFTER_WORKER_DEATH + 1} times "
                "(out of memory, or killed)")
    return f"{name}: {exc}"[:300]


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator:
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise TargetError(f"--scheduler {scheduler}: cannot connect ({exc})") from exc
        with client:
            yield client
        return
    config = {"distributed.scheduler.allowed-failures": RETRIES_AFTER_WORKER_DEATH}
    with dask.config.set(config), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _write_folder(out: Path, slug: str, files: dict[str, bytes]) -> None:
    """Write into a hidden folder, then swap it in: a site's folder is whole or absent."""
    temp, final = out / f".{slug}.partial", out / slug
    shutil.rmtree(temp, ignore_errors=True)
    for rel, data in files.items():
        path = temp / rel
        if not path.resolve().is_relative_to(temp.resolve()):
            continue  # a worker never sends such a path; a broken one must not write outside
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if final.exists():
        shutil.rmtree(final)
    temp.rename(final)


def _read_index(path: Path) -> BatchIndex | None:
    try:
        return BatchIndex.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def _read_report(path: Path) -> Report | None:
    try:
        return Report.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def check_out(out: Path, resume: bool) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    if resume and not (out / "index.json").is_file():
        raise UsageError(f"--resume: {out} holds no index.json of an earlier batch")
