"""The link a client is given opens on their phone: FULCRUM_PUBLIC_URL when set, and a
warning when the address only works on the practitioner's own machine."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from fulcrum.kernel.links import only_this_machine
from fulcrum.testing import BaseTestCase, make_checkin

WARNING = "only opens on this computer"


class LinkAddressTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client)
        self.create = reverse("voice_link_create", args=[self.alice_client.pk, self.checkin.pk])
        self.login(self.alice)

    @override_settings(FULCRUM_PUBLIC_URL="https://fulcrum.example.org")
    def test_it_uses_the_public_address_for_the_link_and_the_code(self) -> None:
        r = self.client.post(self.create, follow=True, headers={"host": "127.0.0.1"})
        url = r.context["url"]
        assert url.startswith("https://fulcrum.example.org/voice/")
        self.assertNotContains(r, WARNING)

    @override_settings(FULCRUM_PUBLIC_URL="", ALLOWED_HOSTS=["127.0.0.1"])
    def test_it_warns_when_the_link_only_opens_on_this_machine(self) -> None:
        r = self.client.post(self.create, follow=True, headers={"host": "127.0.0.1:8000"})
        assert r.context["url"].startswith("http://127.0.0.1:8000/voice/")
        self.assertContains(r, WARNING)
        self.assertContains(r, "FULCRUM_PUBLIC_URL")

    @override_settings(FULCRUM_PUBLIC_URL="", ALLOWED_HOSTS=["fulcrum.lan"])
    def test_it_does_not_warn_for_an_address_others_can_reach(self) -> None:
        r = self.client.post(self.create, follow=True, headers={"host": "fulcrum.lan"})
        self.assertNotContains(r, WARNING)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/voice/x/", True),
        ("http://localhost/voice/x/", True),
        ("http://[::1]:8000/voice/x/", True),
        ("https://fulcrum.example.org/voice/x/", False),
        ("http://192.168.1.20:8000/voice/x/", False),
    ],
)
def test_it_tells_a_link_for_this_machine_alone(url: str, expected: bool) -> None:
    assert only_this_machine(url) is expected
