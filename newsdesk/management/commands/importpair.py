"""Import a source/rewrite pair of UTF-8 text files as a new story with an open review."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from newsdesk.text import decode_upload, encoding_name, is_blank
from reviews import workflow


def read_text(path: str, label: str) -> str:
    """The UTF-8 text of a file, or CommandError saying what is wrong with it."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"The {label} file {path} does not exist.")
    try:
        text = decode_upload(file.read_bytes())
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"The {label} file {path} is not {encoding_name(exc)} (undecodable byte at "
            f"position {exc.start})."
        ) from exc
    except ValueError as exc:
        raise CommandError(f"The {label} file {path} is binary, not text.") from exc
    if is_blank(text):
        raise CommandError(f"The {label} file {path} is empty.")
    return text


class Command(BaseCommand):
    help = "Import a source and a rewrite (UTF-8 text files) as a story with an open review."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="The source text file (e.g. wire copy).")
        parser.add_argument("rewrite", help="The rewrite to check against it.")
        parser.add_argument("--title", required=True)
        parser.add_argument("--desk", default="")
        parser.add_argument("--source-origin", default="wire", choices=["wire", "staff", "import"])
        parser.add_argument("--source-detail", default="", help="Agency or writer, e.g. AP.")
        parser.add_argument("--rewrite-origin", default="ai", choices=["ai", "staff"])
        parser.add_argument("--rewrite-detail", default="", help="Writer or AI model name.")
        parser.add_argument(
            "--editor", default="editor", help="Username of the editor who owns the story."
        )

    def handle(self, *args, **options) -> None:
        source = read_text(options["source"], "source")
        rewrite = read_text(options["rewrite"], "rewrite")
        try:
            user = get_user_model().objects.get(username=options["editor"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(
                f"No user {options['editor']!r}: run `manage.py loaddemo` or pass --editor."
            ) from exc
        try:
            story, review = workflow.create_story(
                user=user,
                title=options["title"],
                desk=options["desk"],
                source=workflow.VersionInput(
                    body=source,
                    origin=options["source_origin"],
                    origin_detail=options["source_detail"],
                ),
                rewrite=workflow.VersionInput(
                    body=rewrite,
                    origin=options["rewrite_origin"],
                    origin_detail=options["rewrite_detail"],
                ),
            )
        except workflow.WorkflowError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Imported “{story.title}” (story {story.slug}).")
        self.stdout.write(reverse("review_workspace", args=[review.pk]))
