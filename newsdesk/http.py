"""The request type of our views, for type checkers.

LoginRequiredMiddleware lets only signed-in users reach a view that is not marked
login_not_required, and django-htmx's middleware sets `request.htmx`: views say so by taking
an AuthenticatedRequest instead of an HttpRequest (the django-stubs way).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AuthenticatedRequest(HttpRequest):
    """A request from a signed-in user, through django-htmx's middleware."""

    user: User  # narrower than HttpRequest's: LoginRequiredMiddleware checked
    htmx: HtmxDetails


def signed_in(request: HttpRequest) -> User:
    """The request's user, in code only a signed-in user reaches (after LoginRequiredMiddleware,
    the admin's login, or the API's token authentication)."""
    user = request.user
    assert isinstance(user, User), "reached without signing in"
    return user
