"""The report's small words: turn numbers in order, counts as whole numbers, and where the
practitioner was taken from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.formatting import indicator_value
from fulcrum.transcripts.report import build_report
from fulcrum.transcripts.tests.helpers import make_transcript

LABELLED = (
    b"Therapist: What would you like to look at today?\n"
    b"Client: The week, mostly. It was a hard one.\n"
    b"Therapist: A hard week. Tell me about it.\n"
    b"Client: Work, and sleeping badly.\n"
)


@dataclass(frozen=True)
class StubTranscript:
    analysis: Mapping[str, Any]
    filename: str = "s.txt"
    source_format: str = "plain"
    speakers: Sequence[str] = ("Dana", "Sam")
    practitioner: str = "Dana"


@dataclass(frozen=True)
class StubUtterance:
    index: int
    speaker: str
    text: str = "Words."
    start: float | None = None
    end: float | None = None
    line: int | None = None


def test_it_lists_the_turns_behind_an_indicator_in_order() -> None:
    indicator = {"id": "questions_per_reflection", "label": "Questions per reflection",
                 "value": 2.0, "unit": "ratio", "utterances": [0, 2, 8, 4, 2]}  # fmt: skip
    analysis = {"indicators": [indicator]}
    turns = [StubUtterance(i, "Dana" if i % 2 == 0 else "Sam") for i in range(10)]
    report = build_report(StubTranscript(analysis), turns)
    assert report.indicators[0].utterances == (0, 2, 4, 8)


def test_it_shows_episode_counts_as_whole_numbers() -> None:
    assert indicator_value(0.0, "episodes") == "0"
    assert indicator_value(2.0, "episodes") == "2"
    # An episode found with half strength adds a half.
    assert indicator_value(1.5, "episodes") == "1.5"


class PractitionerBasisTest(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.alice)

    def page(self, **kwargs: Any) -> str:
        transcript = make_transcript(self.alice_client, **kwargs)
        r = self.client.get(
            reverse("transcript_detail", args=[self.alice_client.pk, transcript.pk])
        )
        return r.content.decode()

    def test_it_says_the_practitioner_came_from_a_role_the_file_gives(self) -> None:
        body = self.page(data=LABELLED, filename="labelled.txt")
        assert "Fulcrum guessed" not in body
        assert "from a role the file gives" in body
        assert "<strong>Therapist</strong>" in body

    def test_it_says_fulcrum_guessed_when_it_read_how_people_speak(self) -> None:
        body = self.page()
        assert "Fulcrum guessed that <strong>Dana Reyes</strong> is the practitioner" in body
        assert "from how each speaker talks" in body
