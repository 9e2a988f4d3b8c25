"""Uploads in the encodings text editors save: UTF-8 with or without a BOM, UTF-16 and UTF-32
with one. Binary files are still refused, and bytes that only look like a BOM too."""

from __future__ import annotations

import codecs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsdesk.models import StoryVersion
from newsdesk.text import decode_upload

TEXT = "Café council votes 7\u20132 to close the pool.\nIt reopens in “spring”.\n"

ENCODED = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-32 LE with BOM": codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
}


@pytest.mark.parametrize("data", ENCODED.values(), ids=ENCODED.keys())
def test_it_decodes_each_encoding_without_its_mark(data):
    assert decode_upload(data) == TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x00\x00zipped",  # NUL bytes and no mark
        codecs.BOM_UTF16_LE + b"\x01\x00\x02\x00\x03\x00",  # a mark, then controls
    ],
)
def test_it_still_calls_binary_binary(data):
    with pytest.raises(ValueError, match="binary"):
        decode_upload(data)


def test_a_mark_followed_by_bytes_that_are_not_utf16_is_undecodable():
    with pytest.raises(UnicodeDecodeError):
        decode_upload(codecs.BOM_UTF16_LE + b"\x00\xd8A")  # a lone surrogate


def _story(editor_client, upload: SimpleUploadedFile):
    data = {
        "title": "Pool",
        "source_body": "",
        "source_file": upload,
        "source_origin": "wire",
        "rewrite_body": "The council voted 9-0 to close the pool.",
        "rewrite_origin": "ai",
    }
    return editor_client.post(reverse("story_create"), data)


@pytest.mark.parametrize("key", ["utf-8 with BOM", "utf-16 LE with BOM", "utf-16 BE with BOM"])
def test_an_upload_with_a_bom_becomes_the_source(editor_client, key):
    response = _story(editor_client, SimpleUploadedFile("wire.txt", ENCODED[key]))
    assert response.status_code == 302
    source = StoryVersion.objects.get(role="source")
    assert source.body.strip() == TEXT.strip()
    assert "\ufeff" not in source.body


def test_a_utf16_upload_that_does_not_decode_says_so(editor_client):
    upload = SimpleUploadedFile("wire.txt", codecs.BOM_UTF16_LE + b"\x00\xd8A")
    html = _story(editor_client, upload).content.decode()
    assert "is not UTF-16 text" in html
    assert not StoryVersion.objects.exists()


def test_a_story_text_of_invisible_characters_is_refused(editor_client):
    data = {
        "title": "Pool",
        "source_body": "\u200b\u200b\n\u2060",
        "source_origin": "wire",
        "rewrite_body": "The council voted 9-0 to close the pool.",
        "rewrite_origin": "ai",
    }
    response = editor_client.post(reverse("story_create"), data)
    assert response.status_code == 400
    assert "The source text is empty (nothing visible in it)" in response.content.decode()
    assert not StoryVersion.objects.exists()
