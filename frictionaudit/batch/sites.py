"""The sites of a batch: a TOML site file, a plain list of URLs, or a sitemap.

    # sites.toml: one [[site]] table per site; every key but url is optional
    [[site]]
    name = "Our shop"                  # shown in the index; the folder is its slug
    url = "https://shop.example.com"
    primary = true                     # the client: the index compares it with the others
    journeys = ["signup", "checkout"]  # the autopilot's journeys (default: auto, both)
    flows = ["flows/checkout.toml"]    # flow files (paths relative to this file)
    allow_irreversible = false
    auth_file = "auth/shop.toml"       # secrets stay in their own file
    time_limit = 300                   # seconds (default: --time-limit)
    [site.context]                     # as [context] in friction.toml
    locale = "fr-FR"
    [site.budgets.checkout]            # as [budgets] in friction.toml
    max_fields = 12

A plain list has one URL per line; blank lines and `#` comments are skipped.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from frictionaudit.budgets import Budget
from frictionaudit.errors import TargetError, UsageError
from frictionaudit.situation import ContextSettings
from frictionaudit.tomlfile import read_toml

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file
MAX_NESTED_SITEMAPS = 50


class Site(BaseModel):
    """One site to audit, as the site file describes it."""

    model_config = ConfigDict(extra="forbid")
    url: str
    name: str = ""
    primary: bool = False
    journeys: list[Literal["auto", "signup", "checkout"]] = Field(default_factory=list)
    flows: list[Path] = Field(default_factory=list)
    allow_irreversible: bool = False
    auth_file: Path | None = None
    time_limit: float | None = Field(None, gt=0, description="Seconds (default --time-limit).")
    context: ContextSettings = Field(default_factory=ContextSettings)
    budgets: dict[str, Budget] = Field(default_factory=dict)
    slug: str = Field("", description="The site's folder in the batch output; set on loading.")

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        return url

    @property
    def label(self) -> str:
        return self.name or self.url


class _SiteFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    site: list[Site] = Field(min_length=1)


def load_sites(path: Path) -> list[Site]:
    """A `.toml` site file, else a plain URL list; slugs are unique, paths made absolute."""
    sites = _from_toml(path) if path.suffix.lower() == ".toml" else _from_lines(path)
    if not sites:
        raise UsageError(f"{path}: no site to audit")
    return with_slugs(sites)


def _from_toml(path: Path) -> list[Site]:
    data = read_toml(path, "site file")[0]
    try:
        sites = _SiteFile.model_validate(data).site
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise UsageError(f"{path}: {where}: {err['msg'].removeprefix('Value error, ')}") from exc
    base = path.resolve().parent
    for site in sites:
        site.flows = [base / f for f in site.flows]
        if site.auth_file is not None:
            site.auth_file = base / site.auth_file
        for key in ("storage_state", "auth_file", "login_flow"):
            value = getattr(site.context, key)
            if value is not None:
                setattr(site.context, key, base / value)
    if sum(s.primary for s in sites) > 1:
        raise UsageError(f"{path}: only one site can be primary = true")
    return sites


def _from_lines(path: Path) -> list[Site]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the site list ({exc})") from exc
    sites = []
    for number, line in enumerate(text.splitlines(), 1):
        url = line.split("#", 1)[0].strip()
        if url:
            try:
                sites.append(Site(url=url))
            except ValidationError as exc:
                raise UsageError(f"{path}:{number}: not an http(s) URL: {url!r}") from exc
    return sites


def sitemap_sites(url: str, include: list[str], exclude: list[str], limit: int = 0,
                  timeout: float = 30) -> list[Site]:
    """The page URLs of a sitemap (or sitemap index) that match an --include glob (any, when
    none is given) and no --exclude glob; at most `limit` of them when limit > 0."""
    try:
        seed = Site(url=url)
    except ValidationError as exc:
        raise UsageError(f"--sitemap: not an http(s) URL: {url!r}") from exc
    pages: list[str] = []
    queue, seen = [seed.url], set()
    while queue and len(seen) < MAX_NESTED_SITEMAPS:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        children, locs = _read_sitemap(current, timeout)
        queue += children
        pages += locs
    chosen = [p for p in dict.fromkeys(pages) if _wanted(p, include, exclude)]
    if limit > 0:
        chosen = chosen[:limit]
    if not chosen:
        raise UsageError(f"--sitemap {url}: no page URL left to audit "
                         f"({len(pages)} listed, none matched --include/--exclude)")
    return with_slugs([Site(url=p) for p in chosen])


def _read_sitemap(url: str, timeout: float) -> tuple[list[str], list[str]]:
    """(nested sitemap URLs, page URLs) of one sitemap file; only http(s) URLs are kept."""
    request = urllib.request.Request(url, headers={"User-Agent": "frictionaudit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_SITEMAP_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise TargetError(f"--sitemap {url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise TargetError(f"--sitemap {url}: {getattr(exc, 'reason', exc)}") from exc
    if data[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            data = fh.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise TargetError(f"--sitemap {url}: larger than 50 MB")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TargetError(f"--sitemap {url}: not a sitemap ({exc})") from exc
    nested, pages = [], []
    for loc in root.iter("{*}loc"):
        value = (loc.text or "").strip()
        if urlsplit(value).scheme not in ("http", "https"):
            continue
        parent = etree.QName(loc.getparent()).localname if loc.getparent() is not None else ""
        (nested if parent == "sitemap" else pages).append(value)
    return nested, pages


def _wanted(url: str, include: list[str], exclude: list[str]) -> bool:
    if include and not any(fnmatch.fnmatchcase(url, p) for p in include):
        return False
    return not any(fnmatch.fnmatchcase(url, p) for p in exclude)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "site"


def with_slugs(sites: list[Site]) -> list[Site]:
    """Give each site a unique folder name: its name's slug, else its host and path's."""
    taken: set[str] = set()
    for site in sites:
        parts = urlsplit(site.url)
        base = slugify(site.name or f"{parts.hostname}-{parts.port or ''}{parts.path}")
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        site.slug = slug
        taken.add(slug)
    return sites
