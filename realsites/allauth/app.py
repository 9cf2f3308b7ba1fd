"""django-allauth in a minimal Django project: signup with e-mail verification (mail to
files), nine languages (Arabic right to left) under /<lang>/. Accounts are counted; it takes
no orders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bed import count, run

SITE = Path(__file__).resolve().parent / "site"
REQUIREMENTS = ["Django>=5.2,<5.3", "django-allauth==65.22.1"]
# the tool's language -> the start path of the site in that language
LANGS = {"en": "/en/", "fr": "/fr/", "de": "/de/", "it": "/it/", "es": "/es/", "nl": "/nl/",
         "id": "/id/", "zh": "/zh-hans/", "ar": "/ar/"}
LOCALES = {"en": "en-GB", "fr": "fr-FR", "de": "de-DE", "it": "it-IT", "es": "es-ES",
           "nl": "nl-NL", "id": "id-ID", "zh": "zh-CN", "ar": "ar-SA"}
PROBE = "/en/"


def _env(data: Path) -> dict:
    return {"REALSITE_DATA": str(data), "DJANGO_SETTINGS_MODULE": "settings",
            "PYTHONDONTWRITEBYTECODE": "1"}


def seed(py: Path, data: Path, log: Path) -> None:
    """Create the database; registration is open by default (ACCOUNT_SIGNUP_FIELDS)."""
    (data / "mail").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **_env(data)}
    run([str(py), str(SITE / "manage.py"), "migrate", "--noinput", "-v0"], log, env)
    code = ("from django.contrib.sites.models import Site;"
            "Site.objects.update_or_create(id=1, defaults={'domain': '127.0.0.1',"
            " 'name': 'Realsites Club'})")
    run([str(py), str(SITE / "manage.py"), "shell", "-c", code], log, env)


def command(py: Path, data: Path, port: int):
    return ([str(py), str(SITE / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload",
             "--insecure", "--nothreading"], _env(data), SITE)


def counts(data: Path) -> dict[str, int]:
    """What journeys leave behind: accounts (a signup may create one) and mails sent."""
    return {"orders": 0, "accounts": count(data / "db.sqlite3", "auth_user"),
            "mails": len(list((data / "mail").glob("*")))}
