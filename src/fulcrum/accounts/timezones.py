"""Each person's own time zone: chosen at sign-up (the browser's guess filled in), kept
on the account, and switched on for every request they make."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


@lru_cache(maxsize=1)
def known_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_choices() -> list[tuple[str, str]]:
    return [("", "The server's time zone"), *((z, z.replace("_", " ")) for z in known_zones())]


class PersonalTimeZoneMiddleware:
    """Show and default every time in the signed-in person's own zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = ""
        # Only a visitor with a session can be signed in; asking who the user is costs a
        # session read, which the client's own link page never needs.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                zone = getattr(user, "time_zone", "")
        if zone in known_zones():
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
