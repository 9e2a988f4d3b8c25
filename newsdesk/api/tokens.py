"""API tokens: issue, revoke, look up, and count calls against the rate limit.

A token is "nd_" plus 32 random bytes (URL-safe base64). Only its SHA-256 is stored: a leaked
database gives no usable token, and since the secret has 256 bits of entropy a fast hash is the
right one (a slow password hash would only slow every call). Lookup is by digest.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from newsdesk.api.models import ApiToken
from reviews import workflow

TOKEN_PREFIX = "nd_"  # noqa: S105 (a marker that makes leaked tokens easy to scan for)
VISIBLE_CHARS = 8  # after the prefix: enough to tell tokens apart, far too few to guess one
MAX_NAME_CHARS = 100


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token for user; returns it and its secret, which is never shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise workflow.InvalidInput("Give the token a name (what will use it).")
    if len(name) > MAX_NAME_CHARS:
        raise workflow.InvalidInput(f"The name is longer than {MAX_NAME_CHARS} characters.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[: len(TOKEN_PREFIX) + VISIBLE_CHARS],
            digest=digest(secret),
        )
        workflow.record_event(
            actor=user,
            verb="token.created",
            obj=token,
            after={"name": name, "prefix": token.prefix},
        )
    return token, secret


def revoke_token(*, token: ApiToken, user) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once."""
    if token.user_id != user.pk:
        raise workflow.NotAllowed("That is not your token.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise workflow.Conflict("This token was already revoked.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        workflow.record_event(
            actor=user,
            verb="token.revoked",
            obj=token,
            before={"revoked": False},
            after={"revoked": True, "prefix": token.prefix},
        )
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret, with its user loaded (one query), or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    return ApiToken.objects.active().select_related("user").filter(digest=digest(secret)).first()


def _window(now: datetime) -> datetime:
    seconds = settings.NEWSDESK_API_RATE_WINDOW
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def count_call(token: ApiToken, now: datetime | None = None) -> int | None:
    """Count one call in the token's current window; the seconds to wait if over the limit.

    One conditional UPDATE both checks and counts, so concurrent calls cannot slip past the
    limit together: the row lock makes each see the count the previous one left.
    """
    now = now or timezone.now()
    window = _window(now)
    limit = settings.NEWSDESK_API_RATE_LIMIT
    counted = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(~Q(window_start=window) | Q(window_start__isnull=True) | Q(window_count__lt=limit))
        .update(
            window_count=Case(
                When(window_start=window, then=F("window_count") + 1), default=Value(1)
            ),
            window_start=window,
            last_used_at=now,
        )
    )
    if counted:
        return None
    window_end = window + timedelta(seconds=settings.NEWSDESK_API_RATE_WINDOW)
    return max(1, int((window_end - now).total_seconds() + 0.999))
