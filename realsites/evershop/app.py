"""EverShop 2.2 (npm), a shop whose storefront and one-page checkout are React: installed with
npm and built once (about 13 minutes on two cores: cached per version), its database a private
PostgreSQL cluster on a loopback port, reset from a template database before every audit.
Orders are counted in its database."""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import pg
from bed import Skip, free_port, run

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"  # seed and reset SQL, node helpers: a change there re-seeds

VERSION = "2.2.1"
# 2.2.1 imports concat-stream without declaring it; it is added here
PACKAGES = {"@evershop/evershop": VERSION, "concat-stream": "2.0.0"}
REQUIREMENTS = [f"{k}@{v}" for k, v in PACKAGES.items()]  # the seed's cache key
NODE_MAJOR = 18  # EverShop 2.2 uses ES modules with top-level await and --import
APT = ["postgresql"]  # a private cluster is made from its binaries
LANGS = {"en": "/"}  # the storefront ships in English only
LOCALES = {"en": "en-GB"}
PROBE = "/"
HOST = "localhost"  # the storefront's API calls go to the host it was opened as
CONTROL = "checkout"
STARTUP = 240  # seconds for `evershop start` to answer (about 45 s on two busy cores)
DB = "shop"


def _app(home: Path) -> Path:
    return home / f"app-{VERSION}"


def _env(app: Path, db_port: int) -> dict:
    return {"DB_HOST": "127.0.0.1", "DB_PORT": str(db_port), "DB_NAME": DB,
            "DB_USER": pg.USER, "DB_PASSWORD": "", "DB_SSLMODE": "disable",
            "SUPPRESS_NO_CONFIG_WARNING": "1", "NODE_ENV": "production",
            "NO_COLOR": "1", "FORCE_COLOR": "0"}


def _node(log: Path) -> tuple[str, str]:
    """node and npm, from Debian when missing and root; Skip when too old."""
    if not (shutil.which("node") and shutil.which("npm")) and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-q"], log, env)
        run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "nodejs", "npm"],
            log, env)
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        raise Skip("Node.js and npm are not installed and the bed is not root to install them")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    major = int(version.strip().lstrip("v").split(".")[0] or 0)
    if major < NODE_MAJOR:
        raise Skip(f"EverShop {VERSION} needs Node.js {NODE_MAJOR} or later; this machine has "
                   f"{version.strip()}")
    return node, npm


def migrate(app: Path, db_port: int, log: Path) -> None:
    """EverShop's tables in a new database (what `evershop install` does after its prompts)."""
    node, _ = _node(log)
    pg.psql(db_port, f"CREATE DATABASE {DB}")
    env = {**os.environ, **_env(app, db_port)}
    run([node, str(SITE / "migrate.mjs")], log, env, cwd=app)
    if "\nmigrated\n" not in log.read_text().rsplit("migrate.mjs", 1)[-1]:
        raise Skip(f"EverShop's migrations did not finish (log: {log})")


def install(home: Path) -> Path:
    """npm install and build, once per version (the build reads settings from a migrated
    database, so a throw-away cluster is made for it). Returns the project folder."""
    app = _app(home)
    stamp = app / ".realsites-built"
    if stamp.exists() and stamp.read_text() == json.dumps(PACKAGES):
        return app
    log = home / "install.log"
    home.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    pg.ensure()
    node, npm = _node(log)
    app.mkdir(parents=True, exist_ok=True)
    (app / "package.json").write_text(json.dumps(
        {"name": "frictionaudit-evershop", "version": "1.0.0", "private": True,
         "type": "module", "dependencies": PACKAGES}, indent=2))
    run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], log, timeout=1200,
        cwd=app)
    cluster = home / "build-pg"
    shutil.rmtree(cluster, ignore_errors=True)
    pg.initdb(cluster, log)
    port = free_port()
    with pg.Running(cluster, port, log):
        migrate(app, port, log)
        run([node, str(app / "node_modules/@evershop/evershop/dist/bin/evershop.js"), "build"],
            log, {**os.environ, **_env(app, port)}, timeout=2400, cwd=app)
    shutil.rmtree(cluster, ignore_errors=True)
    if not (app / ".evershop" / "build").is_dir():
        raise Skip(f"evershop build left no .evershop/build (log: {log})")
    stamp.write_text(json.dumps(PACKAGES))
    return app


