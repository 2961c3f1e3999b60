"""The report says which coder read the session, in plain words, and never a server path."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from fulcrum.testing import NOW, BaseTestCase
from fulcrum.transcripts.coders import OLD_MODEL_FILE
from fulcrum.transcripts.report import describe_coder
from fulcrum.transcripts.services import attach_transcript
from fulcrum.transcripts.tests.helpers import short_vtt


class CoderNoteTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _model_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.model_dir = tmp_path / "srv-home" / "models"
        monkeypatch.setenv("FULCRUM_MODEL_DIR", str(self.model_dir))

    def _page(self) -> str:
        # No coder passed: the service looks in the model folder, as on a real server.
        transcript = attach_transcript(self.alice_client, short_vtt(), "session.vtt", now=NOW)
        # What is stored travels on to the API and exports: it names no folder either.
        assert transcript.coder_notes
        assert not any("srv-home" in n for n in transcript.coder_notes)
        assert not any("srv-home" in str(n) for n in transcript.analysis["notes"])
        self.login(self.alice)
        url = reverse("transcript_detail", args=[self.alice_client.pk, transcript.pk])
        return self.client.get(url).content.decode()

    def test_it_never_shows_the_folder_it_looked_in(self) -> None:
        page = self._page()
        assert str(self.model_dir) not in page
        assert "srv-home" not in page

    def test_it_says_the_rules_were_used_and_how_to_get_the_learned_coder(self) -> None:
        page = self._page()
        assert "Coded with Fulcrum&#x27;s transparent rules" in page
        assert "<code>fulcrum analyzer train --corpus AnnoMI-full.csv</code>" in page
        assert "Analyse again" in page

    def test_it_says_an_old_coder_was_not_used(self) -> None:
        self.model_dir.mkdir(parents=True)
        (self.model_dir / OLD_MODEL_FILE).write_bytes(b"old")
        page = self._page()
        assert "an older Fulcrum saved it, so it was not used" in page
        assert str(self.model_dir) not in page

    def test_it_lists_the_speakers_with_their_share_of_the_words(self) -> None:
        page = self._page()
        section = page[page.index('id="speakers"') : page.index('id="timeline"')]
        assert "Dana Reyes" in section
        assert "practitioner" in section
        assert "%" in section


def test_it_removes_any_path_from_other_notes() -> None:
    summary = describe_coder(
        "rules", "rules", ["Something odd in /home/fulcrum/.cache/fulcrum/models happened."]
    )
    assert summary.notes == ("Something odd in the server's model folder happened.",)


def test_it_names_a_learned_coder_without_asking_for_training() -> None:
    summary = describe_coder("learned", "learned (AnnoMI-full.csv)", [])
    assert "learned coder trained on this computer" in summary.used
    assert summary.better == ""
