from __future__ import annotations

from django.urls import reverse

from fulcrum.core.reflection import DISCLOSURE_INQUIRY
from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.testing import BaseTestCase, make_checkin


class DisclosurePagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        make_checkin(
            self.alice_client,
            days_ago=3,
            disclosure=True,
            disclosure_served="practitioner",
            disclosure_followed="turned_to_me",
            disclosure_note="My own divorce.",
        )
        make_checkin(self.alice_client, days_ago=2, disclosure=True, disclosure_served="client")
        make_checkin(self.alice_client, days_ago=1)
        make_checkin(
            self.bob_client,
            disclosure=True,
            disclosure_served="unsure",
            disclosure_note="Bob's holiday.",
        )
        self.caseload = reverse("disclosure_caseload")
        self.client_url = reverse("disclosure_client", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.caseload)
        assert_login_required(self, self.client_url)

    def test_it_counts_disclosures_across_the_owners_caseload(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.caseload)
        self.assertEqual(r.status_code, 200)
        [(client, counts)] = r.context["rows"]
        self.assertEqual(client, self.alice_client)
        self.assertEqual((client.sessions, client.disclosures), (3, 2))
        self.assertEqual(counts, [1, 1, 0, 0, 0])
        self.assertContains(r, DISCLOSURE_INQUIRY.split("—")[0])
        self.assertNotContains(r, "B-001")

    def test_it_shows_each_disclosure_whose_need_and_what_followed(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.client_url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "You disclosed something of yourself in 2 of 3 sessions.")
        self.assertContains(r, "The client&#x27;s attention turned to me")
        self.assertContains(r, "My own divorce.")
        self.assertContains(r, "What followed was not recorded.")
        self.assertContains(r, "<svg")
        self.assertNotContains(r, "Bob&#x27;s holiday.")

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.client_url).status_code, 404)
