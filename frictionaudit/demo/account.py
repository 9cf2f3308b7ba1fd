"""Accounts: sign up, sign in and out, and what each variant does right after signing up."""

from urllib.parse import quote

from .sessions import flash
from .views import form_context, submit
from .web import Request, Response, Router, redirect, safe_next

routes = Router()


def _with_next(path: str, next_: str) -> str:
    return f"{path}?next={quote(next_, safe='/')}" if next_ else path


@routes.get("/account/register")
def register_form(req: Request) -> Response:
    next_ = safe_next(req.query.get("next"), "")
    return req.render("register.html", next=next_, for_checkout=next_.startswith("/checkout"),
                      **form_context(req, "register"))


@routes.post("/account/register")
def register(req: Request) -> Response:
    """Smooth: signed in at once. Rough: an email confirmation gate, except mid-checkout."""
    next_ = safe_next(req.form.get("next"), "")
    values = submit(req, "register")
    if values is None:
        return redirect(_with_next("/account/register", next_))
    email = values["email"].lower()
    req.app.add_account(email, values["password"])
    if req.app.rough and not next_:
        req.session["pending"] = email
        return redirect("/account/verify")
    req.session["account"] = email
    return redirect(next_ or "/account/welcome")


@routes.get("/account/welcome")
def welcome(req: Request) -> Response:
    email = req.session["account"]
    return req.render("welcome.html", email=email) if email else redirect("/account/register")


@routes.get("/account/verify")
def verify(req: Request) -> Response:
    email = req.session["pending"]
    if not email:
        return redirect("/account/register")
    return req.render("verify.html", email=email, resent=req.query.get("resent") == "1")


@routes.post("/account/verify")
def verify_resend(req: Request) -> Response:
    return redirect("/account/verify?resent=1")


@routes.get("/account/login")
def login_form(req: Request) -> Response:
    next_ = safe_next(req.query.get("next"), "")
    return req.render("login.html", next=next_, **form_context(req, "login"))


@routes.post("/account/login")
def login(req: Request) -> Response:
    next_ = safe_next(req.form.get("next"), "")
    values = submit(req, "login")
    if values is not None and not req.app.check_password(values["email"], values["password"]):
        flash(req.session, "login", values={"email": values["email"]},
              errors={"password": "login_failed"})
        values = None
    if values is None:
        return redirect(_with_next("/account/login", next_))
    req.session["account"] = values["email"].lower()
    return redirect(next_ or "/account")


@routes.get("/account")
def account(req: Request) -> Response:
    email = req.session["account"]
    return req.render("account.html", email=email) if email else redirect(
        _with_next("/account/login", "/account"))


@routes.post("/account/logout")
def logout(req: Request) -> Response:
    req.session["account"] = None
    return redirect("/")
