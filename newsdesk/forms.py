"""Forms for the story pages: new story, new rewrite version, reviewer assignment.

Forms only read and check input; the writes happen in reviews/workflow.py.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import UploadedFile

from newsdesk import formerrors
from newsdesk.models import StoryVersion
from newsdesk.text import decode_upload, encoding_name, is_blank, normalise_text
from reviews.workflow import VersionInput

ALLOWED_UPLOAD_SUFFIXES = (".txt", ".md")
SOURCE_ORIGINS = [
    (StoryVersion.Origin.WIRE, "Wire"),
    (StoryVersion.Origin.STAFF, "Staff"),
    (StoryVersion.Origin.IMPORT, "Import"),
]
REWRITE_ORIGINS = [(StoryVersion.Origin.AI, "AI"), (StoryVersion.Origin.STAFF, "Staff")]


def reviewer_queryset():
    """Users who may be assigned as reviewers (members of the Reviewers group)."""
    return (
        get_user_model()
        .objects.filter(groups__name="Reviewers", is_active=True)
        .distinct()
        .order_by("username")
    )


def _reviewers_field(form: forms.Form) -> forms.ModelMultipleChoiceField:
    """The form's reviewers field, whose choices are set per request."""
    field = form.fields["reviewers"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    return field


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def read_upload(upload: UploadedFile) -> str:
    """Text of an uploaded .txt/.md file; raise ValidationError naming what is wrong with it."""
    name = upload.name or "file"
    if PurePath(name).suffix.lower() not in ALLOWED_UPLOAD_SUFFIXES:
        raise forms.ValidationError(
            f"“{name}” is not a .txt or .md file. Upload plain text, or paste it instead.",
            code="extension",
        )
    limit = settings.NEWSDESK_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"“{name}” is {upload.size:,} bytes; the largest upload accepted is {limit:,} bytes.",
            code="too_large",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise forms.ValidationError(
            f"“{name}” is over {limit:,} bytes, the largest upload accepted.", code="too_large"
        )
    try:
        return decode_upload(data)
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(
            f"“{name}” is not {encoding_name(exc)} text (undecodable byte at position "
            f"{exc.start:,}). "
            "Save it as UTF-8 and try again.",
            code="encoding",
        ) from exc
    except ValueError as exc:
        raise forms.ValidationError(
            f"“{name}” looks binary (it contains NUL bytes or control characters), not text.",
            code="binary",
        ) from exc


def check_body(text: str, label: str) -> str:
    """Normalised body text, or ValidationError if it is empty or too long."""
    text = normalise_text(text)
    if is_blank(text):
        raise forms.ValidationError(
            f"The {label} is empty (nothing visible in it): paste it or upload a file."
        )
    limit = settings.NEWSDESK_MAX_BODY_CHARS
    if len(text) > limit:
        raise forms.ValidationError(
            f"The {label} is {len(text):,} characters; the limit is {limit:,}.", code="too_long"
        )
    return text


class StoryCreateForm(formerrors.Form):
    """A new story: title, desk, the source and its first rewrite, each pasted or uploaded."""

    title = forms.CharField(max_length=200)
    desk = forms.CharField(max_length=60, required=False, help_text="e.g. World, Local, Business")

    source_body = forms.CharField(
        label="Source text", required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    source_file = forms.FileField(
        label="…or upload the source (.txt or .md, UTF-8)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,text/plain,text/markdown"}),
    )
    source_origin = forms.ChoiceField(label="Source origin", choices=SOURCE_ORIGINS)
    source_detail = forms.CharField(
        label="Agency or writer", max_length=200, required=False, help_text="e.g. AP, Reuters"
    )
    source_dateline = forms.CharField(label="Dateline", max_length=120, required=False)
    source_headline = forms.CharField(label="Source headline", max_length=300, required=False)

    rewrite_body = forms.CharField(
        label="Rewrite text", required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    rewrite_file = forms.FileField(
        label="…or upload the rewrite (.txt or .md, UTF-8)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,text/plain,text/markdown"}),
    )
    rewrite_origin = forms.ChoiceField(label="Rewrite origin", choices=REWRITE_ORIGINS)
    rewrite_detail = forms.CharField(
        label="Writer or AI model", max_length=200, required=False, help_text="e.g. gpt-4o"
    )
    rewrite_prompt = forms.CharField(
        label="Prompt used (AI rewrites)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rewrite_headline = forms.CharField(label="Rewrite headline", max_length=300, required=False)

    reviewers = ReviewerChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _reviewers_field(self).queryset = reviewer_queryset()

    def _side_text(self, side: str, label: str) -> str | None:
        if f"{side}_file" in self.errors:
            return None
        upload = self.cleaned_data.get(f"{side}_file")
        field = f"{side}_file" if upload else f"{side}_body"
        try:
            text = read_upload(upload) if upload else self.cleaned_data.get(f"{side}_body", "")
            return check_body(text, label)
        except forms.ValidationError as exc:
            self.add_error(field, exc)
            return None

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        data["source_text"] = self._side_text("source", "source text")
        data["rewrite_text"] = self._side_text("rewrite", "rewrite text")
        return data

    def source_input(self) -> VersionInput:
        """The source version as the workflow takes it."""
        d = self.cleaned_data
        return VersionInput(
            body=d["source_text"],
            origin=d["source_origin"],
            origin_detail=d["source_detail"],
            headline=d["source_headline"],
            dateline=d["source_dateline"],
        )

    def rewrite_input(self) -> VersionInput:
        """The rewrite version as the workflow takes it."""
        d = self.cleaned_data
        return VersionInput(
            body=d["rewrite_text"],
            origin=d["rewrite_origin"],
            origin_detail=d["rewrite_detail"],
            headline=d["rewrite_headline"],
            prompt=d["rewrite_prompt"],
        )


class RewriteForm(formerrors.Form):
    """An edited rewrite: becomes a new version and a new review."""

    body = forms.CharField(label="Rewrite text", widget=forms.Textarea(attrs={"rows": 16}))
    origin = forms.ChoiceField(label="Origin", choices=REWRITE_ORIGINS)
    origin_detail = forms.CharField(label="Writer or AI model", max_length=200, required=False)
    prompt = forms.CharField(
        label="Prompt used (AI rewrites)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    headline = forms.CharField(max_length=300, required=False)

    def clean_body(self) -> str:
        return check_body(self.cleaned_data["body"], "rewrite text")

    def version_input(self) -> VersionInput:
        """The new version as the workflow takes it."""
        d = self.cleaned_data
        return VersionInput(
            body=d["body"],
            origin=d["origin"],
            origin_detail=d["origin_detail"],
            headline=d["headline"],
            prompt=d["prompt"],
        )


class AssignReviewersForm(formerrors.Form):
    reviewers = ReviewerChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    due_at = forms.DateTimeField(
        label="Due by",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=f"Leave empty for no due time. Time zone: {settings.TIME_ZONE}.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _reviewers_field(self).queryset = reviewer_queryset()


class LoginForm(formerrors.NamedLengthErrors, AuthenticationForm):
    """Django's login form, its length errors naming the field like every other form's."""
