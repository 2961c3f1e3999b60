"""From a transcript's report to its session's check-in: pre-filled, reviewed, saved, linked."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.tests.helpers import form_data
from fulcrum.testing import BaseTestCase, make_checkin, make_client
from fulcrum.transcripts.tests.helpers import make_transcript


class CheckInPrefillTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.transcript = make_transcript(self.alice_client)
        self.create = reverse("checkin_create", args=[self.alice_client.pk])
        self.url = f"{self.create}?transcript={self.transcript.pk}"

    def test_it_fills_in_choices_disclosure_and_date_from_the_transcript(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        form = r.context["form"]
        assert form["choices_offered"].value() == "yes"
        assert form["choices_count"].value() == 2
        assert form["disclosure"].value() == "yes"
        assert "When I was your age my own shifts changed" in form["disclosure_note"].value()
        assert "(0:31)" in form["disclosure_note"].value()
        assert form["disclosure_served"].value() is None
        when = timezone.localtime(self.transcript.session_at).strftime("%Y-%m-%dT%H:%M")
        self.assertContains(r, f'value="{when}"')
        self.assertContains(r, "Filled in from the transcript")
        self.assertContains(r, "Whose need did it serve?")
        self.assertContains(r, f'action="{self.url}"')
        self.assertContains(r, f'hx-post="{self.url}"')
        assert not CheckIn.objects.exists()

    def test_it_404s_for_another_users_transcript(self) -> None:
        bobs = make_transcript(self.bob_client)
        self.login(self.alice)
        assert self.client.get(f"{self.create}?transcript={bobs.pk}").status_code == 404
        assert self.client.get(f"{self.create}?transcript=nonsense").status_code == 404
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        bobs_create = reverse("checkin_create", args=[self.bob_client.pk])
        r = self.client.get(f"{bobs_create}?transcript={self.transcript.pk}")
        assert r.status_code == 404

    def test_it_404s_for_a_transcript_of_another_of_the_users_clients(self) -> None:
        other = make_client(self.alice, "A-002")
        self.login(self.alice)
        url = reverse("checkin_create", args=[other.pk]) + f"?transcript={self.transcript.pk}"
        assert self.client.get(url).status_code == 404

    def test_it_saves_what_the_practitioner_confirms_and_links_the_transcript(self) -> None:
        self.login(self.alice)
        data = form_data(
            choices_offered="yes",
            choices_count="1",
            disclosure="yes",
            disclosure_served="unsure",
            disclosure_note="Told Sam my shifts changed too.",
        )
        r = self.client.post(self.url, data)
        assert r.status_code == 302
        checkin = CheckIn.objects.get()
        assert checkin.disclosure_note == "Told Sam my shifts changed too."
        self.transcript.refresh_from_db()
        assert self.transcript.checkin == checkin

    def test_it_keeps_the_draft_when_a_required_answer_is_missing(self) -> None:
        self.login(self.alice)
        data = form_data(disclosure="yes", disclosure_note="Draft from the transcript.")
        r = self.client.post(self.url, data)
        assert r.status_code == 200
        self.assertContains(r, "Whose need did the disclosure serve?")
        self.assertContains(r, 'value="Draft from the transcript."')
        assert not CheckIn.objects.exists()
        self.transcript.refresh_from_db()
        assert self.transcript.checkin is None

    def test_it_offers_to_update_the_linked_checkin_with_the_suggestions(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=1, choices_offered="no", note="Mine.")
        linked = make_transcript(self.alice_client, checkin=checkin)
        self.login(self.alice)
        edit = reverse("checkin_edit", args=[self.alice_client.pk, checkin.pk])
        r = self.client.get(f"{edit}?transcript={linked.pk}")
        form = r.context["form"]
        assert form["choices_offered"].value() == "yes"
        assert form["disclosure"].value() == "yes"
        assert form["note"].value() == "Mine."
        self.assertContains(r, "Filled in from the transcript")
        self.assertContains(r, f'action="{edit}?transcript={linked.pk}"')


UNDERUSE_TXT = (
    b"Kim: Hello Ray, come in. We have the hour today. What would you like to focus on?\n"
    b"Ray: Could I pay you next month? Money is tight.\n"
    b"Kim: Sure, no problem.\n"
    b"Ray: You look gorgeous today, by the way.\n"
    b"Kim: Ha, thanks. So, the shoulder.\n"
    b"Ray: It's still stiff in the mornings.\n"
)


class UnderusePrefillTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.transcript = make_transcript(
            self.alice_client, data=UNDERUSE_TXT, filename="s.txt", practitioner="Kim"
        )

    def test_it_ticks_the_under_use_signs_the_transcript_shows(self) -> None:
        self.login(self.alice)
        create = reverse("checkin_create", args=[self.alice_client.pk])
        r = self.client.get(f"{create}?transcript={self.transcript.pk}")
        ticked = r.context["form"]["indicators"].value()
        assert sorted(ticked) == ["behaviour_not_addressed", "policy_not_enforced"]
        self.assertContains(r, "“You look gorgeous”")

    def test_it_adds_the_signs_to_those_already_ticked_on_edit(self) -> None:
        checkin = make_checkin(
            self.alice_client, days_ago=1, indicators=frozenset({"friendship_drift"})
        )
        self.login(self.alice)
        edit = reverse("checkin_edit", args=[self.alice_client.pk, checkin.pk])
        r = self.client.get(f"{edit}?transcript={self.transcript.pk}")
        assert sorted(r.context["form"]["indicators"].value()) == [
            "behaviour_not_addressed",
            "friendship_drift",
            "policy_not_enforced",
        ]
