from __future__ import annotations

import re
from html import escape

from django.urls import reverse

from fulcrum.testing import BaseTestCase, make_client
from fulcrum.transcripts.tests.helpers import CHOICE_TURN, DISCLOSURE_TURN, make_transcript

THREE_SPEAKERS = b"""T: How are you both arriving today?
Alex: Tired. We argued in the car.
Jamie: We did. About the holidays again.
T: Would you like to start with the car, or with the holidays? It's up to you.
Alex: The holidays.
Jamie: Fine, the holidays.
"""


class TranscriptReportTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.transcript = make_transcript(self.alice_client)
        self.url = reverse("transcript_detail", args=[self.alice_client.pk, self.transcript.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_else(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404

    def test_it_404s_through_the_owners_other_client(self) -> None:
        other = make_client(self.alice, "A-002")
        self.login(self.alice)
        url = reverse("transcript_detail", args=[other.pk, self.transcript.pk])
        assert self.client.get(url).status_code == 404

    def test_it_shows_the_header_the_guess_and_the_coder_note(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Session transcript · A-001")
        self.assertContains(r, "session.vtt")
        self.assertContains(r, "Coded with the rules")
        self.assertContains(r, "each code names the cue that triggered it")
        self.assertContains(r, "Fulcrum guessed that <strong>Dana Reyes</strong>")
        confidence = round(self.transcript.practitioner_confidence * 100)
        self.assertContains(r, f"{confidence}%")
        self.assertContains(r, '<option value="Sam Ortiz">Sam Ortiz</option>', html=True)
        self.assertContains(r, "prompt for reflection and supervision, never a verdict")

    def test_it_draws_the_timeline_with_links_to_every_turn(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        html = r.content.decode()
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert 'class="timeline"' in svg
        assert "<title>Timeline of the session in session.vtt</title>" in svg
        for index in range(10):
            assert f'href="#u-{index}"' in svg
            assert f'id="u-{index}"' in html
        assert "Choices offered (2)" in svg
        assert "Practitioner self-disclosure (1)" in svg

    def test_it_lists_every_indicator_with_its_explanation_and_moments(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        for item in self.transcript.analysis["indicators"]:
            self.assertContains(r, f'id="ind-{item["id"]}"')
            self.assertContains(r, escape(item["explanation"]))
        html = r.content.decode()
        block = html[html.index('id="ind-self_disclosure"') :]
        block = block[: block.index("</dd>")]
        assert f'href="#u-{DISCLOSURE_TURN}"' in block
        block = html[html.index('id="ind-choices_offered"') :]
        assert f'href="#u-{CHOICE_TURN}"' in block[: block.index("</dd>")]

    def test_it_explains_both_indices_by_their_components(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Over-use index")
        self.assertContains(r, "Under-use index")
        for component in self.transcript.analysis["indices"]["over_use"]["components"]:
            self.assertContains(r, f'href="#ind-{component["indicator"]}"')
        self.assertContains(r, "5 is a typical session")

    def test_it_shows_each_turn_with_speaker_time_code_and_cue(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        html = r.content.decode()
        turn = html[html.index(f'id="u-{DISCLOSURE_TURN}"') :]
        turn = turn[: turn.index("</li>")]
        assert "Dana Reyes" in turn
        assert "<time>0:31</time>" in turn
        assert "line " in turn
        assert "When I was your age my own shifts changed" in turn
        assert "self-disclosure" in turn.lower()
        assert re.search(r'class="badge code-\w+"', turn)

    def test_it_offers_to_start_the_check_in_for_the_session(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        create = reverse("checkin_create", args=[self.alice_client.pk])
        self.assertContains(r, f"{create}?transcript={self.transcript.pk}")
        self.assertContains(r, "Start the check-in for this session")

    def test_it_reports_more_than_two_speakers_rather_than_refusing(self) -> None:
        couple = make_transcript(self.alice_client, data=THREE_SPEAKERS, filename="couple.txt")
        self.login(self.alice)
        r = self.client.get(reverse("transcript_detail", args=[self.alice_client.pk, couple.pk]))
        self.assertContains(r, "This session has 3 speakers (T, Alex, Jamie)")
        html = r.content.decode()
        svg = html[html.index("<svg") : html.index("</svg>")]
        assert "words into the session" in svg
        for name in ("Alex", "Jamie"):
            assert f"<title>{name}</title>" in svg


class LongTranscriptReportTestCase(BaseTestCase):
    def test_it_folds_long_lists_of_turns_but_keeps_every_turn_on_the_page(self) -> None:
        lines = ["WEBVTT", ""]
        for i in range(200):
            who = "Dana" if i % 2 == 0 else "Sam"
            lines += [f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.500"]
            lines += [f"<v {who}>Turn number {i} in a long session.</v>", ""]
        t = make_transcript(self.alice_client, data="\n".join(lines).encode())
        self.login(self.alice)
        r = self.client.get(reverse("transcript_detail", args=[self.alice_client.pk, t.pk]))
        html = r.content.decode()
        block = html[html.index('id="ind-talk_share_words"') :]
        block = block[: block.index("</dd>")]
        assert "and 92 more" in block
        assert "and 40 more turns, all in the transcript below" in block
        assert block.count('href="#u-') == 60
        assert html.count('<li id="u-') == 200


UNDERUSE = b"""Kim: Hello Ray, come in. We have the hour today. What would you like to focus on?
Ray: Could I pay you next month? Money is tight.
Kim: Sure, no problem.
Ray: It's still stiff in the mornings.
"""


class UnderuseReportTestCase(BaseTestCase):
    def test_it_shows_each_under_use_episode_with_its_words_and_turns(self) -> None:
        t = make_transcript(self.alice_client, data=UNDERUSE, filename="s.txt", practitioner="Kim")
        self.login(self.alice)
        r = self.client.get(reverse("transcript_detail", args=[self.alice_client.pk, t.pk]))
        self.assertContains(r, "0 means no episode of the role held back was found")
        self.assertContains(r, "<strong>Policy request accepted</strong>", html=False)
        self.assertContains(r, escape("“pay you next month”"))
        self.assertContains(r, '<a href="#u-1">#1</a>, <a href="#u-2">#2</a>', html=False)
        flag = '<span class="badge flag">Policy request accepted</span>'
        self.assertContains(r, flag, html=False)
        # Listening and reflecting raise nothing: the other cues read "none found".
        self.assertContains(r, "none found")
