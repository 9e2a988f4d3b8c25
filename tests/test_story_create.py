"""New story: paste or upload a source and a rewrite; bad input is refused and nothing written."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsdesk.models import Story, StoryVersion
from reviews.models import Event, Review

URL = reverse("story_create")
SOURCE = "HALDEN (Nordwire) — The council voted 7-2 on Tuesday to close the pool."
REWRITE = "The council voted 9-0 on Tuesday to shut the pool."


def _data(**overrides) -> dict:
    data = {
        "title": "Pool closes",
        "desk": "Local",
        "source_body": SOURCE,
        "source_origin": "wire",
        "source_detail": "Nordwire",
        "source_dateline": "HALDEN",
        "source_headline": "Council shuts pool",
        "rewrite_body": REWRITE,
        "rewrite_origin": "ai",
        "rewrite_detail": "model-x",
        "rewrite_prompt": "Rewrite this for our site.",
        "rewrite_headline": "",
    }
    data.update(overrides)
    return data


def _assert_nothing_written() -> None:
    assert Story.objects.count() == 0
    assert StoryVersion.objects.count() == 0
    assert Review.objects.count() == 0
    assert Event.objects.count() == 0


def test_editor_sees_the_form(editor_client):
    response = editor_client.get(URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_it_creates_story_versions_and_review_from_pasted_text(
    editor_client, editor, reviewer, other_reviewer
):
    response = editor_client.post(URL, _data(reviewers=[reviewer.pk]))

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("review_workspace", args=[review.pk])
    story = Story.objects.get()
    assert (story.title, story.desk, story.created_by) == ("Pool closes", "Local", editor)
    source, rewrite = story.versions.order_by("number")
    assert (source.role, source.body, source.origin_detail) == ("source", SOURCE, "Nordwire")
    assert (source.dateline, source.headline) == ("HALDEN", "Council shuts pool")
    assert (rewrite.role, rewrite.body, rewrite.origin) == ("rewrite", REWRITE, "ai")
    assert (rewrite.origin_detail, rewrite.prompt) == ("model-x", "Rewrite this for our site.")
    assert (review.source, review.rewrite, review.status) == (source, rewrite, "open")
    assert list(review.reviewers.all()) == [reviewer]


def test_it_creates_story_from_uploaded_files(editor_client):
    data = _data(
        source_body="",
        rewrite_body="",
        source_file=SimpleUploadedFile("source.txt", SOURCE.encode("utf-8")),
        rewrite_file=SimpleUploadedFile("rewrite.md", ("\ufeff" + REWRITE).encode("utf-8")),
    )

    response = editor_client.post(URL, data)

    assert response.status_code == 302
    source, rewrite = StoryVersion.objects.order_by("number")
    assert source.body == SOURCE
    assert rewrite.body == REWRITE


def test_uploaded_file_wins_over_pasted_text(editor_client):
    data = _data(rewrite_file=SimpleUploadedFile("rewrite.txt", b"Uploaded rewrite."))

    editor_client.post(URL, data)

    assert StoryVersion.objects.get(role="rewrite").body == "Uploaded rewrite."


def _refused(client, data: dict, message: str) -> str:
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    _assert_nothing_written()
    return html


def test_upload_with_wrong_extension_is_refused(editor_client):
    data = _data(source_body="", source_file=SimpleUploadedFile("story.docx", b"Some text"))

    _refused(editor_client, data, "“story.docx” is not a .txt or .md file")


def test_binary_upload_is_refused(editor_client):
    data = _data(
        rewrite_body="", rewrite_file=SimpleUploadedFile("rewrite.txt", b"PK\x03\x04\x00\x00bin")
    )

    _refused(editor_client, data, "looks binary")


def test_non_utf8_upload_is_refused(editor_client):
    data = _data(
        source_body="", source_file=SimpleUploadedFile("source.txt", "Café".encode("latin-1"))
    )

    _refused(editor_client, data, "is not UTF-8 text")


def test_oversized_upload_is_refused(editor_client, settings):
    settings.NEWSDESK_MAX_UPLOAD_BYTES = 100
    data = _data(source_body="", source_file=SimpleUploadedFile("source.txt", b"word " * 30))

    _refused(editor_client, data, "the largest upload accepted is 100 bytes")


def test_oversized_pasted_body_is_refused(editor_client, settings):
    settings.NEWSDESK_MAX_BODY_CHARS = 50

    _refused(editor_client, _data(rewrite_body="x" * 51), "rewrite text is 51 characters")


def test_oversized_uploaded_body_is_refused(editor_client, settings):
    settings.NEWSDESK_MAX_BODY_CHARS = 50
    data = _data(source_body="", source_file=SimpleUploadedFile("source.txt", b"y" * 60))

    _refused(editor_client, data, "source text is 60 characters; the limit is 50")


def test_missing_texts_are_refused(editor_client):
    _refused(editor_client, _data(source_body="  ", rewrite_body=""), "source text is empty")


def test_refused_form_keeps_the_other_input(editor_client):
    data = _data(source_body="", source_file=SimpleUploadedFile("source.pdf", b"%PDF-1.4"))

    html = _refused(editor_client, data, "“source.pdf” is not a .txt or .md file")

    assert 'value="Pool closes"' in html
    assert REWRITE in html
    assert "Rewrite this for our site." in html
    assert 'value="model-x"' in html


def test_assigning_a_non_reviewer_is_refused(editor_client, outsider):
    response = editor_client.post(URL, _data(reviewers=[outsider.pk]))

    assert response.status_code == 400
    _assert_nothing_written()


def test_reviewer_may_not_create_stories(reviewer_client):
    assert reviewer_client.get(URL).status_code == 403
    assert reviewer_client.post(URL, _data()).status_code == 403
    _assert_nothing_written()


def test_outsider_gets_404(outsider_client):
    assert outsider_client.get(URL).status_code == 404
    assert outsider_client.post(URL, _data()).status_code == 404
    _assert_nothing_written()
