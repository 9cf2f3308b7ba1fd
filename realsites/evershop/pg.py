"""A private PostgreSQL cluster (Debian's binaries) on a loopback port: made with initdb, run by
the postgres user when the bed runs as root, reached over TCP with trust on 127.0.0.1 only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bed import Skip, run

USER = "postgres"  # the superuser initdb makes; also the system account that runs it as root


def bin_dir() -> Path | None:
    """The newest Debian PostgreSQL's bin folder, or None when none is installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def ensure() -> Path:
    """PostgreSQL's bin folder (the app's APT list has the bed install it as root)."""
    found = bin_dir()
    if found is None:
        raise Skip("PostgreSQL is not installed (Debian package postgresql; the bed installs "
                   "it when run as root)")
    return found


def as_owner(cmd: list[str]) -> list[str]:
    """Run as the postgres account when root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", USER, "--", *cmd] if os.geteuid() == 0 else cmd


def own(folder: Path) -> None:
    """Hand a cluster folder (copied by root) to the account that runs it."""
    if os.geteuid() == 0:
        shutil.chown(folder, USER, USER)
        for path in folder.rglob("*"):
            shutil.chown(path, USER, USER)
    folder.chmod(0o700)


def initdb(folder: Path, log: Path) -> None:
    """A new cluster in folder, tuned for a throw-away test shop."""
    pg = ensure()
    folder.mkdir(parents=True, exist_ok=True)
    own(folder)
    run(as_owner([str(pg / "initdb"), "-D", str(folder), "-U", USER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8"]), log)
    with (folder / "postgresql.conf").open("a") as conf:
        conf.write("listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                   "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")


def server_cmd(folder: Path, port: int) -> list[str]:
    """The server in the foreground (stays in the caller's process group)."""
    return as_owner([str(bin_dir() / "postgres"), "-D", str(folder), "-p", str(port)])


def psql(port: int, sql: str, db: str = "postgres") -> str:
    """One SQL command; its output, unaligned and without headers."""
    done = subprocess.run([str(bin_dir() / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U",
                           USER, "-d", db, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                           "-c", sql], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    if done.returncode:
        raise Skip(f"psql: {done.stderr.strip()[:200]}")
    return done.stdout.strip()


def wait(port: int, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise Skip(f"PostgreSQL exited with code {proc.returncode}")
        ok = subprocess.run([str(bin_dir() / "pg_isready"), "-q", "-h", "127.0.0.1", "-U",
                             USER, "-p", str(port)], stdin=subprocess.DEVNULL).returncode == 0
        if ok:
            return
        time.sleep(0.3)
    raise Skip(f"PostgreSQL did not answer on port {port} within {timeout:.0f} s")


class Running:
    """`with Running(folder, port, log):` the cluster is up inside the block."""

    def __init__(self, folder: Path, port: int, log: Path):
        self.folder, self.port, self.log = folder, port, log

    def __enter__(self) -> Running:
        own(self.folder)
        out = self.log.open("a")
        self.proc = subprocess.Popen(server_cmd(self.folder, self.port), stdout=out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait(self.port, self.proc)
        except Skip:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # a "smart" shutdown; the folder is left clean for copying
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
