"""Run the shop: its PostgreSQL cluster, then `evershop start` on 127.0.0.1, all in this
process group (EverShop's event and job processes are its children); a SIGTERM ends them all.

    python serve.py APP_FOLDER DATA_FOLDER PORT DB_PORT
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pg

HERE = Path(__file__).resolve().parent


def main(app: Path, data: Path, port: int, db_port: int) -> int:
    procs: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        pg.own(data / "pg")
        procs.append(subprocess.Popen(pg.server_cmd(data / "pg", db_port),
                                      stdin=subprocess.DEVNULL))
        pg.wait(db_port, procs[0])
        procs.append(subprocess.Popen(
            ["node", "--import", (HERE / "site" / "loopback.mjs").as_uri(),
             str(app / "node_modules/@evershop/evershop/dist/bin/evershop.js"), "start"],
            cwd=app, stdin=subprocess.DEVNULL, env={**os.environ, "PORT": str(port)}))
        return procs[1].wait()
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
