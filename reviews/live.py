"""Who has a review open: presence kept in the cache, refreshed by each workspace's poll.

Each open workspace polls reviews/live_views.py every POLL_SECONDS; a person counts as present
while their last poll is under PRESENT_SECONDS old. Names are stored with the entry, so showing
who is here costs no query. With the default local-memory cache this holds per process; a shared
cache (Redis, the database) makes it hold across app servers.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

POLL_SECONDS = 2
PRESENT_SECONDS = 3 * POLL_SECONDS
_KEY = "newsdesk:presence:{}"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def touch(review_pk: int, user, now: float | None = None) -> list[str]:
    """Record that the user has the review open; return the names of the others who have."""
    now = time.time() if now is None else now
    key = _KEY.format(review_pk)
    here = {
        pk: (seen, name)
        for pk, (seen, name) in (cache.get(key) or {}).items()
        if now - seen < PRESENT_SECONDS
    }
    here[user.pk] = (now, _name(user))
    cache.set(key, here, timeout=PRESENT_SECONDS * 10)
    return sorted(name for pk, (_, name) in here.items() if pk != user.pk)


def fingerprint(names: list[str]) -> str:
    """A short stable token for a list of names: the page sends back the one it shows."""
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
