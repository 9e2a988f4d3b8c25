"""Error pages that say what went wrong in words a newsroom can act on."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


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


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 that does not tell an outsider whether the thing exists."""
    if getattr(request, "htmx", False):
        return HttpResponse(
            "Not found, or not visible to you.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    return render(request, "404.html", status=404)
