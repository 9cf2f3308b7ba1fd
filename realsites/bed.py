"""The test bed's machinery: a cache outside the checkout, one virtual environment per
application, a seeded database copied fresh for each run, servers on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
APPS = ("allauth", "oscar", "shuup", "mediawiki", "evershop")


class Skip(Exception):
    """The application cannot be installed or started here; the message says why."""


def cache_root() -> Path:
    """FRICTIONAUDIT_REALSITES_CACHE, else /var/cache/… when writable, else ~/.cache/…."""
    chosen = os.environ.get("FRICTIONAUDIT_REALSITES_CACHE")
    if chosen:
        return Path(chosen)
    system = Path("/var/cache/frictionaudit-realsites")
    try:
        system.mkdir(parents=True, exist_ok=True)
        if os.access(system, os.W_OK):
            return system
    except OSError:
        pass
    return Path.home() / ".cache" / "frictionaudit-realsites"


def digest(*parts: object, folder: Path | None = None) -> str:
    """A short hash of the parts and every file under folder: a cache key."""
    h = hashlib.sha256(repr(parts).encode())
    if folder is not None:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" not in path.parts:
                h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()[:12]


def run(cmd: list[str], log: Path, env: dict | None = None, timeout: float = 900,
        cwd: Path | None = None) -> None:
    """Run a set-up command; on failure raise Skip with its last output line."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(map(str, cmd))}\n")
        out.flush()
        try:
            done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                  timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise Skip(f"{cmd[0]}: {exc}") from None
    if done.returncode:
        lines = [ln for ln in log.read_text().splitlines()
                 if ln.strip() and not ln.startswith("WARNING: Location")]
        raise Skip(f"{Path(str(cmd[0])).name} {cmd[1] if len(cmd) > 1 else ''} failed: "
                   f"{lines[-1][:160] if lines else '?'} (log: {log})")


def venv(home: Path, requirements: list[str], python: str = sys.executable) -> Path:
    """A virtual environment in home/venv with the requirements; reused while they match."""
    stamp = home / "venv" / ".realsites-stamp"
    want = "\n".join(requirements)
    py = home / "venv" / "bin" / "python"
    if stamp.exists() and stamp.read_text() == want and py.exists():
        return py
    shutil.rmtree(home / "venv", ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    log = home / "install.log"
    log.write_text("")
    run([python, "-m", "venv", str(home / "venv")], log)
    run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *requirements], log)
    stamp.write_text(want)
    return py


def missing_debs(packages: list[str]) -> list[str]:
    """The Debian packages of the list that are not installed."""
    def installed(pkg: str) -> bool:
        try:
            done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg],
                                  capture_output=True, text=True)
        except OSError:
            return False
        return done.stdout.endswith("install ok installed")
    return [p for p in packages if not installed(p)]


def apt(packages: list[str], home: Path) -> None:
    """Debian packages: installed with apt-get (no recommends, services not started) when some
    are missing and we are root; otherwise Skip saying which are missing."""
    missing = missing_debs(packages)
    if not missing:
        return
    if not shutil.which("apt-get"):
        raise Skip(f"needs the Debian packages {' '.join(missing)}, and there is no apt-get")
    if os.geteuid() != 0:
        raise Skip(f"needs the Debian packages {' '.join(missing)}: run as root, or "
                   f"`sudo apt-get install --no-install-recommends {' '.join(packages)}`")
    home.mkdir(parents=True, exist_ok=True)
    log = home / "install.log"
    log.write_text("")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    policy = Path("/usr/sbin/policy-rc.d")  # Debian's switch: no service starts (apache2)
    ours = not policy.exists()
    if ours:
        policy.write_text("#!/bin/sh\n# frictionaudit realsites: no service starts\nexit 101\n")
        policy.chmod(0o755)
    try:
        cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
        try:
            run(cmd, log, env)
        except Skip:  # a fresh machine may have no package lists yet
            run(["apt-get", "update", "-q"], log, env)
            run(cmd, log, env)
    finally:
        if ours:
            policy.unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until url answers (any HTTP status) or the server process dies."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise Skip(f"the server exited with code {proc.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    raise Skip(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Server:
    """A started application: its base URL and the process group to end."""

    url: str
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def start(cmd: list[str], port: int, log: Path, env: dict, cwd: Path, probe: str = "/",
          timeout: float = 60) -> Server:
    """Start a server in its own process group and wait for it on 127.0.0.1:port."""
    out = log.open("w")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=env, cwd=cwd, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        wait_http(server.url + probe, proc, timeout)
    except Skip:
        server.stop()
        raise
    return server


def count(db: Path, table: str) -> int:
    """Rows in a table of an SQLite database (read-only)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


@dataclass
class Site:
    """One application of the bed as its app.py declares it."""

    name: str
    folder: Path
    module: object
    home: Path = field(init=False)

    def __post_init__(self):
        self.home = cache_root() / self.name

    def prepare(self) -> Path:
        """Install (cached) and seed (cached): return the data folder of a fresh copy."""
        m = self.module
        reason = getattr(m, "SKIP", None)
        if reason:
            raise Skip(reason)
        debs = getattr(m, "APT", [])  # Debian packages, installed by apt-get as root
        if debs:
            apt(debs, self.home)
        if hasattr(m, "install"):  # its own installer (npm): returns the installed folder
            py = m.install(self.home)
        else:
            py = venv(self.home, m.REQUIREMENTS) if m.REQUIREMENTS else None
        key = digest(m.REQUIREMENTS, *([debs] if debs else []), inspect.getsource(m.seed),
                     folder=self.folder / "site")
        seeded = self.home / f"seeded-{key}"
        if not (seeded / ".done").exists():
            for old in self.home.glob("seeded-*"):
                shutil.rmtree(old, ignore_errors=True)
            seeded.mkdir(parents=True)
            m.seed(py, seeded, self.home / "seed.log")
            (seeded / ".done").touch()
        data = self.home / "run"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(seeded, data)
        return data

    def serve(self, data: Path) -> Server:
        py = self.home / "venv" / "bin" / "python"
        port = free_port()
        cmd, env, cwd = self.module.command(py, data, port)
        server = start(cmd, port, self.home / "server.log", {**os.environ, **env}, cwd,
                       getattr(self.module, "PROBE", "/"), getattr(self.module, "STARTUP", 60))
        # browsed under the host name the app expects (EverShop: localhost)
        server.url = server.url.replace("127.0.0.1", getattr(self.module, "HOST", "127.0.0.1"))
        return server


def load(name: str) -> Site:
    folder = HERE / name
    spec = importlib.util.spec_from_file_location(f"realsite_{name}", folder / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Site(name, folder, module)
