"""Forms that parse the workspace's POSTs into typed values.

They check shape only (integers, lengths); every rule lives in reviews/workflow/, whose errors
carry the messages people see. A VerbForm's fields are named after one workflow verb's keyword
arguments, which ``arguments`` returns, so a view passes them on without listing them.
"""

from __future__ import annotations

from typing import Any

from django import forms

from newsdesk import formerrors
from reviews.models import Side
from reviews.workflow import InvalidInput, Selection


def first_error(form: forms.Form) -> str:
    """One readable message from a form's errors."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = str(errors[0])
        # Length errors name their field already (newsdesk.formerrors).
        return f"{label}: {text}" if label and not text.startswith(f"{label}:") else text
    return "The form is not valid."


class VerbForm(formerrors.Form):
    """A form whose fields are named after a workflow verb's keyword arguments.

    Optional fields in `blank_is_none` mean "not given" when left empty and come out as None.
    """

    blank_is_none: tuple[str, ...] = ()

    def arguments(self) -> dict[str, Any]:
        """The verb's keyword arguments, from the cleaned data."""
        d = dict(self.cleaned_data)
        for name in self.blank_is_none:
            d[name] = d[name] or None
        return d


class SelectionForm(VerbForm):
    """A browser selection: UTF-16 offsets into the body plus the quote and its context."""

    SELECTION_FIELDS = ("start", "end", "quote", "prefix", "suffix")

    start = forms.IntegerField(min_value=0, label="Selection start")
    end = forms.IntegerField(min_value=0, label="Selection end")
    quote = forms.CharField(strip=False, max_length=20000, label="Selected text")
    # A field, not BaseForm.prefix: the form metaclass takes declared fields out of the class.
    prefix = forms.CharField(strip=False, required=False, max_length=200)  # type: ignore[assignment]
    suffix = forms.CharField(strip=False, required=False, max_length=200)

    def selection(self) -> Selection:
        """The cleaned selection."""
        d = self.cleaned_data
        return Selection(d["start"], d["end"], d["quote"], d["prefix"], d["suffix"])

    def arguments(self) -> dict[str, Any]:
        """The other fields, and the offsets and quote as one ``selection``."""
        d = {k: v for k, v in super().arguments().items() if k not in self.SELECTION_FIELDS}
        return {**d, "selection": self.selection()}


class ClaimCreateForm(SelectionForm):
    # The column the selection was made in; a post without it means the rewrite.
    side = forms.CharField(required=False, max_length=10)

    def arguments(self) -> dict[str, Any]:
        d = super().arguments()
        return {**d, "side": d["side"] or Side.REWRITE}


class HighlightCreateForm(SelectionForm):
    side = forms.CharField(max_length=10)
    category = forms.CharField(max_length=20)
    severity = forms.CharField(max_length=10)
    note = forms.CharField(required=False, max_length=20000)


class HighlightStatusForm(VerbForm):
    blank_is_none = ("expected",)

    action = forms.CharField(max_length=10)
    expected = forms.CharField(required=False, max_length=10)
    reason = forms.CharField(required=False, max_length=20000)


class HighlightEditForm(VerbForm):
    blank_is_none = ("category", "severity")

    category = forms.CharField(required=False, max_length=20)
    severity = forms.CharField(required=False, max_length=10)


class VerdictForm(VerbForm):
    verdict = forms.CharField(max_length=10)
    expected = forms.CharField(required=False, max_length=10)
    note = forms.CharField(required=False, max_length=20000)
    evidence_url = forms.CharField(required=False, max_length=500)
    evidence_start = forms.IntegerField(required=False, min_value=0)
    evidence_end = forms.IntegerField(required=False, min_value=0)
    evidence_quote = forms.CharField(required=False, strip=False, max_length=20000)
    evidence_prefix = forms.CharField(required=False, strip=False, max_length=200)
    evidence_suffix = forms.CharField(required=False, strip=False, max_length=200)
    # "Verify with this passage": the evidence is the claim's supporting passage, which the view
    # reads from the claim (offsets from the page are not needed, nor trusted).
    evidence_support = forms.BooleanField(required=False)

    def evidence(self) -> Selection | None:
        """The picked source passage, if one was picked."""
        d = self.cleaned_data
        if d["evidence_start"] is None or d["evidence_end"] is None or not d["evidence_quote"]:
            return None
        return Selection(
            d["evidence_start"],
            d["evidence_end"],
            d["evidence_quote"],
            d["evidence_prefix"],
            d["evidence_suffix"],
        )

    def arguments(self) -> dict[str, Any]:
        """`set_verdict`'s arguments: the picked passage as ``evidence``, unless the claim's own
        supporting passage is to be used (``use_support``)."""
        d = self.cleaned_data
        return {
            "verdict": d["verdict"],
            "note": d["note"],
            "evidence_url": d["evidence_url"],
            "evidence": None if d["evidence_support"] else self.evidence(),
            "use_support": d["evidence_support"],
            "expected": d["expected"] or None,
        }


class CommentForm(formerrors.Form):
    body = forms.CharField(required=False, strip=False, max_length=20000)
    highlight = forms.IntegerField(required=False, min_value=1)
    claim = forms.IntegerField(required=False, min_value=1)
    parent = forms.IntegerField(required=False, min_value=1)


class CommentEditForm(formerrors.Form):
    body = forms.CharField(required=False, strip=False, max_length=20000)
    # The comment's version when the form was opened (Comment.version).
    version = forms.CharField(required=False, max_length=40)


class CommentResolveForm(VerbForm):
    resolved = forms.BooleanField(required=False)


class SignOffForm(VerbForm):
    blank_is_none = ("expected_sha256",)

    role = forms.CharField(max_length=10)
    statement = forms.CharField(required=False, max_length=20000)
    expected_sha256 = forms.CharField(required=False, max_length=64)
    override_reason = forms.CharField(required=False, max_length=20000)


class RequestChangesForm(VerbForm):
    note = forms.CharField(required=False, max_length=20000)


def cleaned(form: forms.Form) -> dict:
    """The form's cleaned data; raises InvalidInput with its first error if it is not valid, so
    that a view answers a malformed post as it answers any input the workflow refuses."""
    if not form.is_valid():
        raise InvalidInput(first_error(form))
    return form.cleaned_data


def arguments(form: VerbForm) -> dict[str, Any]:
    """The keyword arguments of the form's workflow verb; raises InvalidInput as `cleaned` does."""
    cleaned(form)
    return form.arguments()
