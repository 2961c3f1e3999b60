"""Who is asking: the type every area's access functions take.

A request's user is an account or an anonymous visitor; each area's ``access.py``
(beside its models) decides what that person may see of the area, and answers 404 for
anything else.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest

from fulcrum.accounts.models import User

Viewer = User | AnonymousUser


def signed_in(user: Viewer | None) -> User:
    """The account asking, or a 404 for an anonymous visitor (or no user at all)."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404("Not found.")
    return user


def account_of(request: HttpRequest) -> User:
    """The signed-in account behind a request (views behind ``login_required``);
    anyone else gets a 404."""
    return signed_in(request.user)
