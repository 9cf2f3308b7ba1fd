"""Every form of the shop as data: the templates draw it, the views validate it.

The two variants differ here in what they ask and how (labels, types, autocomplete, pre-ticked
boxes); the copy files say it in words.
"""

import re
from dataclasses import dataclass
from datetime import date
from itertools import groupby

CAPTCHA_CODE = "K7WQ3"  # shown distorted; any non-empty answer passes, so scripted flows work

_THIS_YEAR = date.today().year
OPTION_VALUES = {
    "title": ("mr", "mrs", "ms", "mx", "dr"),
    "gender": ("female", "male", "other", "undisclosed"),
    "country": ("GB", "IE", "FR", "BE", "LU", "CH", "DE", "AT", "NL", "ES", "IT", "PT", "DK",
                "SE", "US"),
    "shipping": ("standard", "express"),
    "month": tuple(f"{m:02d}" for m in range(1, 13)),
    "year": tuple(str(y) for y in range(_THIS_YEAR, _THIS_YEAR + 16)),
}

_PATTERNS = {
    "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
    "card": r"\d{12,19}",
    "expiry": r"(0[1-9]|1[0-2]) ?/ ?\d{2}",
    "cvc": r"\d{3,4}",
    "digits": r"\d{1,4}",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # an <input> type, or select | radio | checkbox | textarea
    required: bool = True
    autocomplete: str | None = None
    labelled: bool = True  # False: the label text appears only as a placeholder
    check: str | None = None  # a _PATTERNS key, "password", or "same:<other field>"
    options: str | None = None  # an OPTION_VALUES key, for select and radio
    prompt: bool = True  # a select starts on an empty "please select" option
    default: str = ""
    group: str | None = None  # consecutive fields of one group share a fieldset
    addon: str | None = None  # "captcha" or "reveal" (show-password toggle)
    secret: bool = False  # never echoed back into a page
    attrs: tuple[tuple[str, str], ...] = ()
    copy: str = ""  # copy key, when it is not the field name

    @property
    def text(self) -> str:
        return self.copy or self.name

    @property
    def hidden_value(self) -> bool:
        return self.secret or self.kind == "password"


_NUMERIC = (("inputmode", "numeric"),)
_NO_PASTE = (("onpaste", "return false"),)


def _optin(name: str, *, ticked: bool) -> Field:
    return Field(name, "checkbox", required=False, default="yes" if ticked else "")


_SHIPPING = Field("shipping", "radio", options="shipping", default="standard")
PHONE = Field("phone", "tel", autocomplete="tel", copy="courier_phone")

_ROUGH_PERSON = (
    Field("title", "select", options="title"),
    Field("first_name", labelled=False),
    Field("last_name", labelled=False),
)
_ROUGH_EMAIL = (
    Field("email", check="email"),
    Field("email_confirm", labelled=False, check="same:email"),
)
_ROUGH_SENSITIVE = (
    Field("phone"),
    *(Field(f"dob_{part}", labelled=False, check="digits", group="dob")
      for part in ("day", "month", "year")),
)
_ROUGH_PASSWORDS = tuple(
    Field(name, "password", autocomplete="off", check=check, attrs=_NO_PASTE)
    for name, check in (("password", "password"), ("password_confirm", "same:password"))
)

FORMS: dict[tuple[str, str], tuple[Field, ...]] = {
    ("register", "smooth"): (
        Field("email", "email", autocomplete="email", check="email"),
        Field("password", "password", autocomplete="new-password", check="password",
              addon="reveal", copy="new_password"),
        _optin("newsletter", ticked=False),
    ),
    ("register", "rough"): (
        *_ROUGH_PERSON,
        Field("username"),
        *_ROUGH_EMAIL,
        *_ROUGH_PASSWORDS,
        *_ROUGH_SENSITIVE,
        Field("gender", "select", options="gender"),
        _optin("marketing", ticked=True),
        Field("terms", "checkbox"),
        Field("captcha", addon="captcha"),
    ),
    ("details", "smooth"): (
        Field("email", "email", autocomplete="email", check="email"),
        Field("name", autocomplete="name"),
        Field("address1", autocomplete="address-line1"),
        Field("postcode", autocomplete="postal-code"),
        Field("city", autocomplete="address-level2"),
        Field("country", "select", autocomplete="country", options="country", prompt=False),
    ),
    ("details", "rough"): (
        *_ROUGH_PERSON,
        *_ROUGH_EMAIL,
        *_ROUGH_SENSITIVE,
        Field("company", required=False),
        Field("address1"),
        Field("address2", required=False, labelled=False),
        Field("city"),
        Field("region", required=False, labelled=False),
        Field("postcode"),
        Field("country", "select", options="country"),
    ),
    ("shipping", "smooth"): (_SHIPPING,),
    ("shipping", "rough"): (_SHIPPING, _optin("protection", ticked=True)),
    ("payment", "smooth"): (
        Field("card_number", autocomplete="cc-number", check="card", attrs=_NUMERIC),
        Field("card_expiry", autocomplete="cc-exp", check="expiry"),
        Field("card_cvc", autocomplete="cc-csc", check="cvc", secret=True, attrs=_NUMERIC),
    ),
    ("payment", "rough"): (
        Field("card_holder"),
        Field("card_number", check="card"),
        Field("card_exp_month", "select", options="month"),
        Field("card_exp_year", "select", options="year"),
        Field("card_cvc", check="cvc", secret=True),
        _optin("marketing_partners", ticked=True),
    ),
}
SHARED_FORMS = {
    "login": (
        Field("email", "email", autocomplete="email", check="email"),
        Field("password", "password", autocomplete="current-password"),
    ),
    "contact": (
        Field("name", autocomplete="name"),
        Field("email", "email", autocomplete="email", check="email"),
        Field("message", "textarea"),
    ),
}


def form_fields(form: str, variant: str) -> tuple[Field, ...]:
    return SHARED_FORMS.get(form) or FORMS[form, variant]


def sections(fields: tuple[Field, ...]) -> list[tuple[str | None, list[Field]]]:
    """Consecutive fields of one group, for the template to wrap in a fieldset."""
    return [(group, list(members)) for group, members in groupby(fields, lambda f: f.group)]


def initial(fields: tuple[Field, ...], *sources: dict) -> dict[str, str]:
    """What a form shows before anything is typed: defaults, then saved or suggested values."""
    values = {f.name: f.default for f in fields if f.default}
    for source in sources:
        values.update(source)
    return values


def validate(fields: tuple[Field, ...], data: dict[str, str]) -> tuple[dict[str, str], set[str]]:
    """Server-side check of one submitted form: the cleaned values and the names that failed."""
    values = {f.name: data.get(f.name, "").strip() for f in fields}
    return values, {f.name for f in fields if not _valid(f, values)}


def echo(fields: tuple[Field, ...], values: dict[str, str]) -> dict[str, str]:
    """The values a re-rendered form may show again: never passwords or security codes."""
    keep = {f.name for f in fields if not f.hidden_value}
    return {name: value for name, value in values.items() if name in keep}


def _valid(field: Field, values: dict[str, str]) -> bool:
    value = values[field.name]
    if not value:
        return not field.required
    if field.kind == "checkbox":
        return value == "yes"
    if field.options and value not in OPTION_VALUES[field.options]:
        return False
    check = field.check or ""
    if check == "password":
        return len(value) >= 8
    if check.startswith("same:"):
        return value == values[check.removeprefix("same:")]
    if check == "card":
        value = re.sub(r"[\s-]", "", value)
    return check not in _PATTERNS or re.fullmatch(_PATTERNS[check], value) is not None
