"""Checkout and signup over plain HTTP: state, step order, validation, money shown when."""

import re
from concurrent.futures import ThreadPoolExecutor

from demo_client import FORMS, PASSWORD, Client


def _stats(client: Client) -> dict:
    import json

    return json.loads(client.get("/__stats").body)


def test_smooth_checkout_places_exactly_one_order(start_shop):
    shop = start_shop("smooth")
    client = Client(shop)
    pages = client.checkout("smooth")
    assert pages["start"].redirects == ["/checkout/details"]  # guest checkout
    assert pages["confirmation"].redirects == ["/checkout/confirmation"]
    assert re.search(r'data-testid="order-number">LL-\d+<', pages["confirmation"].body)
    assert _stats(client) == shop.stats == {"orders_placed": 1, "signups": 0}
    assert client.post("/checkout/place", {}).redirects == ["/cart"]  # the cart is empty now
    assert shop.stats["orders_placed"] == 1


def test_rough_checkout_forces_an_account_then_goes_straight_on(start_shop):
    shop = start_shop("rough")
    client = Client(shop)
    pages = client.checkout("rough")
    assert pages["start"].redirects == ["/account/register?next=/checkout/details"]
    assert "You need an account to place an order." in pages["start"].body
    assert pages["register"].redirects == ["/checkout/details"]  # no verification gate here
    assert shop.stats == {"orders_placed": 1, "signups": 1}


def test_signup_outcome_by_variant(start_shop):
    smooth = Client(start_shop("smooth")).post("/account/register", FORMS["smooth"]["register"])
    assert smooth.redirects == ["/account/welcome"]
    assert "you can keep shopping" in smooth.body.lower()
    rough = Client(start_shop("rough")).post("/account/register", FORMS["rough"]["register"])
    assert rough.redirects == ["/account/verify"]
    assert "You must confirm your email address before you can continue" in rough.body


def test_money_shown_up_front_or_late(start_shop):
    smooth = Client(start_shop("smooth"))
    cart = smooth.post("/cart/add", {"product": "enamel-coffee-pot"}).body
    assert 'data-testid="order-total">£27.95<' in cart  # £24.00 + £3.95 standard delivery

    rough = Client(start_shop("rough", "fr"))
    pages = rough.checkout("rough")
    assert "order-total" not in pages["cart"].body
    assert "Frais de service" not in pages["cart"].body
    review = pages["review"].body
    assert "Frais de service" in review and "2,95\u202f€" in review
    assert "4,99\u202f€" in review  # the pre-ticked parcel protection
    assert 'data-testid="order-total">36,89\u202f€<' in review  # 24 + 4.95 + 4.99 + 2.95


def test_sessions_keep_separate_carts_in_parallel(start_shop):
    shop = start_shop()
    alice, bob = Client(shop), Client(shop)
    alice.get("/"), bob.get("/")  # get a session cookie each before racing

    def add(client, product):
        for _ in range(15):
            client.post("/cart/add", {"product": product}, follow=False)

    with ThreadPoolExecutor(4) as pool:
        jobs = [pool.submit(add, alice, "stoneware-mug"), pool.submit(add, bob, "beeswax-candle"),
                pool.submit(add, alice, "stoneware-mug"), pool.submit(add, bob, "beeswax-candle")]
        for job in jobs:
            job.result()
    alice_cart, bob_cart = alice.get("/cart").body, bob.get("/cart").body
    assert "Cart (30)" in alice_cart and "Stoneware mug" in alice_cart
    assert "Beeswax candle" not in alice_cart
    assert "Cart (30)" in bob_cart and "Stoneware mug" not in bob_cart


def test_skipping_a_step_redirects_back(start_shop):
    client = Client(start_shop())
    assert client.get("/checkout/details", follow=False).headers["Location"] == "/cart"
    client.post("/cart/add", {"product": "stoneware-mug"})
    assert client.get("/checkout/payment", follow=False).headers["Location"] == "/checkout/details"
    client.post("/checkout/details", FORMS["smooth"]["details"])
    assert client.get("/checkout/review", follow=False).headers["Location"] == "/checkout/shipping"
    assert client.post("/checkout/place", {}, follow=False).headers["Location"] == (
        "/checkout/shipping")
    assert client.get("/checkout/confirmation", follow=False).headers["Location"] == "/"

    rough = Client(start_shop("rough"))
    rough.post("/cart/add", {"product": "stoneware-mug"})
    assert rough.get("/checkout/details").redirects == [
        "/checkout", "/account/register?next=/checkout/details"]


def test_validation_rerenders_with_values_and_errors(start_shop):
    smooth = Client(start_shop("smooth"))
    smooth.post("/cart/add", {"product": "stoneware-mug"})
    reply = smooth.post("/checkout/details", {"email": "not-an-email", "name": "Alex Doe"})
    assert reply.redirects == ["/checkout/details"]  # post-redirect-get, even on errors
    body = reply.body
    assert re.search(r'<input type="email" id="f-email"[^>]*aria-invalid="true"[^>]*'
                     r'value="not-an-email"', body)
    assert re.search(r'id="f-name"(?![^>]*aria-invalid)[^>]*value="Alex Doe"', body)
    assert "Enter your email address, like name@example.com" in body
    assert 'aria-invalid="true"' not in smooth.get("/checkout/details").body  # shown once

    rough = Client(start_shop("rough"))
    body = rough.post("/account/register", {"email": "alex@example.com", "password": PASSWORD,
                                            "captcha": "x"}).body
    assert body.count('aria-invalid="true"') >= 10 and "Invalid input." in body
    assert 'value="alex@example.com"' in body and PASSWORD not in body  # passwords never echoed


def test_login_checks_the_password(start_shop):
    client = Client(start_shop())
    client.post("/account/register", FORMS["smooth"]["register"])
    client.post("/account/logout", {})
    wrong = client.post("/account/login", {"email": "alex.doe@example.com", "password": "nope1234"})
    assert "do not match an account" in wrong.body
    right = client.post("/account/login", {"email": "Alex.Doe@example.com", "password": PASSWORD})
    assert right.redirects == ["/account"] and "alex.doe@example.com" in right.body
