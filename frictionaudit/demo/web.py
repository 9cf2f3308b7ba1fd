"""The little web layer between the HTTP server and the views: requests, responses, routes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import App

View = Callable[["Request"], "Response"]


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Request:
    app: App
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    cookies: dict[str, str]
    session: dict
    params: dict[str, str] = field(default_factory=dict)

    def render(self, template: str, status: int = 200, **context) -> Response:
        return self.app.render(self, template, status, **context)


def redirect(location: str) -> Response:
    """303 See Other: after a POST the browser GETs the next page (POST-redirect-GET)."""
    return Response(303, headers=[("Location", location)])


def safe_next(target: str | None, fallback: str) -> str:
    """A post-login destination, only if it stays on this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


class Router:
    """Method + path pattern -> view; `<name>` in a pattern captures one path segment."""

    def __init__(self, *included: Router) -> None:
        self._routes: list[tuple[str, re.Pattern[str], View]] = [
            entry for other in included for entry in other._routes
        ]

    def add(self, method: str, pattern: str, view: View) -> None:
        regex = re.sub(r"<(\w+)>", r"(?P<\1>[a-z0-9-]+)", pattern)
        self._routes.append((method, re.compile(f"{regex}$"), view))

    def get(self, pattern: str) -> Callable[[View], View]:
        return self._decorator("GET", pattern)

    def post(self, pattern: str) -> Callable[[View], View]:
        return self._decorator("POST", pattern)

    def _decorator(self, method: str, pattern: str) -> Callable[[View], View]:
        def register(view: View) -> View:
            self.add(method, pattern, view)
            return view

        return register

    def resolve(self, method: str, path: str) -> tuple[View | None, dict[str, str], set[str]]:
        """The view and its path parameters, or None and the methods the path does allow."""
        allowed = set()
        for verb, regex, view in self._routes:
            match = regex.match(path)
            if match:
                if verb == method:
                    return view, match.groupdict(), set()
                allowed.add(verb)
        return None, {}, allowed
