"""Who is calling: a personal token, or the browser's signed-in session.

Scripts send ``Authorization: Bearer <token>`` (tokens are issued on the account
page). A page of Fulcrum itself may call the API with the session cookie instead;
then Django's CSRF check applies to every unsafe method, exactly as for a form.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from fulcrum.accounts.models import User
from fulcrum.accounts.roles import practitioner
from fulcrum.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    """A personal API token in the ``Authorization: Bearer`` header."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token.strip(), now=timezone.now())
        if user is None:
            # A token that was sent but is wrong is a 401 even when a session cookie
            # is present too: falling back would hide a revoked or mistyped token.
            raise AuthenticationError()
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        # Without a signed-in session there is nothing to protect from forgery, and
        # checking CSRF here would turn a plain "not signed in" into a 403.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


def user_of(request: HttpRequest) -> User:
    """The authenticated user of an API request (set by ninja from the auth above)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def practitioner_of(request: HttpRequest) -> User:
    """The caller as a practitioner, for an operation that adds to a practitioner's
    workspace before it reads anything through an access function (which would ask the
    same); the JSON 404 without the role."""
    return practitioner(user_of(request))
