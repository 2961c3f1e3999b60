"""The client's power in the room on the report: a section that explains each kind cued
as a question for reflection, marks on the timeline, and a suggestion for the client's
power map that the practitioner opens, reviews and saves, or ignores."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.services import record_power_map
from fulcrum.powermaps.tests.helpers import unchanged_post
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.transcripts.report import CLIENT_POWER_MARK
from fulcrum.transcripts.tests.helpers import make_transcript

SESSIONS = Path(__file__).parents[2] / "core" / "transcripts" / "coding" / "tests" / "sessions"
ATTORNEY = SESSIONS / "counselling_attorney_client.txt"


class ClientPowerInReportTest(BaseTestCase):
    def setUp(self) -> None:
        self.transcript = make_transcript(
            self.alice_client,
            data=ATTORNEY.read_bytes(),
            filename="attorney.txt",
            practitioner="Counsellor",
        )
        self.url = reverse("transcript_detail", args=[self.alice_client.pk, self.transcript.pk])
        self.login(self.alice)

    def test_it_explains_each_kind_with_its_moments_and_question(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "The client's power in the room")
        self.assertContains(r, 'id="client-power-coercive"')
        self.assertContains(r, "Coercive power · 2 moments")
        self.assertContains(r, "“filed complaints”")
        self.assertContains(r, "How did it land in you")
        self.assertContains(r, "never a judgement of the client")

    def test_it_marks_the_moments_on_the_timeline(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, CLIENT_POWER_MARK.replace("'", "&#x27;"))
        self.assertContains(r, "The client&#x27;s power: #5")

    def test_it_offers_the_suggestion_without_changing_the_map(self) -> None:
        r = self.client.get(self.url)
        self.assertContains(r, "A suggestion for the client's power map")
        assert not PowerMap.objects.exists()
        link = r.context["map_suggest_url"]
        assert "suggest_coercive=3" in link
        form = self.client.get(link)
        self.assertContains(form, "They are a suggestion only")
        assert form.context["form"].initial["client__coercive"] == "3"
        assert not PowerMap.objects.exists()

    def test_it_suggests_only_what_the_map_does_not_already_show(self) -> None:
        ratings = {"client": {"coercive": 4, "reward": 3, "personal": 3, "expert": 3}}
        record_power_map(self.alice_client, ratings=ratings, assessed_at=NOW)
        r = self.client.get(self.url)
        kinds = [s.kind for s in r.context["map_suggestions"]]
        assert kinds == ["legitimate"]
        self.assertContains(r, "your latest map of them shows")

    def test_it_ignores_a_suggestion_in_the_address_that_is_not_a_rating(self) -> None:
        url = reverse("powermap_create", args=[self.alice_client.pk])
        form = self.client.get(url + "?suggest_coercive=9&suggest_nothing=2&suggest_reward=x")
        assert form.status_code == 200
        assert "client__coercive" not in form.context["form"].initial
        self.assertNotContains(form, "They are a suggestion only")

    def test_it_names_the_maps_rating_for_every_kind_it_suggests_0_included(self) -> None:
        # Stored as the API takes it: the client's kinds left out count as 0.
        record_power_map(
            self.alice_client,
            ratings={"practitioner": {"legitimate": 3}, "client": {"coercive": 2}},
            assessed_at=NOW,
        )
        r = self.client.get(self.url)
        current = {s.kind: s.current for s in r.context["map_suggestions"]}
        assert current["coercive"] == 2
        assert all(value is not None for value in current.values())
        self.assertContains(r, "Coercive power: 3 (the map has 2)")
        self.assertContains(r, "Legitimate power: 2 (the map has 0)")

    def test_it_saves_the_suggested_map_with_one_click(self) -> None:
        record_power_map(
            self.alice_client,
            ratings={"practitioner": {"expert": 3}, "client": {"coercive": 2}},
            assessed_at=NOW,
        )
        link = self.client.get(self.url).context["map_suggest_url"]
        form = self.client.get(link)
        saved = self.client.post(link, unchanged_post(form.context["form"]))
        assert saved.status_code == 302, saved.context["form"].errors
        latest = PowerMap.objects.filter(client=self.alice_client).first()
        assert latest is not None
        assert latest.ratings["client"]["coercive"] == 3
        assert latest.ratings["practitioner"]["expert"] == 3
        assert latest.ratings["practitioner"]["legitimate"] == 0

    def test_it_marks_each_moment_in_the_transcript_with_its_kind(self) -> None:
        r = self.client.get(self.url)
        rows = {u.index: u for u in r.context["report"].utterances}
        assert "The client's coercive power" in rows[5].flags
        body = r.content.decode()
        turn = body[body.index('<li id="u-5"') : body.index('<li id="u-6"')]
        assert "The client&#x27;s coercive power</span>" in turn
