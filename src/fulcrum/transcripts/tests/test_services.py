"""attach_transcript, set_practitioner and link_to_checkin: what they store and refuse."""

from __future__ import annotations

from unittest import mock

import pytest

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.testing import NOW, BaseTestCase, make_checkin
from fulcrum.transcripts import services
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.tests.helpers import make_transcript, short_vtt

# Two names, nothing to tell them apart: Fulcrum guesses, unsure, and says so.
UNSURE = b"Ada: Hello.\nBen: Hi.\nAda: Okay.\nBen: Sure.\n"
ONE_SPEAKER = b"Ada: Hello there.\nAda: Anyone?\n"


class AttachTranscriptTestCase(BaseTestCase):
    def test_it_stores_utterances_with_times_and_lines(self) -> None:
        t = make_transcript(self.alice_client)
        first = Utterance.objects.get(transcript=t, index=0)
        assert (first.speaker, first.start, first.end, first.line) == ("Dana Reyes", 1.0, 5.0, 8)
        assert first.text == "Welcome back. Where would you like to start today?"
        assert t.utterance_count == 10
        assert t.analysis["coder"] == {"name": "rules", "kind": "rules"}
        assert t.over_use == t.analysis["indices"]["over_use"]["value"]
        assert t.created_at == t.analysed_at == NOW

    def test_it_stores_nothing_when_the_analysis_fails(self) -> None:
        with (
            mock.patch.object(RulesCoder, "code", side_effect=InvalidInput("coder broke")),
            pytest.raises(InvalidInput),
        ):
            make_transcript(self.alice_client)
        assert not Transcript.objects.exists()
        assert not Utterance.objects.exists()

    def test_it_stores_nothing_when_saving_the_utterances_fails(self) -> None:
        with (
            mock.patch.object(Utterance.objects, "bulk_create", side_effect=RuntimeError("disk")),
            pytest.raises(RuntimeError),
        ):
            make_transcript(self.alice_client)
        assert not Transcript.objects.exists()

    def test_it_refuses_a_file_it_cannot_read_with_the_line(self) -> None:
        with pytest.raises(ParseError, match=r"^Line 1: "):
            make_transcript(self.alice_client, data=b"hello\n", filename="s.vtt")
        assert not Transcript.objects.exists()

    def test_it_refuses_a_file_over_the_limit(self) -> None:
        with pytest.raises(ParseError, match="Fulcrum reads transcripts up to 100 bytes"):
            make_transcript(self.alice_client, max_bytes=100)

    def test_it_asks_for_the_practitioner_when_it_cannot_tell(self) -> None:
        with pytest.raises(InvalidInput, match="name them"):
            make_transcript(self.alice_client, data=ONE_SPEAKER, filename="s.txt")
        assert not Transcript.objects.exists()

    def test_it_keeps_an_unsure_guess_warning_apart_from_the_files_warnings(self) -> None:
        t = make_transcript(self.alice_client, data=UNSURE, filename="s.txt")
        assert t.practitioner_confidence < 0.6
        assert len(t.guess_warnings) == 1
        assert "please confirm" in t.guess_warnings[0]
        assert t.guess_warnings[0] not in t.file_warnings

    def test_it_refuses_another_clients_checkin(self) -> None:
        bobs = make_checkin(self.bob_client)
        with pytest.raises(InvalidInput, match="another client"):
            make_transcript(self.alice_client, checkin=bobs)
        assert not Transcript.objects.exists()

    def test_it_keeps_only_the_files_own_name_cut_to_fit(self) -> None:
        t = services.attach_transcript(
            self.alice_client,
            short_vtt(),
            "C:\\Users\\me\\Desktop\\" + "x" * 300 + ".vtt",
            now=NOW,
            coder=RulesCoder(),
        )
        assert t.filename.endswith(".vtt")
        assert len(t.filename) == 255
        assert "Desktop" not in t.filename


class SetPractitionerTestCase(BaseTestCase):
    def test_it_rebuilds_the_transcript_from_what_was_stored(self) -> None:
        t = make_transcript(self.alice_client)
        parsed = services.parsed_transcript(t)
        assert len(parsed.utterances) == 10
        assert parsed.speakers == ("Dana Reyes", "Sam Ortiz")
        assert parsed.utterances[6].text.startswith("When I was your age")

    def test_it_refuses_an_unknown_speaker(self) -> None:
        t = make_transcript(self.alice_client)
        with pytest.raises(InvalidInput, match="No speaker called 'Robin'"):
            services.set_practitioner(t, "Robin", now=NOW, coder=RulesCoder())

    def test_it_drops_the_unsure_guess_warning_once_chosen(self) -> None:
        t = make_transcript(self.alice_client, data=UNSURE, filename="s.txt")
        services.set_practitioner(t, "Ben", now=NOW, coder=RulesCoder())
        t.refresh_from_db()
        assert t.practitioner == "Ben"
        assert not any("please confirm" in w for w in t.analysis["warnings"])


class LinkToCheckinTestCase(BaseTestCase):
    def test_it_refuses_another_clients_checkin(self) -> None:
        t = make_transcript(self.alice_client)
        with pytest.raises(InvalidInput):
            services.link_to_checkin(t, make_checkin(self.bob_client))

    def test_unlinking_when_the_checkin_is_deleted_keeps_the_transcript(self) -> None:
        checkin = make_checkin(self.alice_client)
        t = make_transcript(self.alice_client, checkin=checkin)
        checkin.delete()
        t.refresh_from_db()
        assert t.checkin is None
