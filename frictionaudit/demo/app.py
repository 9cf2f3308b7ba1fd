"""The shop application: request policy (basic auth, login wall, sessions), routing, rendering."""

import hmac
import json
import threading
from base64 import b64encode
from collections.abc import Mapping
from functools import partial
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import account, checkout, pages
from .catalogue import PRICING, PRODUCTS, money
from .forms import CAPTCHA_CODE, OPTION_VALUES, PHONE, Field, form_fields
from .sessions import SessionStore
from .texts import load_copy
from .views import not_found
from .web import Request, Response, Router, redirect

HERE = Path(__file__).parent
STATIC = HERE / "static"
STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
ROUTES = Router(pages.routes, checkout.routes, account.routes)
WALL_OPEN = {"/account/login", "/cookies"}  # plus /static/* and /__stats, handled before the wall


class App:
    """One shop's state and request handling, apart from the HTTP server that feeds it."""

    def __init__(
        self,
        variant: str,
        lang: str,
        *,
        basic_auth: tuple[str, str] | None = None,
        login_wall: tuple[str, str] | None = None,
        ask_phone: bool = False,
    ) -> None:
        self.variant, self.rough = variant, variant == "rough"
        self._extra = {"details": (PHONE,)} if ask_phone and not self.rough else {}
        self.copy = load_copy(lang, variant)
        pricing = PRICING[variant]
        self.sessions = SessionStore()
        self._basic = None
        if basic_auth:
            self._basic = "Basic " + b64encode(":".join(basic_auth).encode()).decode()
        self._wall = login_wall[0].lower() if login_wall else None
        self._accounts = {self._wall: login_wall[1]} if login_wall else {}
        self._stats = {"orders_placed": 0, "signups": 0}
        self._lock = threading.Lock()
        self._env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["money"] = partial(money, lang=lang)
        self._env.globals.update(
            t=self.copy, lang=lang, variant=variant, rough=self.rough, products=PRODUCTS,
            option_values=OPTION_VALUES, captcha_code=CAPTCHA_CODE,
            prices={**pricing.shipping, "protection": pricing.protection},
        )

    # shop-wide state, shared by every session

    def form_fields(self, form: str) -> tuple[Field, ...]:
        return form_fields(form, self.variant) + self._extra.get(form, ())

    def stats(self) -> dict[str, int]:
        with self._lock:
            return dict(self._stats)

    def count(self, key: str) -> int:
        with self._lock:
            self._stats[key] += 1
            return self._stats[key]

    def add_account(self, email: str, password: str) -> None:
        """Register (or re-register: audits reuse one persona across journeys) and count it."""
        with self._lock:
            self._accounts[email.lower()] = password
            self._stats["signups"] += 1

    def check_password(self, email: str, password: str) -> bool:
        with self._lock:
            known = self._accounts.get(email.lower())
        return known is not None and hmac.compare_digest(known.encode(), password.encode())

    # HTTP

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Response:
        url = urlsplit(target)
        path = url.path or "/"
        if path == "/__stats":
            return Response(200, json.dumps(self.stats()).encode(), "application/json",
                            [("Cache-Control", "no-store")])
        if self._basic and not hmac.compare_digest(
            headers.get("Authorization", "").encode(), self._basic.encode()
        ):
            return Response(401, b"Authentication required.", "text/plain; charset=utf-8",
                            [("WWW-Authenticate", 'Basic realm="Demo shop", charset="UTF-8"')])
        if path.startswith("/static/"):
            return _static(path)
        cookies = _cookies(headers.get("Cookie", ""))
        with self.sessions.open(cookies.get("sid")) as (sid, session):
            req = Request(self, "GET" if method == "HEAD" else method, path,
                          _fields(url.query), _fields(body.decode("utf-8", "replace")),
                          cookies, session)
            response = self._dispatch(req, target)
        if sid != cookies.get("sid"):
            response.headers.append(("Set-Cookie", f"sid={sid}; Path=/; HttpOnly; SameSite=Lax"))
        return response

    def _dispatch(self, req: Request, target: str) -> Response:
        if self._wall and req.session["account"] != self._wall and req.path not in WALL_OPEN:
            return redirect("/account/login?next=" + quote(target, safe="/"))
        view, req.params, allowed = ROUTES.resolve(req.method, req.path)
        if view:
            return view(req)
        if allowed:
            return Response(405, b"Method not allowed.", "text/plain; charset=utf-8",
                            [("Allow", ", ".join(sorted(allowed)))])
        return not_found(req)

    def render(self, req: Request, template: str, status: int = 200, **context) -> Response:
        session = req.session
        html = self._env.get_template(template).render(
            path=req.path,
            layout=self._layout(req.path),
            account=session["account"],
            cart_count=sum(session["cart"].values()),
            show_banner=session["consent"] is None and "consent" not in req.cookies,
            **context,
        )
        return Response(status, html.encode())

    def _layout(self, path: str) -> str:
        """Checkout pages get a slim header and no footer; the rough shop also drops its footer
        (and so every contact detail) on the signup form."""
        if path.startswith("/checkout"):
            return "checkout"
        if self.rough and path == "/account/register":
            return "bare"
        return "full"


def _static(path: str) -> Response:
    file = (STATIC / path.removeprefix("/static/")).resolve()
    inside = STATIC.resolve() in file.parents
    if not inside or file.suffix not in STATIC_TYPES or not file.is_file():
        return Response(404, b"Not found.", "text/plain; charset=utf-8")
    return Response(200, file.read_bytes(), STATIC_TYPES[file.suffix],
                    [("Cache-Control", "no-cache")])


def _cookies(header: str) -> dict[str, str]:
    try:
        return {name: morsel.value for name, morsel in SimpleCookie(header).items()}
    except CookieError:
        return {}


def _fields(encoded: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(encoded, keep_blank_values=True).items()}
