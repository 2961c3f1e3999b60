"""The indices' meters say which end is the one to look at: a high over-use or under-use
is not painted as a good result (a bare meter is green whatever its value)."""

from __future__ import annotations

import re

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.tests.helpers import make_transcript

METER = re.compile(r"<meter ([^>]*)>")


def attributes(tag: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r'(\w+)="([\d.]+)"', tag)}


class ReportMetersTest(BaseTestCase):
    def test_every_meter_has_bands_with_the_optimum_at_the_low_end(self) -> None:
        transcript = make_transcript(self.alice_client)
        self.login(self.alice)
        r = self.client.get(
            reverse("transcript_detail", args=[self.alice_client.pk, transcript.pk])
        )
        meters = [attributes(m) for m in METER.findall(r.content.decode())]
        assert len(meters) == 2
        for meter in meters:
            assert {"min", "max", "low", "high", "optimum", "value"} <= set(meter), meter
            assert meter["min"] <= meter["optimum"] < meter["low"] < meter["high"] < meter["max"]
            # A typical session (5) is not in the best band, and 7.8 is past the high mark.
            assert meter["low"] < 7.82
        over = meters[0]
        assert over["low"] < 5 < over["high"] < 7.82
