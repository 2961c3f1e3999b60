"""The addresses Fulcrum hands to people outside the practitioner's browser.

A client's single-use link and its QR code must open on the client's phone, so they use
``FULCRUM_PUBLIC_URL`` when it is set, and otherwise the address the practitioner's own
browser used; ``only_this_machine`` says when that address cannot work anywhere else.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 in brackets or not) is this machine."""
    host = host.strip().lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def public_url(request: HttpRequest, path: str) -> str:
    """``path`` (absolute, from ``reverse``) as an address someone else can open."""
    base = getattr(settings, "FULCRUM_PUBLIC_URL", "")
    if base:
        return base.rstrip("/") + path
    return request.build_absolute_uri(path)


def only_this_machine(url: str) -> bool:
    """Whether ``url`` points at this machine alone (127.0.0.1, localhost, ::1)."""
    host = urlsplit(url).hostname or ""
    return is_loopback(host)


# A page whose address carries its own credential (a token or one-time code in the URL):
# never sent on as a referrer, never cached, never indexed.
PRIVATE_LINK_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store, private",
    "X-Robots-Tag": "noindex, nofollow",
}


def private_link(response: HttpResponse) -> HttpResponse:
    """``response`` with the headers a page reached by a private link sends."""
    for header, value in PRIVATE_LINK_HEADERS.items():
        response[header] = value
    return response


def handed_over(url: str) -> dict[str, object]:
    """What a page shows to hand a private address over: the address, its QR code
    (segno draws it from the URL, so nothing typed goes into the markup) and whether it
    only works on this machine."""
    from django.utils.safestring import mark_safe

    from fulcrum.kernel.qr import qr_svg

    return {"url": url, "qr": mark_safe(qr_svg(url)), "only_here": only_this_machine(url)}
