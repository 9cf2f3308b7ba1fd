"""What is secret on a page, in one list for everything that hides it.

The recorder masks these fields in screenshots and blanks these URL parameters; the in-page
annotation strips their values from snapshots and marks them `data-fa-secret`; the report
re-draws its masks from that mark. A field is secret by its type, its autocomplete token, or a
word of its name or id — so a password shown in clear by a "show password" toggle (type=text)
stays secret by its name or token, and a field named `securitycode` or `pin` is secret too.
"""

from __future__ import annotations

import json
import re

SECRET_TYPES = ("password",)
# autocomplete tokens (WHATWG autofill) that name a secret, matched as prefixes of the last one
SECRET_TOKENS = ("cc-", "new-password", "current-password", "one-time-code")
# words in a field's name or id; the short ones only as whole words ("shipping" holds no PIN)
SECRET_NAME = (r"pass|pwd|card|cvc|cvv|csc|iban|cc-?num|security-?code|secret|token"
               r"|(?<![a-z])(?:pw|pin|otp)(?![a-z])")

_NAME = re.compile(SECRET_NAME, re.I)


def is_secret_field(kind: str, autocomplete: str, name: str, ident: str = "") -> bool:
    token = autocomplete.lower().split()[-1] if autocomplete.strip() else ""
    return (kind.lower() in SECRET_TYPES or token.startswith(SECRET_TOKENS)
            or bool(_NAME.search(f"{name} {ident}")))


def is_secret_param(name: str) -> bool:
    """A URL query parameter whose value may be what was typed into a secret field."""
    return bool(_NAME.search(name))


def secrets_js() -> str:
    """The same lists for the in-page scripts, as a JavaScript object literal."""
    return json.dumps({"types": SECRET_TYPES, "tokens": SECRET_TOKENS, "name": SECRET_NAME})


# The indices, among the page's input and textarea elements, of the secret ones: what the
# screenshot mask covers, decided by the same lists in the live page.
SECRET_INDEX_JS = """(secrets) => {
  const name = new RegExp(secrets.name, "i");
  const out = [];
  document.querySelectorAll("input, textarea").forEach((el, i) => {
    const token = (el.getAttribute("autocomplete") || "").toLowerCase().trim().split(/\\s+/).pop();
    if (secrets.types.includes((el.getAttribute("type") || "").toLowerCase())
        || secrets.tokens.some((t) => token.startsWith(t))
        || name.test(`${el.name || ""} ${el.id || ""}`)) out.push(i);
  });
  return out;
}"""
