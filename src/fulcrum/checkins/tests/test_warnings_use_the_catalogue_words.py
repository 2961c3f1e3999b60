"""Stored drift warnings name indicators by their catalogue label and ask their question.

Without the catalogue the detector falls back to the indicator's id made readable
("Self disclosure practitioner need") and a generic question; the workspace has the
catalogue, so its warnings speak in Fulcrum's own words.
"""

from __future__ import annotations

from fulcrum.checkins.models import DriftWarning
from fulcrum.core.catalogue import load_catalogue
from fulcrum.testing import BaseTestCase, make_checkin


class WarningWordsTestCase(BaseTestCase):
    def test_it_titles_and_asks_with_the_catalogue(self) -> None:
        for days_ago in range(20, 4, -1):
            make_checkin(self.alice_client, days_ago=days_ago, choices_offered="yes")
        for days_ago in range(4, 0, -1):
            make_checkin(
                self.alice_client,
                days_ago=days_ago,
                choices_offered="yes",
                disclosure=True,
                disclosure_served="practitioner",
            )
        indicator = load_catalogue().indicator("self_disclosure_practitioner_need")
        warning = DriftWarning.objects.get(
            client=self.alice_client, rule="pattern", indicator_ids=[indicator.id]
        )
        assert warning.title.startswith(f"{indicator.label}: ")
        assert f"'{indicator.label}'" in warning.explanation
        assert warning.question == indicator.question
