"""What every command shares below the command line: the exit codes (documented in the
README), the default report folder, and machine output on stdout."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_TARGET, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def default_out(name: str) -> Path:
    return Path("reports") / f"{name}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"


def emit(text: str) -> None:
    """Machine output on stdout; a reader that closed the pipe early is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        silence_stdout()


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
