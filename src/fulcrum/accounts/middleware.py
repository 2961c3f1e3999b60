"""A sign-in lasts ``FULCRUM_SESSION_HOURS`` from the moment it was made, however busy.

Django's session age alone is renewed whenever the session changes (saving a check-in
leaves a notice in it), so an active sign-in would never end. This middleware also
records when the sign-in was made and signs out once it is that many hours old: on a
shared clinic computer, nobody stays signed in from one working day into the next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

SIGNED_IN_AT = "fulcrum.signed_in_at"


def mark_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On ``user_logged_in``: note when this sign-in was made."""
    request.session[SIGNED_IN_AT] = int(time.time())


class SignInLifetimeMiddleware:
    """Checks a sign-in's age when a view first asks who the user is, so a view that
    never asks (a static-like page, the client's own link) costs no session read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user  # still lazy: nothing has been read yet
        request.user = SimpleLazyObject(lambda: self._checked(request, signed_in))  # type: ignore[assignment]
        return self.get_response(request)

    @staticmethod
    def _checked(request: HttpRequest, user: Any) -> Any:
        if not user.is_authenticated:
            return user
        now = int(time.time())
        made = request.session.get(SIGNED_IN_AT)
        if made is None:
            request.session[SIGNED_IN_AT] = now  # a sign-in from before this rule
            return user
        if now - int(made) < settings.SESSION_COOKIE_AGE:
            return user
        request.user = user  # logout() reads it; it must not be this lazy object
        logout(request)
        hours = settings.SESSION_COOKIE_AGE // 3600
        messages.info(request, f"Your sign-in lasted {hours} hours; please sign in again.")
        # Pages that need a sign-in now send the person to sign in; the API answers 401.
        return AnonymousUser()
