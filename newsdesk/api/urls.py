"""URLs under /api/: the ninja API, and a JSON 404 for any other path there.

The API authenticates by token, not by session, so its views are exempt from the site-wide
LoginRequiredMiddleware; any 4xx that Django or ninja answers in plain text or HTML (an
unsupported method, say) is turned into the API's one error shape.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from newsdesk.api.endpoints import api
from newsdesk.api.errors import STATUS_CODES, error_body


def _json_errors(view):
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if 400 <= response.status_code < 500 and "json" not in response.get("Content-Type", ""):
            status = response.status_code
            code = STATUS_CODES.get(status, f"http_{status}")
            message = response.reason_phrase
            if status == 405:
                message = f"Method not allowed; use {response.get('Allow', 'another method')}."
            replaced = JsonResponse(error_body(code, message), status=status)
            if "Allow" in response:
                replaced["Allow"] = response["Allow"]
            return replaced
        return response

    wrapped.login_required = False
    return wrapped


def _api_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_errors(pattern.callback)
    return (patterns, app_name), namespace


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/."""
    return JsonResponse(error_body("not_found", "No such API endpoint; see /api/docs."), status=404)


not_found.login_required = False  # type: ignore[attr-defined]

_patterns, _namespace = _api_patterns()
urlpatterns = [
    path("", include(_patterns, namespace=_namespace)),
    re_path(r"^(?P<rest>.*)$", not_found),
]
