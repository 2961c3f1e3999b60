"""The client page reads whether the client has an open serious concern and whether any
policy is published with the client itself, and asks for those sections only then."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.checkins.access import open_concerns_for_user
from fulcrum.checkins.tests.helpers import open_concern
from fulcrum.clients.models import Client
from fulcrum.policies.access import published_versions_for_user
from fulcrum.policies.models import PolicyVersion
from fulcrum.policies.services import publish, start_draft
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client
from fulcrum.workspace.client_page import Asked, client_for_page


class ClientPageAsksWhatItShowsTestCase(BaseTestCase):
    def page(self, client: Client) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            r = self.client.get(reverse("client_detail", args=[client.pk]))
        assert r.status_code == 200
        return len(queries), r.content.decode()

    def expected(self, client: Client) -> Asked:
        return Asked(
            open_concern=open_concerns_for_user(self.alice).filter(client=client).exists(),
            published_policy=published_versions_for_user(self.alice).exists(),
        )

    def test_the_answers_follow_the_access_functions(self) -> None:
        other = make_client(self.alice, "A-002")
        assert client_for_page(self.alice, self.alice_client.pk)[1] == Asked(False, False)
        open_concern(other)  # another client's concern is not this one's
        open_concern(self.bob_client)
        draft = start_draft(self.bob, "payment", now=NOW)
        publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        start_draft(self.alice, "payment", now=NOW)  # a draft is not published
        for client in (self.alice_client, other):
            assert client_for_page(self.alice, client.pk)[1] == self.expected(client)
        assert client_for_page(self.alice, self.alice_client.pk)[1] == Asked(False, False)
        concern = open_concern(self.alice_client)
        publish(
            PolicyVersion.objects.get(policy__owner=self.alice),
            change="",
            summary="",
            effective_on=NOW.date(),
            now=NOW,
        )
        assert client_for_page(self.alice, self.alice_client.pk)[1] == Asked(True, True)
        concern.closed_at = NOW
        concern.save(update_fields=["closed_at"])
        assert client_for_page(self.alice, self.alice_client.pk)[1] == Asked(False, True)
        assert self.expected(self.alice_client) == Asked(False, True)

    def test_it_reads_the_concern_and_policy_sections_only_when_there_is_something(
        self,
    ) -> None:
        make_checkin(self.alice_client, days_ago=3)
        self.login(self.alice)
        quiet, page = self.page(self.alice_client)
        # Session, user with roles, the client with its two answers, and the sections
        # that show something on every page (check-ins, drift, power maps, transcripts,
        # the client's voice, safe harbour, journal).
        assert quiet == 13
        assert 'id="serious-concerns"' not in page
        assert 'class="consent-gaps"' not in page
        draft = start_draft(self.alice, "cancellation", now=NOW)
        publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        concern = open_concern(self.alice_client)
        busy, page = self.page(self.alice_client)
        assert 'id="serious-concerns"' in page
        assert reverse("concern_close", args=[self.alice_client.pk, concern.pk]) in page
        assert 'class="consent-gaps"' in page
        # The concerns, the published policies, the consent events against them and the
        # enforcement records under them.
        assert busy - quiet == 4
