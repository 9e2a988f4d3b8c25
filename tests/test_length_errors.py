"""Every length error names its field: "Title: at most 200 characters (it has 201)."

The workspace shows a form's first error alone, beside a button or in the live region, so
"Ensure this value has at most 10 characters" said nothing about which value.
"""

from __future__ import annotations

import pytest
from django import forms
from django.forms.utils import pretty_name
from django.urls import reverse

import newsdesk.api.views
import newsdesk.forms
import reviews.forms
from newsdesk.models import Story

HTMX = {"HX-Request": "true"}


def _form_classes():
    for module in (newsdesk.forms, reviews.forms, newsdesk.api.views):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def _length_fields():
    return list(_each_length_field())


def _each_length_field():
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if getattr(field, "max_length", None):
                yield pytest.param(cls, name, id=f"{cls.__name__}.{name}")


def _instance(cls, data=None):
    if issubclass(cls, newsdesk.forms.LoginForm):
        return cls(request=None, data=data)
    return cls(data)


def test_it_finds_the_forms_with_length_limits():
    # Guards the parametrisation below against finding nothing.
    assert len(_length_fields()) > 30


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "name"), _length_fields())
def test_a_length_error_names_its_field(cls, name):
    field = cls.base_fields[name]
    form = _instance(cls, {name: "x" * (field.max_length + 1)})
    form.is_valid()
    label = str(field.label or pretty_name(name))
    message = str(form.errors[name][0])
    assert message == (
        f"{label}: at most {field.max_length} characters (it has {field.max_length + 1})."
    )


def test_the_workspace_message_names_a_labelled_field_once():
    form = reviews.forms.SelectionForm({"start": 0, "end": 1, "quote": "x" * 20001})
    assert reviews.forms.first_error(form) == (
        "Selected text: at most 20000 characters (it has 20001)."
    )


def test_the_workspace_says_which_value_is_too_long(reviewer_client, review):
    url = reverse("review_highlight_create", args=[review.pk])
    data = {"start": 0, "end": 3, "quote": "abc", "side": "rewrite"}
    data |= {"category": "number", "severity": "x" * 11}
    response = reviewer_client.post(url, data, headers=HTMX)
    assert response.status_code == 400
    assert "Severity: at most 10 characters (it has 11)." in response.content.decode()


def test_the_new_story_page_says_which_value_is_too_long(editor_client):
    data = {
        "title": "T" * 201,
        "source_body": "The council voted 7-2.",
        "source_origin": "wire",
        "rewrite_body": "The council voted 9-0.",
        "rewrite_origin": "ai",
    }
    response = editor_client.post(reverse("story_create"), data)
    assert response.status_code in (200, 400)
    assert "Title: at most 200 characters (it has 201)." in response.content.decode()
    assert not Story.objects.exists()
