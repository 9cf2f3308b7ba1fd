"""The safety guard's configuration: which words mark a final, irreversible action.

The guard itself runs inside the page (agent.js), so it holds whoever drives the page: a flow
file, the autopilot, or a team's own test. Words come from every language pack at once: a
button that says "Commander" on an English page is still a purchase. The safe words (a submit
let through even beside a total or payment fields) are every pack's continue, cart, add-to-cart
and checkout words: they move a customer towards the order, never place it. Final words are
tested first, so a button that says both is blocked.
"""

from __future__ import annotations

import json

from frictionaudit.lexicon import pack, supported_languages

SAFE = ("continue", "cart", "add_to_cart", "checkout")


def guard_config(allow_irreversible: bool) -> dict:
    def union(key: str) -> list[str]:
        return sorted({w for code in supported_languages() for w in pack(code).keywords[key]})

    return {
        "allow": allow_irreversible,
        "final": union("place_order"),
        "safe": sorted({w for key in SAFE for w in union(key)}),
        "total": union("total"),
    }


def guard_script(allow_irreversible: bool) -> str:
    return f"window.__frictionauditGuard = {json.dumps(guard_config(allow_irreversible))};"
