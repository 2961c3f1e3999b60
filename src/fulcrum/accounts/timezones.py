"""Each person's own time zone: chosen at sign-up (the browser's guess filled in), kept
on the account, and switched on for every request they make."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import LazyObject, empty


@lru_cache(maxsize=1)
def known_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_choices() -> list[tuple[str, str]]:
    return [("", "The server's time zone"), *((z, z.replace("_", " ")) for z in known_zones())]


TIME_ZONE_COOKIE = "fulcrum_tz"


def _loaded_user(request: HttpRequest) -> Any:
    """The request's user if the view already looked it up, else None (no query)."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        wrapped = user.__dict__.get("_wrapped", empty)
        return None if wrapped is empty else wrapped
    return user


class PersonalTimeZoneMiddleware:
    """Show and default every time in the signed-in person's own zone.

    The zone travels in a cookie, kept in step with the account whenever a view has
    looked the person up anyway, so choosing the zone costs no query of its own, and a
    page that never asks who is there (the client's own link) reads nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = request.COOKIES.get(TIME_ZONE_COOKIE, "")
        if zone in known_zones():
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        user = _loaded_user(request)
        if user is None:
            return response
        wanted = getattr(user, "time_zone", "") if user.is_authenticated else ""
        if wanted != zone and (wanted or zone):
            if wanted:
                response.set_cookie(
                    TIME_ZONE_COOKIE,
                    wanted,
                    max_age=365 * 86400,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            else:
                response.delete_cookie(TIME_ZONE_COOKIE, samesite="Lax")
        return response
