"""HTMX requests, as django-htmx's middleware marks them (``request.htmx``)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as views see it once ``HtmxMiddleware`` has run: ``request.htmx`` is
    truthy for a request HTMX made, so a view answers it with a named fragment."""

    htmx: HtmxDetails
