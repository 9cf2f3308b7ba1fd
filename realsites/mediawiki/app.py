"""MediaWiki 1.39 from Debian's packages, on SQLite, served by `php -S 127.0.0.1:PORT`:
Special:CreateAccount with a required e-mail (confirmation needed to edit, mail to files), an
optional real name, no captcha; the interface in nine languages through ?uselang=xx, Arabic
(right to left) among them.
Accounts are counted; it takes no orders."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bed import count, run

SITE = Path(__file__).resolve().parent / "site"
MW = Path("/usr/share/mediawiki")
REQUIREMENTS: list[str] = []  # nothing from PyPI
APT = ["mediawiki", "php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml"]
# the tool's language -> the wiki's main page in that language (the choice sticks: a cookie)
USELANG = {"en": "en", "fr": "fr", "de": "de", "it": "it", "es": "es", "nl": "nl", "id": "id",
           "zh": "zh-hans", "ar": "ar"}
LANGS = {lang: f"/index.php?title=Main_Page&uselang={code}" for lang, code in USELANG.items()}
LOCALES = {"en": "en-GB", "fr": "fr-FR", "de": "de-DE", "it": "it-IT", "es": "es-ES",
           "nl": "nl-NL", "id": "id-ID", "zh": "zh-CN", "ar": "ar-SA"}
PROBE = "/index.php?title=Main_Page"


def _env(data: Path) -> dict:
    return {"REALSITE_DATA": str(data), "MW_CONFIG_FILE": str(SITE / "LocalSettings.php")}


def seed(py: Path | None, data: Path, log: Path) -> None:
    """Create the wiki's SQLite databases with the installer (its LocalSettings.php is thrown
    away: site/LocalSettings.php is used) and build the nine languages' message cache."""
    (data / "mail").mkdir(parents=True, exist_ok=True)
    (data / "cache").mkdir(exist_ok=True)
    scratch = data / "installer"
    scratch.mkdir()
    env = {**os.environ, "REALSITE_DATA": str(data)}
    run(["php", str(MW / "maintenance" / "install.php"), "--dbtype=sqlite",
         f"--dbpath={data}", "--dbname=wiki", "--server=http://127.0.0.1", "--scriptpath=",
         "--lang=en", "--pass=Realsites-Admin-1!", f"--confpath={scratch}", "--skins=Vector",
         "Realsites Wiki", "Admin"], log, env)
    shutil.rmtree(scratch)
    (data / "wiki_l10n_cache.sqlite").unlink(missing_ok=True)  # messages go to cache/ instead
    run(["php", str(MW / "maintenance" / "rebuildLocalisationCache.php"),
         "--lang=" + ",".join(USELANG.values()), "--threads=1"], log, {**env, **_env(data)})


def command(py: Path | None, data: Path, port: int):
    return (["php", "-d", f"sendmail_path=/bin/sh {SITE / 'sendmail.sh'}",
             "-S", f"127.0.0.1:{port}", "-t", str(MW)],
            {**_env(data), "PHP_CLI_SERVER_WORKERS": "2"}, MW)


def counts(data: Path) -> dict[str, int]:
    """What journeys leave behind: accounts (the installer's Admin is one) and mails sent."""
    return {"orders": 0, "accounts": count(data / "wiki.sqlite", "user"),
            "mails": len(list((data / "mail").glob("*")))}
