from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse

from fulcrum.clientvoice.models import FailedVoiceLookup
from fulcrum.clientvoice.services import is_limited, record_failure, source_key
from fulcrum.clientvoice.tests.helpers import open_link
from fulcrum.testing import NOW, BaseTestCase, make_checkin


@override_settings(FULCRUM_VOICE_FAILURES_ALLOWED=3, FULCRUM_VOICE_FAILURE_WINDOW_MINUTES=15)
class RateLimitTestCase(BaseTestCase):
    def guess(self, n: int, address: str = "203.0.113.9") -> int:
        url = reverse("voice_answer", args=[f"guess{n:027d}"])
        return self.client.get(url, REMOTE_ADDR=address).status_code

    def test_it_stops_answering_after_too_many_failed_lookups(self) -> None:
        self.assertEqual([self.guess(n) for n in range(4)], [404, 404, 404, 429])
        # Even a real link is refused from that address until the window passes.
        token = open_link(make_checkin(self.alice_client))
        url = reverse("voice_answer", args=[token])
        r = self.client.get(url, REMOTE_ADDR="203.0.113.9")
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, "too many tries", status_code=429)
        self.assertNotContains(r, "A-001", status_code=429)
        # Other visitors are not affected.
        self.assertEqual(self.client.get(url, REMOTE_ADDR="198.51.100.7").status_code, 200)

    def test_it_keeps_no_address_only_a_keyed_hash(self) -> None:
        self.guess(1)
        stored = FailedVoiceLookup.objects.get().source
        self.assertNotIn("203.0.113.9", stored)
        self.assertEqual(stored, source_key("203.0.113.9"))

    def test_it_forgets_failures_after_the_window(self) -> None:
        source = source_key("192.0.2.1")
        for minutes in (0, 1, 2):
            record_failure(source, now=NOW + timedelta(minutes=minutes))
        self.assertTrue(is_limited(source, now=NOW + timedelta(minutes=3)))
        self.assertFalse(is_limited(source, now=NOW + timedelta(minutes=15, seconds=1)))
        record_failure(source, now=NOW + timedelta(minutes=40))
        self.assertEqual(FailedVoiceLookup.objects.count(), 1, "old failures are pruned")
