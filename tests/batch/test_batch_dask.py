"""A real Dask cluster on 127.0.0.1 (`dask scheduler` and two `dask worker` processes): the
same batch sent with --scheduler gives the same reports, and a worker killed mid-site loses
no site (the scheduler runs it again on the other worker)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from conftest import assert_same_reports, site_file

from frictionaudit import cli
from frictionaudit.batch.index import BatchIndex

pytestmark = pytest.mark.e2e


def _dask() -> str:
    return shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory, request):
    """(scheduler address, worker processes); the scheduler retries a dead worker's task once.
    The session's single audits are made while the three processes start (each imports Dask
    for seconds), so the test asks for them through `request`, not as a session fixture
    (pytest would make those before any module fixture)."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    logs = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}

    def start(name: str, *args: str) -> subprocess.Popen:
        log = (logs / f"{name}.log").open("wb")
        return subprocess.Popen([_dask(), *args], stdout=log, stderr=log, env=env)

    procs = [start("scheduler", "scheduler", "--host", "127.0.0.1", "--port",
                   address.rsplit(":", 1)[1], "--no-dashboard")]
    procs += [start(f"worker-{i}", "worker", address, "--nthreads", "1", "--no-nanny",
                    "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}")
              for i in range(2)]
    try:
        request.getfixturevalue("single_audits")
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address, procs[1:]
    finally:
        for proc in procs:
            _kill_tree(proc.pid)
            proc.wait(timeout=10)


def _kill_tree(pid: int) -> None:
    """The process and its children (a worker's Playwright driver and Chromium)."""
    try:
        root = psutil.Process(pid)
        for proc in [*root.children(recursive=True), root]:
            proc.kill()
    except psutil.NoSuchProcess:
        pass


def _kill_a_busy_worker(address: str, killed: list[int]) -> None:
    """As soon as a worker is auditing a site, kill it (and its browser) mid-audit."""
    from distributed import Client

    with Client(address, timeout="30s") as client:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            busy = [w for w, keys in client.processing().items() if keys]
            if busy:
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                time.sleep(1.5)  # well into the site's audit, which takes several seconds
                _kill_tree(pid)
                killed.append(pid)
                return
            time.sleep(0.1)


def test_scheduler_batch_matches_and_survives_a_dead_worker(dask_cluster, demo_shops, tmp_path,
                                                            request):
    address, _ = dask_cluster
    single_audits = request.getfixturevalue("single_audits")  # made by dask_cluster
    shops = {slug: demo_shops[slug] for slug in ("rough-en", "smooth-fr")}
    sites = site_file(tmp_path / "sites.toml", shops)
    out = tmp_path / "out"
    killed: list[int] = []
    killer = threading.Thread(target=_kill_a_busy_worker, args=(address, killed))
    killer.start()
    code = cli.main(["batch", str(sites), "--scheduler", address, "--out", str(out)])
    killer.join(timeout=30)

    assert killed, "no worker was seen busy"
    index = BatchIndex.model_validate_json((out / "index.json").read_text(encoding="utf-8"))
    assert [e.status for e in index.sites] == ["audited"] * len(shops), index.verdict
    assert code == 1  # the rough shops break the recommended preset
    assert_same_reports(out, single_audits, shops)
    workers = {e.worker for e in index.sites}
    assert all(not w.endswith(f":{killed[0]}") for w in workers)  # all done by the survivor
