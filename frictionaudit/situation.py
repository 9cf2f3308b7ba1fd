"""The customer's situation: device, viewport, locale, network, and access to protected sites.

Everything here becomes Playwright `new_context()` options (plus a CDP network profile for
throttling). Credentials come from the environment or a file, never the command line, and the
report's settings echo only where they came from, never their values.
"""

from __future__ import annotations

import os
import re
from difflib import get_close_matches
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from frictionaudit.errors import UsageError
from frictionaudit.tomlfile import read_toml

DESKTOP = "Desktop"
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
MIN_SIDE, MAX_SIDE = 100, 8000  # pixels: a watch face to an 8K screen
LOCALE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,4}")
ENV_HTTP_USER, ENV_HTTP_PASSWORD = "FRICTIONAUDIT_HTTP_USER", "FRICTIONAUDIT_HTTP_PASSWORD"
ENV_LOGIN_USER, ENV_LOGIN_PASSWORD = "FRICTIONAUDIT_LOGIN_USER", "FRICTIONAUDIT_LOGIN_PASSWORD"

# Lighthouse's and Chrome DevTools' presets: latency in ms, throughput in bytes per second.
THROTTLING = {
    "slow-4g": {"latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
                "uploadThroughput": 750 * 1024 / 8},
    "fast-3g": {"latency": 562.5, "downloadThroughput": 1.44 * 1024 * 1024 / 8,
                "uploadThroughput": 675 * 1024 / 8},
    "slow-3g": {"latency": 2000, "downloadThroughput": 400 * 1024 / 8,
                "uploadThroughput": 400 * 1024 / 8},
}


class ContextSettings(BaseModel):
    """Settable on the command line and in friction.toml ([context], or per site)."""

    model_config = ConfigDict(extra="forbid")
    devices: list[str] = Field(default_factory=list)
    viewport: str | None = Field(None, pattern=r"^\d{2,5}x\d{2,5}$")
    locale: str | None = None
    timezone: str | None = None
    geolocation: str | None = Field(None, pattern=r"^-?\d+(\.\d+)?,\s*-?\d+(\.\d+)?$")
    color_scheme: str | None = Field(None, pattern="^(light|dark|no-preference)$")
    throttle: str | None = None
    storage_state: Path | None = None
    auth_file: Path | None = None
    login_flow: Path | None = None
    count_login: bool = False

    @field_validator("viewport")
    @classmethod
    def _viewport_in_range(cls, value: str | None) -> str | None:
        if value is not None:
            w, h = (int(v) for v in value.split("x"))
            if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
                raise ValueError(f"width and height between {MIN_SIDE} and {MAX_SIDE} pixels")
        return value

    @field_validator("geolocation")
    @classmethod
    def _on_earth(cls, value: str | None) -> str | None:
        if value is not None:
            lat, lon = (float(v) for v in re.split(r",\s*", value))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("latitude -90..90, longitude -180..180")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ValueError, ZoneInfoNotFoundError):
                raise ValueError("unknown time zone; use an IANA name, e.g. Europe/Paris") \
                    from None
        return value

    @field_validator("locale")
    @classmethod
    def _locale_tag(cls, value: str | None) -> str | None:
        if value is not None and not LOCALE.fullmatch(value):
            raise ValueError("expected a language tag, e.g. fr-FR")
        return value

    def merged(self, override: ContextSettings) -> ContextSettings:
        return self.model_copy(update=override.model_dump(exclude_unset=True))


class Access(BaseModel):
    """Secrets for a protected site, from the auth file and the environment."""

    model_config = ConfigDict(extra="forbid")
    http_user: str | None = None
    http_password: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    cookies: list[dict] = Field(default_factory=list)
    login_user: str | None = None
    login_password: str | None = None

    def secrets(self) -> list[str]:
        values = [self.http_password, self.login_password, *self.headers.values(),
                  *(c.get("value", "") for c in self.cookies)]
        return [v for v in values if v and len(v) >= 3]

    def described(self) -> str:
        parts = []
        if self.http_user:
            parts.append("HTTP basic auth")
        if self.headers:
            parts.append(f"headers {', '.join(sorted(self.headers))}")
        if self.cookies:
            parts.append(f"{len(self.cookies)} cookie(s)")
        if self.login_user:
            parts.append("login credentials")
        return ", ".join(parts) or "none"