def _evershop(app: Path, *args: str) -> list[str]:
    node = shutil.which("node") or "node"
    return [node, "--import", (SITE / "loopback.mjs").as_uri(),
            str(app / "node_modules/@evershop/evershop/dist/bin/evershop.js"), *args]


def _settled(db_port: int, timeout: float = 300) -> None:
    """Wait until EverShop's event process has handled the seed's events (it writes the
    products' and categories' URLs)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        left = pg.psql(db_port, "SELECT count(*) FROM event", DB)
        urls = pg.psql(db_port, "SELECT count(*) FROM url_rewrite WHERE entity_type = 'product'",
                       DB)
        if left == "0" and int(urls) > 0:
            return
        time.sleep(1)
    raise Skip(f"EverShop's event process did not write the product URLs within {timeout:.0f} s")


def _pictures(app: Path, groups: tuple[str, ...]) -> None:
    """A plain square PNG in each product's colour (by the SKU's suffix), for seed.sql."""
    folder = app / "media" / "catalog" / "seed"
    folder.mkdir(parents=True, exist_ok=True)
    colours = {"wht": (240, 238, 230), "blk": (40, 40, 40), "yel": (235, 190, 40)}
    for group in groups:
        for suffix, rgb in colours.items():
            row = b"\0" + bytes(rgb) * 200
            (folder / f"{group}-{suffix}.png").write_bytes(_png(200, zlib.compress(row * 200)))


def _png(size: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def seed(app: Path, data: Path, log: Path) -> None:
    """A cluster in data/pg: EverShop's tables, its demo catalogue (`evershop seed`: 15
    products in five colour groups), seed.sql (settings, shipping, cash on delivery, contact
    page, home-page products, pictures); then the shop runs once so its event process writes
    the URLs."""
    pg.initdb(data / "pg", log)
    _pictures(app, ("cup-001", "pen-002", "bowl-003", "vase-004", "thermo-005"))  # SKU stems
    db_port, port = free_port(), free_port()
    env = {**os.environ, **_env(app, db_port)}
    with pg.Running(data / "pg", db_port, log):
        migrate(app, db_port, log)
        run(_evershop(app, "seed", "--attributes", "--categories", "--collections", "--products",
                      "--pages"), log, env, cwd=app)
        run([str(pg.bin_dir() / "psql"), "-h", "127.0.0.1", "-p", str(db_port), "-U", pg.USER,
             "-d", DB, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(SITE / "seed.sql")], log)
        with log.open("a") as out:
            shop = subprocess.Popen(_evershop(app, "start"), cwd=app, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env={**env, "PORT": str(port)}, start_new_session=True)
        try:
            _settled(db_port)
        finally:
            os.killpg(shop.pid, signal.SIGTERM)
            shop.wait(30)


def command(py: Path, data: Path, port: int):
    """serve.py runs the cluster and the shop; the cluster's port is kept in data/db-port."""
    app, db_port = _app(data.parent), free_port()
    (data / "db-port").write_text(str(db_port))
    env = {**_env(app, db_port), "EVERSHOP_HOME_URL": f"http://{HOST}:{port}"}
    return ([sys.executable, str(HERE / "serve.py"), str(app), str(data), str(port),
             str(db_port)], env, app)


def reset(seeded: Path, data: Path) -> None:
    """The seeded shop again, on the running server (reset.sql)."""
    pg.psql(int((data / "db-port").read_text()), (SITE / "reset.sql").read_text(), DB)


def counts(data: Path) -> dict[str, int]:
    """Orders placed and accounts created, from the shop's database."""
    port = int((data / "db-port").read_text())
    return {"orders": int(pg.psql(port, 'SELECT count(*) FROM "order"', DB)),
            "accounts": int(pg.psql(port, "SELECT count(*) FROM customer", DB))}
