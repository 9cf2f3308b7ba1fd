"""Browsing pages: home, catalogue, cart, contact, legal pages, and the cookie and newsletter
endpoints that scripts call."""

from .catalogue import BY_SLUG, PRODUCTS, summary
from .sessions import flash, take_flash
from .views import form_context, not_found, submit
from .web import Request, Response, Router, redirect

routes = Router()


@routes.get("/")
def home(req: Request) -> Response:
    """The rough shop greets each new session with a newsletter pop-up."""
    popup = req.app.rough and not req.session["popup_seen"]
    req.session["popup_seen"] = True
    featured = [p for p in PRODUCTS if p.featured]
    return req.render("home.html", popup=popup, featured=featured,
                      subscribed=bool(take_flash(req.session, "home")))


@routes.get("/products")
def products(req: Request) -> Response:
    return req.render("products.html")


@routes.get("/product/<slug>")
def product(req: Request) -> Response:
    item = BY_SLUG.get(req.params["slug"])
    return req.render("product.html", product=item) if item else not_found(req)


@routes.post("/cart/add")
def cart_add(req: Request) -> Response:
    slug = req.form.get("product", "")
    if slug not in BY_SLUG:
        return redirect("/products")
    cart = req.session["cart"]
    cart[slug] = cart.get(slug, 0) + 1
    return redirect("/cart")


@routes.post("/cart/remove")
def cart_remove(req: Request) -> Response:
    req.session["cart"].pop(req.form.get("product", ""), None)
    return redirect("/cart")


@routes.get("/cart")
def cart(req: Request) -> Response:
    s = req.session
    return req.render("cart.html",
                      summary=summary(s["cart"], req.app.variant, s["checkout"], at_review=False))


@routes.get("/contact")
def contact(req: Request) -> Response:
    return req.render("contact.html", **form_context(req, "contact"))


@routes.post("/contact")
def contact_send(req: Request) -> Response:
    if submit(req, "contact") is not None:
        flash(req.session, "contact", notice="sent")
    return redirect("/contact")


@routes.get("/privacy")
def privacy(req: Request) -> Response:
    return req.render("text_page.html", page=req.app.copy["privacy"])


@routes.get("/terms")
def terms(req: Request) -> Response:
    return req.render("text_page.html", page=req.app.copy["terms"])


@routes.post("/cookies")
def cookies(req: Request) -> Response:
    """Record the banner's choice; the page's script already set the cookie and hid the banner."""
    choice = req.form.get("choice")
    if choice in ("accepted", "rejected"):
        req.session["consent"] = choice
    return Response(204)


@routes.post("/newsletter")
def newsletter(req: Request) -> Response:
    if "@" in req.form.get("newsletter_email", ""):
        flash(req.session, "home", notice="subscribed")
    return redirect("/")
