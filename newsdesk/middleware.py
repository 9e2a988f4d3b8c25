"""Request and response rules that hold for every page, whatever view answers it."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from newsdesk import errors

# C0 control characters and DEL. PostgreSQL text cannot hold NUL at all, and none of the others
# belongs in a search box, a filter or a page number.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RefuseControlCharactersMiddleware:
    """Answer 400 to a query string carrying a control character (`?q=%00`), for every view.

    Checked once here rather than in each filter, so that no GET parameter ever reaches a query
    (where a NUL is a 500 on PostgreSQL) and no new filter can forget it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if _CONTROL.search(key) or any(_CONTROL.search(v) for v in values):
                return errors.bad_query(request, key)
        return self.get_response(request)


class MethodNotAllowedBodyMiddleware:
    """Give a 405 with an empty body (Django's require_POST and friends) a sentence naming the
    methods the address takes, from its Allow header. Bodies a view wrote (the API's JSON error)
    are left as they are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            allowed = response.get("Allow", "")
            message = (
                f"{request.method} is not allowed here; this address takes {allowed} only."
                if allowed
                else f"{request.method} is not allowed here."
            )
            response.content = message.encode()
            response["Content-Type"] = "text/plain; charset=utf-8"
        return response


class PrivateCacheMiddleware:
    """Tell every cache not to keep a signed-in person's pages: `Cache-Control: private,
    no-store`.

    Pages show unpublished stories and who signed what; a shared proxy must not serve them to
    someone else, nor the browser show them from its history after logging out. A response
    that set its own Cache-Control (the API, a token page) keeps it; static files are answered
    by WhiteNoise before this runs, and keep their long-lived caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Not for a server error: the user may be what could not be loaded (a database outage),
        # and asking again would fail the request a second time.
        if response.status_code >= 500 or "Cache-Control" in response:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
