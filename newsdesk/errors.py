"""Error pages that say what went wrong in words a newsroom can act on."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (
    "The newsroom database is not answering, so nothing was loaded or saved. "
    "Try again in a few seconds."
)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: name the limit when a paste or upload was too large, so nobody guesses."""
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = (
            f"What you sent is larger than the {limit} a request may carry, so nothing "
            f"was saved. A story text may be up to {settings.NEWSDESK_MAX_BODY_CHARS:,} "
            "characters: go back (your text is still in the form), shorten it or split the "
            "story, and send it again."
        )
    else:
        message = "The request could not be understood, so nothing was saved. Go back and retry."
    if getattr(request, "htmx", False):
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return render(request, "400.html", {"message": message}, status=400)


def bad_query(request: HttpRequest, parameter: str) -> HttpResponse:
    """400 for a query string that carries a control character (a NUL, say)."""
    message = (
        f"The address has a control character in “{parameter[:40]}”, which no search or filter "
        "takes. Remove it (retype the search) and try again."
    )
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    context = {"message": message, "heading": "Not understood"}
    return render(request, "400.html", context, status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: the reason in words; just the words for htmx, which shows them beside the form."""
    message = str(exception) or "Your role does not allow this."
    if getattr(request, "htmx", False):
        return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
    return render(request, "403.html", {"exception": message}, status=403)


CSRF_FAILED = (
    "This page's form is out of date (you signed in or out in another tab, or your cookies "
    "were cleared), so nothing was saved. Reload the page and try again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a failed CSRF check: say what to do (reload and retry), not Django's debug hint.

    `reason` (Django's technical wording) goes to the log, not to the page.
    """
    logger.warning("CSRF check failed: %s %s (%s)", request.method, request.path, reason)
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(CSRF_FAILED, status=403, content_type="text/plain; charset=utf-8")
    return render(request, "403_csrf.html", {"message": CSRF_FAILED}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 that does not tell an outsider whether the thing exists."""
    if getattr(request, "htmx", False):
        return HttpResponse(
            "Not found, or not visible to you.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    return render(request, "404.html", status=404)


def login_locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """429 for a login refused by django-axes: say why, and when to try again.

    The same words whether the username or the address is locked, and whether the password
    was right: a locked-out attacker learns nothing about the account.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (
        f"Too many failed sign-ins for this account or from this address. Wait {minutes} "
        "minutes, then try again; an admin can unlock it sooner."
    )
    response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the exception being handled is the database being unreachable."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return database_unavailable(request, exception)
    # Rendered without the request: a 500 page must not depend on what may have failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """503 with Retry-After while the database is down, logged as one line, not a traceback.

    An outage fails every request at once; a traceback each would bury the one line that says
    what happened. The page is rendered without the request, whose user and session live in
    the database that is not answering.
    """
    reason = str(exception).strip().splitlines()[0][:200] if str(exception).strip() else ""
    logger.error(
        "Database unavailable: %s %s answered 503 (%s: %s)",
        request.method,
        request.path,
        type(exception).__name__,
        reason,
    )
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(
            DATABASE_UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8"
        )
    else:
        body = loader.get_template("503.html").render({"message": DATABASE_UNAVAILABLE})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.NEWSDESK_RETRY_AFTER_SECONDS)
    # Tells django.request's log_response that this failure has had its line already.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
