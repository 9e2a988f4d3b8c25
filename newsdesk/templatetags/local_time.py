"""`{{ iso|local_time }}`: an ISO 8601 timestamp (as the fidelity record's JSON holds them) shown
in the site's time zone, to the minute, with the zone's name: "2 Dec 2026, 17:45 UTC"."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def local_time(value: str | datetime | None) -> str:
    """The timestamp in local time, or "" for none; a value that is no timestamp is shown as is."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return date_format(timezone.localtime(value), "j M Y, H:i T")
