"""The report page of a transcript at the utterance limit stays under 2 MB of HTML: the
transcript is listed a page of turns at a time, and every link finds its turn's page."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.tests.helpers import make_transcript
from fulcrum.transcripts.uploads import utterance_limit
from fulcrum.transcripts.views import TURNS_PER_PAGE

MEGABYTE = 1024 * 1024


def _session(turns: int) -> bytes:
    lines = []
    for i in range(turns):
        if i % 2 == 0:
            lines.append(f"Dana: What would you like to look at today, and where to start {i}?")
        else:
            lines.append(f"Sam: I pay you three hundred dollars an hour, so I expect results {i}.")
    return "\n".join(lines).encode()


class ReportPageStaysLightTest(BaseTestCase):
    turns: int
    transcript: Transcript

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.turns = utterance_limit()
        cls.transcript = make_transcript(
            cls.alice_client, data=_session(cls.turns), filename="long.txt", practitioner="Dana"
        )

    def url(self, query: str = "") -> str:
        args = [self.alice_client.pk, self.transcript.pk]
        return reverse("transcript_detail", args=args) + query

    def test_it_stays_under_two_megabytes_at_the_limit(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url())
        assert r.status_code == 200
        assert len(r.content) < 2 * MEGABYTE, len(r.content)
        body = r.content.decode()
        assert 'id="u-0"' in body
        assert f'id="u-{TURNS_PER_PAGE}"' not in body

    def test_it_lists_a_later_page_and_links_other_turns_to_their_page(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url("?page=2"))
        body = r.content.decode()
        assert f'id="u-{TURNS_PER_PAGE}"' in body
        assert 'id="u-0"' not in body
        assert 'href="?page=1#u-0"' in body
        assert f'href="#u-{TURNS_PER_PAGE}"' in body

    def test_it_answers_a_page_out_of_range_with_the_nearest(self) -> None:
        self.login(self.alice)
        for query in ("?page=0", "?page=x", "?page=99999999999999999999"):
            r = self.client.get(self.url(query))
            assert r.status_code == 200