def load_access(settings: ContextSettings) -> Access:
    data = read_toml(settings.auth_file, "auth file")[0] if settings.auth_file else {}
    env = {
        "http_user": os.environ.get(ENV_HTTP_USER),
        "http_password": os.environ.get(ENV_HTTP_PASSWORD),
        "login_user": os.environ.get(ENV_LOGIN_USER),
        "login_password": os.environ.get(ENV_LOGIN_PASSWORD),
    }
    try:
        return Access.model_validate({**data, **{k: v for k, v in env.items() if v}})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise UsageError(f"{settings.auth_file}: {where}: {err['msg']}") from exc


def device_descriptors(names: list[str]) -> dict[str, dict]:
    """Playwright's descriptors for the named devices ("Desktop" is ours: 1280x800)."""
    wanted = [n for n in names if n != DESKTOP]
    if not wanted:
        return {DESKTOP: {}} if names else {}
    from frictionaudit.browser import playwright_session

    with playwright_session() as p:
        known = dict(p.devices)
    out = {}
    for name in names:
        if name == DESKTOP:
            out[name] = {}
            continue
        if name not in known:
            close = get_close_matches(name, list(known), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise UsageError(f"unknown device {name!r}{hint}")
        descriptor = dict(known[name])
        descriptor.pop("default_browser_type", None)
        out[name] = descriptor
    return out


def context_options(settings: ContextSettings, access: Access, device: dict) -> dict:
    """Playwright new_context() keyword arguments for one device."""
    opts: dict = {"viewport": dict(DESKTOP_VIEWPORT), **device}
    if settings.viewport:
        w, h = (int(v) for v in settings.viewport.split("x"))
        opts["viewport"] = {"width": w, "height": h}
    if settings.locale:
        opts["locale"] = settings.locale
    if settings.timezone:
        opts["timezone_id"] = settings.timezone
    if settings.geolocation:
        lat, lon = (float(v) for v in re.split(r",\s*", settings.geolocation))
        opts["geolocation"] = {"latitude": lat, "longitude": lon}
        opts["permissions"] = ["geolocation"]
    if settings.color_scheme:
        opts["color_scheme"] = settings.color_scheme
    if settings.storage_state:
        if not settings.storage_state.is_file():
            raise UsageError(f"{settings.storage_state}: storage state file not found")
        opts["storage_state"] = str(settings.storage_state)
    if access.http_user is not None:
        opts["http_credentials"] = {"username": access.http_user,
                                    "password": access.http_password or ""}
    if access.headers:
        opts["extra_http_headers"] = dict(access.headers)
    return opts


def check_storage_state(path: Path | None) -> None:
    """A Playwright storage-state file: JSON with lists of cookies and origins."""
    if path is None:
        return
    import json

    try:
        if path.stat().st_size > 20 * 1024 * 1024:
            raise UsageError(f"{path}: storage state larger than 20 MB")
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the storage state ({exc.strerror})") from None
    except (ValueError, RecursionError):
        raise UsageError(f"{path}: not a storage-state file (not JSON); save one with "
                         "Playwright's context.storage_state(path=...)") from None
    ok = isinstance(data, dict) and all(isinstance(data.get(k, []), list)
                                        for k in ("cookies", "origins"))
    cookies = data.get("cookies", []) if ok else []
    ok = ok and all(isinstance(c, dict) and isinstance(c.get("name"), str)
                    and isinstance(c.get("value"), str) for c in cookies)
    ok = ok and all(isinstance(o, dict) and isinstance(o.get("origin"), str)
                    for o in data.get("origins", []))
    if not ok:
        raise UsageError(f"{path}: not a storage-state file (expected {{\"cookies\": [...], "
                         "\"origins\": [...]}} as Playwright writes it)")


def check_throttle(name: str | None) -> None:
    if name and name not in THROTTLING:
        raise UsageError(f"unknown --throttle {name!r}; use one of {', '.join(THROTTLING)}")
