"""The synthetic customer: reserved data per locale (example.com mail, fictional phone ranges,
documented test card numbers), so an audit never types anything real into a site."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from frictionaudit.errors import UsageError

PERSONA_DIR = Path(__file__).resolve().parent / "personas"
_PLACEHOLDER = re.compile(r"\{persona\.([a-z0-9_.]+)\}")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BirthDate(_Data):
    day: str
    month: str
    year: str


class Address(_Data):
    line1: str
    line2: str
    city: str
    region: str
    postcode: str
    country: str


class Card(_Data):
    number: str
    expiry: str
    exp_month: str
    exp_year: str
    cvc: str
    holder: str


class Login(_Data):
    """Credentials for a site's login flow: from the environment or an auth file only."""

    user: str
    password: str


class Persona(_Data):
    locale: str
    given_name: str
    family_name: str
    name: str
    username: str
    email: str
    password: str
    phone: str
    title: str
    gender: str
    birth_date: BirthDate
    company: str
    address: Address
    card: Card
    login: Login | None = None

    @classmethod
    def check_path(cls, path: str) -> None:
        """A clear error for a placeholder that names no value, before anything runs."""
        model: type[BaseModel] | None = cls
        for part in path.split("."):
            if model is None or part not in model.model_fields:
                raise UsageError(f"unknown persona placeholder {{persona.{path}}}")
            annotation = model.model_fields[part].annotation
            model = next((a for a in (annotation, *getattr(annotation, "__args__", ()))
                          if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is not None:
            raise UsageError(f"{{persona.{path}}} is a group, name one of its values")

    def value(self, path: str) -> str:
        """`address.postcode` -> the value."""
        self.check_path(path)
        node: object = self
        for part in path.split("."):
            if node is None:
                raise UsageError(f"{{persona.{path}}} is not set: login credentials come from "
                                 "FRICTIONAUDIT_LOGIN_USER/PASSWORD or the auth file")
            node = getattr(node, part)
        return str(node)

    def expand(self, text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self.value(m.group(1)), text)

    def secrets(self) -> list[str]:
        """Values that must never appear in a report, a snapshot or a log. A short code (the
        CVC) is not among them: "123" also occurs in phone numbers and prices, and its field's
        value is stripped from snapshots and masked in screenshots like every card field."""
        login = [self.login.password] if self.login else []
        return [self.password, self.card.number, *login]


def for_journey(persona: Persona, kind: str) -> Persona:
    """The persona as one journey uses it: a checkout has its own address by plus-addressing
    (alex.taylor+checkout@example.com), so a signup earlier in the same audit has not taken it
    (a shop would refuse the guest: "a user with that email address already exists")."""
    local, at, domain = persona.email.partition("@")
    if kind != "checkout" or not at or "+" in local:
        return persona
    return persona.model_copy(update={"email": f"{local}+{kind}@{domain}"})


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


@cache
def load_persona(lang: str = "en") -> Persona:
    code = (lang or "en").split("-")[0].lower()
    path = PERSONA_DIR / f"{code}.toml"
    if not path.exists():
        path = PERSONA_DIR / "en.toml"
    return Persona.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
