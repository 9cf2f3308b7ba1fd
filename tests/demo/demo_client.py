"""HTTP test helpers for the demo shop: a cookie-keeping client and valid form data."""

from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from frictionaudit.demo import DemoShop

PRODUCT = "enamel-coffee-pot"  # £24.00
EMAIL = "alex.doe@example.com"
PASSWORD = "correct-horse-42"
PERSON = {"title": "mx", "first_name": "Alex", "last_name": "Doe", "email": EMAIL,
          "email_confirm": EMAIL, "phone": "07700 900123", "dob_day": "07", "dob_month": "03",
          "dob_year": "1990"}
ADDRESS = {"address1": "1 High Street", "city": "Bristol", "postcode": "BS1 4XY", "country": "GB"}
FORMS = {
    "smooth": {
        "register": {"email": EMAIL, "password": PASSWORD},
        "details": {"email": EMAIL, "name": "Alex Doe", **ADDRESS},
        "shipping": {"shipping": "standard"},
        "payment": {"card_number": "4242 4242 4242 4242", "card_expiry": "12/30",
                    "card_cvc": "123"},
    },
    "rough": {
        "register": {**PERSON, "username": "alexdoe", "password": PASSWORD,
                     "password_confirm": PASSWORD, "gender": "undisclosed", "marketing": "yes",
                     "terms": "yes", "captcha": "K7WQ3"},
        "details": {**PERSON, **ADDRESS},
        "shipping": {"shipping": "standard", "protection": "yes"},
        "payment": {"card_holder": "Alex Doe", "card_number": "4242424242424242",
                    "card_exp_month": "12", "card_exp_year": "2030", "card_cvc": "123",
                    "marketing_partners": "yes"},
    },
}


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the client follows redirects itself, to record them


@dataclass
class Reply:
    status: int
    path: str
    body: str
    headers: dict
    redirects: list[str] = field(default_factory=list)


class Client:
    """One browser-like session: keeps cookies, follows redirects unless told not to."""

    def __init__(self, shop: DemoShop, headers: dict | None = None) -> None:
        self.base = shop.url
        self.headers = headers or {}
        self._opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirect)

    def get(self, path: str, *, follow: bool = True) -> Reply:
        return self._go(path, None, follow)

    def post(self, path: str, data: dict, *, follow: bool = True) -> Reply:
        return self._go(path, urlencode(data).encode(), follow)

    def _go(self, path: str, body: bytes | None, follow: bool) -> Reply:
        redirects = []
        while True:
            reply = self._send(path, body)
            if not follow or reply.status not in (301, 302, 303, 307, 308):
                reply.redirects = redirects
                return reply
            path, body = reply.headers["Location"], None
            redirects.append(path)

    def _send(self, path: str, body: bytes | None) -> Reply:
        request = Request(self.base + path, data=body, headers=self.headers)
        try:
            with self._opener.open(request, timeout=10) as response:
                status, headers, text = response.status, response.headers, response.read()
        except HTTPError as error:
            status, headers, text = error.code, error.headers, error.read()
        return Reply(status, path, text.decode(), dict(headers))

    def checkout(self, variant: str) -> dict[str, Reply]:
        """Buy PRODUCT through every step with valid data; the reply of each page, by step."""
        pages = self.prepare_order(variant)
        pages["confirmation"] = self.post("/checkout/place", {})
        return pages

    def prepare_order(self, variant: str) -> dict[str, Reply]:
        """Every checkout step up to the review page, with valid data."""
        forms = FORMS[variant]
        pages = {"cart": self.post("/cart/add", {"product": PRODUCT})}
        pages["start"] = self.get("/checkout")
        if variant == "rough":
            pages["register"] = self.post("/account/register",
                                          {**forms["register"], "next": "/checkout/details"})
        for step, after in (("details", "shipping"), ("shipping", "payment"),
                            ("payment", "review")):
            pages[after] = self.post(f"/checkout/{step}", forms[step])
        return pages
