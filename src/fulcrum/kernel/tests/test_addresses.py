"""The address failed attempts are counted against (fulcrum.kernel.addresses)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from fulcrum.kernel.addresses import counted_address


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return counted_address(RequestFactory().get("/", **extra))  # type: ignore[arg-type]


def test_without_trusted_proxies_it_is_the_connection() -> None:
    assert address("192.0.2.1", "198.51.100.7") == "192.0.2.1"


@override_settings(FULCRUM_TRUSTED_PROXIES=["192.0.2.1", "10.0.0.0/8"])
def test_it_walks_forwarded_for_from_the_right_past_trusted_proxies() -> None:
    assert address("192.0.2.1", "203.0.113.5, 198.51.100.7, 10.2.3.4") == "198.51.100.7"
    # A connection from an untrusted address: its header is not read at all.
    assert address("198.51.100.99", "203.0.113.5") == "198.51.100.99"
    # Nothing forwarded, or garbage: the proxy's own address, shared by everyone.
    assert address("192.0.2.1") == "192.0.2.1"
    assert address("192.0.2.1", "not-an-address") == "192.0.2.1"
    # Every hop trusted: the left-most of them.
    assert address("192.0.2.1", "10.9.9.9, 10.1.1.1") == "10.9.9.9"
    # A hop that is not an address ends the walk: nothing to its left is believed.
    assert address("192.0.2.1", "203.0.113.5, junk") == "192.0.2.1"
    assert address("192.0.2.1", "203.0.113.5, junk, 10.1.1.1") == "10.1.1.1"
    # Ports and brackets, as some proxies write them.
    assert address("192.0.2.1", "198.51.100.7:4444") == "198.51.100.7"
    assert address("192.0.2.1", "[2001:db8:5::1]:4444") == "2001:db8:5::/64"


@override_settings(FULCRUM_TRUSTED_PROXIES=["127.0.0.1"])
def test_ipv4_carried_in_ipv6_is_read_as_ipv4() -> None:
    # A server listening on IPv6 reports IPv4 visitors this way; each keeps its own count.
    assert address("::ffff:192.0.2.1") == "192.0.2.1"
    assert address("::ffff:198.51.100.7") == "198.51.100.7"
    # And a trusted IPv4 proxy is recognised in that form.
    assert address("::ffff:127.0.0.1", "203.0.113.5") == "203.0.113.5"


def test_ipv6_counts_by_its_64_block() -> None:
    assert address("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address("2001:db8:1:2::ffff") == address("2001:db8:1:2:aaaa::1")


@override_settings(FULCRUM_TRUSTED_PROXIES=["proxy.example"])
def test_a_trusted_proxy_that_is_not_an_address_is_named() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"'proxy\.example'"):
        address("192.0.2.1")
