"""Products, prices and order totals: the numbers every page of the shop agrees on."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    slug: str
    price: int  # minor units (pence or cents): the same figures in GBP and EUR
    featured: bool = False


PRODUCTS = (
    Product("stoneware-mug", 1400, featured=True),
    Product("linen-tea-towel", 950, featured=True),
    Product("beeswax-candle", 1800, featured=True),
    Product("enamel-coffee-pot", 2400, featured=True),
    Product("oak-serving-board", 3200),
    Product("merino-throw", 6800),
)
BY_SLUG = {p.slug: p for p in PRODUCTS}


@dataclass(frozen=True)
class Pricing:
    """What a variant charges on top of the goods; the rough shop hides most of it until late."""

    shipping: dict[str, int]
    protection: int = 0
    service_fee: int = 0


PRICING = {
    "smooth": Pricing({"standard": 395, "express": 795}),
    "rough": Pricing({"standard": 495, "express": 995}, protection=499, service_fee=295),
}


def money(cents: int, lang: str) -> str:
    """Format like the language's shoppers expect: £1,234.00, 1 234,00 € (fr), 1.234,00 € (de)."""
    units, rest = divmod(cents, 100)
    if lang == "en":
        return f"£{units:,}.{rest:02d}"
    group, space = ("\u202f", "\u202f") if lang == "fr" else (".", " ")
    return f"{units:,}".replace(",", group) + f",{rest:02d}{space}€"


def summary(cart: dict[str, int], variant: str, checkout: dict, *, at_review: bool) -> dict:
    """Lines and totals as the shop chooses to show them; None means 'not shown on this page'."""
    pricing = PRICING[variant]
    lines = [
        {"slug": slug, "qty": qty, "amount": BY_SLUG[slug].price * qty}
        for slug, qty in cart.items()
    ]
    subtotal = sum(line["amount"] for line in lines)
    shipping = checkout.get("shipping", {})
    method = shipping.get("shipping", "standard")
    result = {"lines": lines, "subtotal": subtotal, "method": method,
              "shipping": None, "protection": None, "fee": None, "total": None}
    if variant == "rough" and not at_review:
        return result
    result["shipping"] = pricing.shipping[method]
    if shipping.get("protection") == "yes":
        result["protection"] = pricing.protection
    if at_review and pricing.service_fee:
        result["fee"] = pricing.service_fee
    result["total"] = subtotal + sum(
        result[key] or 0 for key in ("shipping", "protection", "fee")
    )
    return result
