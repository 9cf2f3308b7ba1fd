"""Helpers every page module uses to show and accept a form the same way."""

from .forms import echo, initial, sections, validate
from .sessions import flash, take_flash
from .web import Request, Response


def form_context(req: Request, form: str, *suggested: dict) -> dict:
    """Template context for a form: values typed before an error, else defaults and suggestions."""
    fields = req.app.form_fields(form)
    flashed = take_flash(req.session, form)
    values = flashed["values"] if "values" in flashed else initial(fields, *suggested)
    return {
        "form": form,
        "page": req.app.copy["pages"][form],
        "sections": sections(fields),
        "values": values,
        "errors": flashed.get("errors", {}),
        "notice": flashed.get("notice"),
    }


def submit(req: Request, form: str) -> dict[str, str] | None:
    """The clean values of a valid submission; else None, with the errors left for the next GET."""
    fields = req.app.form_fields(form)
    values, bad = validate(fields, req.form)
    if not bad:
        return values
    errors = {f.name: f.text for f in fields if f.name in bad}  # field -> message key
    flash(req.session, form, values=echo(fields, values), errors=errors)
    return None


def not_found(req: Request) -> Response:
    return req.render("notfound.html", 404)
