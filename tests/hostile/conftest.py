"""The hostile shop (server.py), one for the whole session."""

from __future__ import annotations

import pytest
from hostile.server import hostile_shop


@pytest.fixture(scope="session")
def shop():
    with hostile_shop() as url:
        yield url
