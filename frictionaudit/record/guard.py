"""The safety guard's configuration: which words mark a final, irreversible action.

The guard itself runs inside the page (agent.js), so it holds whoever drives the page: a flow
file, the autopilot, or a team's own test. Words come from every language pack at once: a
button that says "Commander" on an English page is still a purchase.
"""

from __future__ import annotations

import json

from frictionaudit.lexicon import pack, supported_languages


def guard_config(allow_irreversible: bool) -> dict:
    def union(key: str) -> list[str]:
        return sorted({w for code in supported_languages() for w in pack(code).keywords[key]})

    return {
        "allow": allow_irreversible,
        "final": union("place_order"),
        "safe": union("continue"),
        "total": union("total"),
    }


def guard_script(allow_irreversible: bool) -> str:
    return f"window.__frictionauditGuard = {json.dumps(guard_config(allow_irreversible))};"
