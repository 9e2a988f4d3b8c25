"""Load demo accounts and one demo story so `make run` shows a working newsroom."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from newsdesk import demo as demo_story
from newsdesk.models import Story
from reviews import workflow

# Demo only: these accounts exist to try Newsdesk on a laptop, never on a shared server.
ACCOUNTS = [
    # username, password, group, first name, last name
    ("editor", "newsdesk-editor", "Editors", "Esther", "Marr"),
    ("reviewer", "newsdesk-reviewer", "Reviewers", "Rafael", "Okoye"),
    ("reviewer2", "newsdesk-reviewer2", "Reviewers", "Rosa", "Lindqvist"),
]
ADMIN = ("admin", "newsdesk-admin")


class Command(BaseCommand):
    help = (
        "Create the demo accounts (editor, reviewer, reviewer2, admin) and a demo story. "
        "Safe to run again: nothing is duplicated, and the demo passwords are reset."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the app will be served."
        )

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        with transaction.atomic():
            users = {}
            for username, password, group_name, first, last in ACCOUNTS:
                try:
                    group = Group.objects.get(name=group_name)
                except Group.DoesNotExist as exc:
                    raise CommandError(
                        f"The {group_name} group is missing; run `manage.py migrate` first."
                    ) from exc
                user, _ = User.objects.get_or_create(
                    username=username, defaults={"first_name": first, "last_name": last}
                )
                user.set_password(password)
                user.is_active = True
                user.save(update_fields=["password", "is_active"])
                user.groups.add(group)
                users[username] = user
            admin, _ = User.objects.get_or_create(username=ADMIN[0])
            admin.set_password(ADMIN[1])
            admin.is_staff = admin.is_superuser = admin.is_active = True
            admin.save(update_fields=["password", "is_staff", "is_superuser", "is_active"])

        story = Story.objects.filter(title=demo_story.TITLE, created_by=users["editor"]).first()
        if story is None:
            # Outside the atomic block above: create_story commits, then queues the engine.
            _story, review = workflow.create_story(
                user=users["editor"],
                title=demo_story.TITLE,
                desk=demo_story.DESK,
                source=workflow.VersionInput(
                    body=demo_story.SOURCE,
                    origin="wire",
                    origin_detail=demo_story.AGENCY,
                    dateline=demo_story.DATELINE,
                ),
                rewrite=workflow.VersionInput(
                    body=demo_story.REWRITE,
                    origin="ai",
                    origin_detail=demo_story.MODEL,
                    prompt=demo_story.PROMPT,
                ),
                reviewers=[users["reviewer"]],
            )
            self.stdout.write(f"Created the demo story “{demo_story.TITLE}”.")
        else:
            review = story.current_review()
            self.stdout.write("The demo story is already there.")

        base = options["url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Newsdesk demo at {base}/")
        self.stdout.write("Log in as (username / password):")
        for username, password, group_name, _first, _last in ACCOUNTS:
            self.stdout.write(f"  {username:<10} / {password:<20} ({group_name[:-1].lower()})")
        self.stdout.write(f"  {ADMIN[0]:<10} / {ADMIN[1]:<20} (superuser, {base}/admin/)")
        if review is not None:
            self.stdout.write(f"Demo review: {base}{reverse('review_workspace', args=[review.pk])}")
