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
