"""Fixtures for the demo shop's tests."""

import pytest

from frictionaudit.demo import DemoShop


@pytest.fixture
def start_shop():
    """Start shops for one test and stop them after it."""
    shops = []

    def start(variant: str = "smooth", lang: str = "en", **options) -> DemoShop:
        shop = DemoShop(variant, lang, **options).start()
        shops.append(shop)
        return shop

    yield start
    for shop in shops:
        shop.stop()
