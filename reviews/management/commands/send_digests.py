"""Send the daily digest of notifications to everyone who chose one (run it from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reviews.notification_email import send_digests


class Command(BaseCommand):
    help = "Email each digest reader everything they have not been emailed yet."

    def handle(self, *args, **options) -> None:
        sent = send_digests()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
