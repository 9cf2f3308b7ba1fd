"""Basic auth and the login wall: what an audit of a protected staging site meets."""

from base64 import b64encode

from demo_client import Client


def test_basic_auth_guards_everything_but_stats(start_shop):
    shop = start_shop(basic_auth=("staging", "s3cret"))
    anonymous = Client(shop)
    reply = anonymous.get("/")
    assert reply.status == 401 and reply.headers["WWW-Authenticate"].startswith("Basic ")
    assert anonymous.get("/static/shop.css").status == 401
    assert Client(shop, {"Authorization": "Basic " + b64encode(b"staging:wrong").decode()}).get(
        "/").status == 401
    assert anonymous.get("/__stats").status == 200
    token = "Basic " + b64encode(b"staging:s3cret").decode()
    assert Client(shop, {"Authorization": token}).get("/").status == 200


def test_login_wall_redirects_until_signed_in(start_shop):
    shop = start_shop("rough", login_wall=("tester@example.com", "letmein-123"))
    client = Client(shop)
    reply = client.get("/cart?x=1", follow=False)
    assert reply.status == 303 and reply.headers["Location"] == "/account/login?next=/cart%3Fx%3D1"
    assert client.get("/static/shop.css").status == 200
    assert client.get("/__stats").status == 200
    assert client.get("/account/login").status == 200
    assert client.post("/account/login", {"email": "tester@example.com",
                                          "password": "wrong-pass"}).path.startswith(
        "/account/login")
    reply = client.post("/account/login", {"email": "tester@example.com",
                                           "password": "letmein-123", "next": "/cart"})
    assert reply.redirects == ["/cart"] and reply.status == 200
    assert client.get("/").status == 200
