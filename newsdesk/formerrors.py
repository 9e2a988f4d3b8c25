"""Form error messages that say which field they are about, wherever they are shown.

Django's length message ("Ensure this value has at most 200 characters (it has 240).") reads
well beside its field on a page, but the workspace shows a form's first error alone, next to a
button or in the live region, and an API client or a log line shows it with no form at all:
there "this value" names nothing. Every form of ours mixes this in.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import pretty_name


class NamedLengthErrors:
    """Length errors that name their field: "Title: at most 200 characters (it has 240)."."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # The messages are %-formatted with the limit and the value's length.
            label = str(field.label or pretty_name(name)).replace("%", "%%")
            # Each form instance has its own deep copy of its fields and their messages.
            if getattr(field, "max_length", None) is not None:
                field.error_messages["max_length"] = (
                    f"{label}: at most %(limit_value)d characters (it has %(show_value)d)."
                )
            if getattr(field, "min_length", None) is not None:
                field.error_messages["min_length"] = (
                    f"{label}: at least %(limit_value)d characters (it has %(show_value)d)."
                )


class Form(NamedLengthErrors, forms.Form):
    """The base of every form here."""
