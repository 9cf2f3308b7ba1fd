"""Seed the shop non-interactively: a partner, a category, six books in stock with prices,
shipping countries, a contact page per language. Run by app.py with DJANGO_SETTINGS_MODULE."""

import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django

django.setup()

from django.contrib.flatpages.models import FlatPage  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402
from oscar.apps.address.models import Country  # noqa: E402
from oscar.apps.catalogue.categories import create_from_breadcrumbs  # noqa: E402
from oscar.apps.catalogue.models import Product, ProductCategory, ProductClass  # noqa: E402
from oscar.apps.partner.models import Partner, StockRecord  # noqa: E402
from shopwords import CONTACT  # noqa: E402

BOOKS = [("The Pocket Fern", "12.50"), ("Letters from the Lighthouse", "18.00"),
         ("A Field Guide to Teapots", "9.99"), ("Quiet Rivers", "15.00"),
         ("The Clockmaker's Garden", "21.00"), ("Maps of Small Towns", "11.25")]
COUNTRIES = [("GB", "United Kingdom"), ("FR", "France"), ("DE", "Germany"), ("IT", "Italy"),
             ("ES", "Spain"), ("NL", "Netherlands"), ("ID", "Indonesia"), ("CN", "China"),
             ("US", "United States")]
CONTACT_PAGE = ("<p>Realsites Books, 2 Example Street, London SW1A 2AA</p>"
                '<p><a href="mailto:shop@example.com">shop@example.com</a> · '
                '<a href="tel:+442079460456">+44 20 7946 0456</a></p>')

Site.objects.update_or_create(id=1, defaults={"domain": "127.0.0.1", "name": "Realsites Books"})
for code, name in COUNTRIES:
    Country.objects.update_or_create(
        iso_3166_1_a2=code, defaults={"name": name, "printable_name": name,
                                      "is_shipping_country": True})
books = ProductClass.objects.get_or_create(name="Book", defaults={"requires_shipping": True,
                                                                  "track_stock": True})[0]
category = create_from_breadcrumbs("Books")
partner = Partner.objects.get_or_create(name="Realsites Books")[0]
for n, (title, price) in enumerate(BOOKS, 1):
    product = Product.objects.create(title=title, upc=f"RS-{n:04d}", product_class=books,
                                     structure="standalone", is_public=True,
                                     description=f"<p>{title}: a book for the test bed.</p>")
    ProductCategory.objects.create(product=product, category=category)
    StockRecord.objects.create(product=product, partner=partner, partner_sku=f"RS-{n:04d}",
                               price_currency="EUR", price=Decimal(price), num_in_stock=100)
site = Site.objects.get(id=1)
for lang, words in CONTACT.items():
    page = FlatPage.objects.create(url=f"/{lang}/contact/", title=words, content=CONTACT_PAGE)
    page.sites.add(site)
