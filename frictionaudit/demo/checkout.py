"""Checkout: details, shipping, payment, review, place, confirmation; each step needs the last."""

from functools import partial

from .catalogue import summary
from .views import form_context, submit
from .web import Request, Response, Router, redirect

routes = Router()
STEPS = ("details", "shipping", "payment", "review")


def _blocked(req: Request, step: str) -> Response | None:
    """Where to send a shopper who skipped ahead, or None when `step` may be shown."""
    s = req.session
    if not s["cart"]:
        return redirect("/cart")
    if req.app.rough and not s["account"]:
        return redirect("/checkout")
    for earlier in STEPS[: STEPS.index(step)]:
        if earlier not in s["checkout"]:
            return redirect(f"/checkout/{earlier}")
    return None


def _summary(req: Request, *, at_review: bool) -> dict:
    s = req.session
    return summary(s["cart"], req.app.variant, s["checkout"], at_review=at_review)


@routes.get("/checkout")
def start(req: Request) -> Response:
    """Smooth: guest checkout. Rough: no way in without creating an account first."""
    if not req.session["cart"]:
        return redirect("/cart")
    if req.app.rough and not req.session["account"]:
        return redirect("/account/register?next=/checkout/details")
    return redirect("/checkout/details")


def show_step(req: Request, step: str) -> Response:
    if blocked := _blocked(req, step):
        return blocked
    suggested = {}
    if step == "details" and not req.app.rough:
        suggested = {"country": req.app.copy["country"], "email": req.session["account"] or ""}
    context = form_context(req, step, suggested, req.session["checkout"].get(step, {}))
    return req.render("checkout_step.html", step=step, steps=STEPS,
                      summary=_summary(req, at_review=False), **context)


def save_step(req: Request, step: str) -> Response:
    if blocked := _blocked(req, step):
        return blocked
    values = submit(req, step)
    if values is None:
        return redirect(f"/checkout/{step}")
    if step == "payment":  # keep no card data beyond what the review page shows
        digits = "".join(ch for ch in values["card_number"] if ch.isdigit())
        values = {"card_last4": digits[-4:]}
    req.session["checkout"][step] = values
    return redirect(f"/checkout/{STEPS[STEPS.index(step) + 1]}")


for _step in STEPS[:-1]:
    routes.add("GET", f"/checkout/{_step}", partial(show_step, step=_step))
    routes.add("POST", f"/checkout/{_step}", partial(save_step, step=_step))


@routes.get("/checkout/review")
def review(req: Request) -> Response:
    if blocked := _blocked(req, "review"):
        return blocked
    saved = req.session["checkout"]
    return req.render("review.html", summary=_summary(req, at_review=True), steps=STEPS,
                      details=saved["details"], card_last4=saved["payment"]["card_last4"])


@routes.post("/checkout/place")
def place(req: Request) -> Response:
    if blocked := _blocked(req, "review"):
        return blocked
    s = req.session
    number = 10000 + req.app.count("orders_placed")
    s["order"] = {"number": f"LL-{number}", "email": s["checkout"]["details"]["email"]}
    s["cart"], s["checkout"] = {}, {}
    return redirect("/checkout/confirmation")


@routes.get("/checkout/confirmation")
def confirmation(req: Request) -> Response:
    order = req.session["order"]
    return req.render("confirmation.html", order=order) if order else redirect("/")
