"""Pieces every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError


def show_on_form(
    form: forms.Form, exc: ValidationError, *, aliases: dict[str, str] | None = None
) -> None:
    """Put a domain function's ValidationError on the form: on the field it names
    (renamed through `aliases` where the form calls it otherwise) when the form has
    that field, else at the top of the error summary."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        name = (aliases or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)
