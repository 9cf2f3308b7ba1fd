"""Which URLs the tool may load: http(s) only, credentials taken out, and only allowed origins.

Every URL the tool loads passes here: the command line, flow `start` and `goto`, config and
sitemap entries, links followed for contact reachability. `user:password@` in a URL is taken
out as basic-auth credentials before anything prints, resolves or records the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

from frictionaudit.errors import UsageError

SCHEMES = ("http", "https")
MAX_URL = 8_000
_NO_SLASH_SCHEMES = {"data", "javascript", "about", "mailto", "blob", "tel", "view-source"}
_BAD_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def redacted(url: str) -> str:
    """The URL as it may be shown: any user:password@ replaced by ***@."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1***@", url)


def _parts(url: str, what: str) -> SplitResult:
    shown = redacted(url)[:200]
    if len(url) > MAX_URL:
        raise UsageError(f"{what}: URL longer than {MAX_URL} characters")
    if _BAD_CHARS.search(url):
        raise UsageError(f"{what}: {shown!r} holds a space or control character")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError as exc:
        raise UsageError(f"{what}: not a URL: {shown!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if not scheme or ("//" not in url and scheme not in _NO_SLASH_SCHEMES) or (
            scheme in SCHEMES and not parts.netloc):
        raise UsageError(f"{what}: {shown!r} is not a URL; expected http:// or https://")
    if scheme not in SCHEMES:
        raise UsageError(f"{what}: {shown!r}: {parts.scheme}: URLs are not allowed; "
                         "expected http:// or https://")
    if not parts.hostname:
        raise UsageError(f"{what}: {shown!r} has no host name")
    return parts


def split_credentials(url: str, what: str = "URL") -> tuple[str, Credentials | None]:
    """A checked http(s) URL without its user:password@, and those credentials if any."""
    parts = _parts(url, what)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    clean = urlunsplit(parts._replace(netloc=host))
    return clean, Credentials(unquote(user), unquote(password))


def check_url(url: str, what: str = "URL") -> str:
    """A URL the tool may load (http or https, with a host), else one line and exit 2."""
    return split_credentials(url, what)[0]


def resolve(base: str, ref: str, what: str = "URL") -> str:
    """`ref` (absolute, or relative to `base`) as a URL the tool may load."""
    return check_url(urljoin(base, ref.strip()), what)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc.rsplit('@', 1)[-1]).lower()}"


def is_web(url: str) -> bool:
    return urlsplit(url).scheme.lower() in SCHEMES


@dataclass
class Origins:
    """The origins one audit may load: the target's, plus the ones the user names."""

    allowed: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, target: str, extra: list[str] | tuple[str, ...] = ()) -> Origins:
        return cls({origin(target), *(origin(check_url(u, "allowed origin")) for u in extra)})

    def allows(self, url: str) -> bool:
        return is_web(url) and origin(url) in self.allowed

    def add(self, url: str) -> None:
        """A redirect at the start page moves the site (http -> https, a www. host)."""
        if is_web(url):
            self.allowed.add(origin(url))
