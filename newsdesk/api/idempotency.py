"""Idempotency keys: the same creation request sent twice creates one thing.

A client sends `Idempotency-Key: <any string up to 255 printable characters>` with a creation.
The first request with a key stores its answer; a later request from the same user with the same
key and the same body gets that answer again (with `Idempotent-Replayed: true`); the same key with
a different body is a 409. A request that fails (4xx) stores nothing, so it may be retried.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from newsdesk.api.errors import ApiError
from newsdesk.api.models import IdempotencyRecord

MAX_KEY_CHARS = 255


def fingerprint(path: str, body: dict[str, Any]) -> str:
    """SHA-256 of the endpoint and the parsed body, independent of key order and spacing."""
    canonical = json.dumps({"path": path, "body": body}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str) -> str:
    if len(key) > MAX_KEY_CHARS or not key.isprintable() or not key.isascii() or not key.strip():
        raise ApiError(
            400,
            "invalid",
            "The Idempotency-Key header must be 1 to 255 printable ASCII characters.",
            fields={"Idempotency-Key": ["1 to 255 printable ASCII characters."]},
        )
    return key


def run_once(
    *, user, key: str | None, path: str, body: dict[str, Any], create: Callable[[], dict]
) -> tuple[dict, bool]:
    """Run create() once per (user, key); returns its answer and whether it was replayed.

    The key's row is inserted first, inside the same transaction as the creation: a concurrent
    request with the same key blocks on that INSERT (the unique constraint) until the first one
    commits, then replays its answer; if the first rolled back, the second goes ahead itself.
    """
    if key is None:
        return create(), False
    key = check_key(key)
    fp = fingerprint(path, body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, fingerprint=fp, status_code=0, response={}
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(user=user, key=key)
            if existing.fingerprint != fp:
                raise ApiError(
                    409,
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used with a different request; "
                    "use a new key for a new request.",
                ) from None
            return existing.response, True
        answer = create()
        record.status_code, record.response = 201, answer
        record.save(update_fields=["status_code", "response"])
    return answer, False
