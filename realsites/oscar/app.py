"""django-oscar, a server-rendered shop, set up as its sandbox: catalogue, basket, guest
checkout over several pages, Django's full language list under /<lang>/. Orders are counted."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bed import count, run

SITE = Path(__file__).resolve().parent / "site"
REQUIREMENTS = ["Django>=5.2,<5.3", "django-oscar==4.2.1", "sorl-thumbnail>=12.10,<13",
                "Whoosh>=2.7,<2.8"]
# the tool's language -> the start path of the shop in that language (Oscar ships them all)
LANGS = {"en": "/en-gb/", "fr": "/fr/", "de": "/de/", "it": "/it/", "es": "/es/", "nl": "/nl/",
         "id": "/id/", "zh": "/zh-hans/"}
LOCALES = {"en": "en-GB", "fr": "fr-FR", "de": "de-DE", "it": "it-IT", "es": "es-ES",
           "nl": "nl-NL", "id": "id-ID", "zh": "zh-CN"}
PROBE = "/en-gb/"
CONTROL = "checkout"  # flows/checkout.toml with --allow-irreversible must place one order


def _env(data: Path) -> dict:
    return {"REALSITE_DATA": str(data), "DJANGO_SETTINGS_MODULE": "settings",
            "PYTHONDONTWRITEBYTECODE": "1"}


def seed(py: Path, data: Path, log: Path) -> None:
    """Migrate; products, countries, a contact page (site/seed.py); the search index."""
    (data / "mail").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **_env(data)}
    run([str(py), str(SITE / "manage.py"), "migrate", "--noinput", "-v0"], log, env)
    run([str(py), str(SITE / "seed.py")], log, env)
    run([str(py), str(SITE / "manage.py"), "update_index", "-v0"], log, env)


def command(py: Path, data: Path, port: int):
    return ([str(py), str(SITE / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload",
             "--insecure", "--nothreading"], _env(data), SITE)


def counts(data: Path) -> dict[str, int]:
    """Orders placed and accounts created (registration is open)."""
    db = data / "db.sqlite3"
    return {"orders": count(db, "order_order"), "accounts": count(db, "auth_user"),
            "mails": len(list((data / "mail").glob("*")))}
