"""Forms that parse the workspace's POSTs into typed values.

They check shape only (integers, lengths); every rule lives in reviews/workflow.py, whose errors
carry the messages people see.
"""

from __future__ import annotations

from django import forms

from newsdesk import formerrors
from reviews.workflow import InvalidInput, Selection


def first_error(form: forms.Form) -> str:
    """One readable message from a form's errors."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = str(errors[0])
        # Length errors name their field already (newsdesk.formerrors).
        return f"{label}: {text}" if label and not text.startswith(f"{label}:") else text
    return "The form is not valid."


class SelectionForm(formerrors.Form):
    """A browser selection: UTF-16 offsets into the body plus the quote and its context."""

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


class ClaimCreateForm(SelectionForm):
    # The column the selection was made in; a post without it means the rewrite.
    side = forms.CharField(required=False, max_length=10)


class HighlightCreateForm(SelectionForm):
    side = forms.CharField(max_length=10)
    category = forms.CharField(max_length=20)
    severity = forms.CharField(max_length=10)
    note = forms.CharField(required=False, max_length=20000)


class HighlightStatusForm(formerrors.Form):
    action = forms.CharField(max_length=10)
    expected = forms.CharField(required=False, max_length=10)
    reason = forms.CharField(required=False, max_length=20000)


class HighlightEditForm(formerrors.Form):
    category = forms.CharField(required=False, max_length=20)
    severity = forms.CharField(required=False, max_length=10)


class VerdictForm(formerrors.Form):
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


class CommentForm(formerrors.Form):
    body = forms.CharField(required=False, strip=False, max_length=20000)
    highlight = forms.IntegerField(required=False, min_value=1)
    claim = forms.IntegerField(required=False, min_value=1)
    parent = forms.IntegerField(required=False, min_value=1)


class CommentEditForm(formerrors.Form):
    body = forms.CharField(required=False, strip=False, max_length=20000)
    # The comment's version when the form was opened (Comment.version).
    version = forms.CharField(required=False, max_length=40)


class CommentResolveForm(formerrors.Form):
    resolved = forms.BooleanField(required=False)


class SignOffForm(formerrors.Form):
    role = forms.CharField(max_length=10)
    statement = forms.CharField(required=False, max_length=20000)
    expected_sha256 = forms.CharField(required=False, max_length=64)
    override_reason = forms.CharField(required=False, max_length=20000)


class RequestChangesForm(formerrors.Form):
    note = forms.CharField(required=False, max_length=20000)


def cleaned(form: forms.Form) -> dict:
    """The form's cleaned data; raises InvalidInput with its first error if it is not valid, so
    that a view answers a malformed post as it answers any input the workflow refuses."""
    if not form.is_valid():
        raise InvalidInput(first_error(form))
    return form.cleaned_data
