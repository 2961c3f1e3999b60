"""The visitor's address, for counting failed attempts (sign-in, client links).

``REMOTE_ADDR`` is whoever opened the connection. Behind a reverse proxy that is the
proxy for every visitor, so one visitor's failures would lock everyone out. Name the
proxies in ``FULCRUM_TRUSTED_PROXIES`` (addresses or networks, comma-separated): when
the connection comes from one of them, the address is the right-most entry of
``X-Forwarded-For`` that is not itself a trusted proxy — the entries to its left are
the visitor's to invent. IPv6 addresses count by their /64, the block one machine is
usually given, so a visitor cannot get a fresh count from each address of its block.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for item in configured:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"FULCRUM_TRUSTED_PROXIES holds {item!r}, which is not an address or network."
            ) from None
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "FULCRUM_TRUSTED_PROXIES", ())))


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as a header or the server gives it: ``192.0.2.1``, ``192.0.2.1:4444``,
    ``2001:db8::1``, ``[2001:db8::1]:4444``; IPv4 carried in IPv6 (``::ffff:192.0.2.1``,
    as a server listening on IPv6 reports IPv4 visitors) is read as the IPv4 address."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Iterable[Network]
) -> bool:
    return any(address in network for network in proxies)


def counted_address(request: HttpRequest) -> str:
    """The address failures are counted against (see the module's docstring)."""
    remote = _parse(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return str(request.META.get("REMOTE_ADDR", ""))  # not an address: counted as given
    proxies = trusted_proxies()
    if proxies and _trusted(remote, proxies):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        for entry in reversed(forwarded.split(",")):
            hop = _parse(entry)
            if hop is None:
                break  # a hop that is not an address: trust nothing further left
            remote = hop
            if not _trusted(hop, proxies):
                break
    if remote.version == 6:
        return str(ipaddress.ip_network(f"{remote}/64", strict=False))
    return str(remote)
