"""The timeline's rows of marks: each row looks unlike every other and unlike the code
swatches, stands out from the card, and the legend shows exactly what the chart draws."""

from __future__ import annotations

import re
from pathlib import Path

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.charts import CODE_COLOURS
from fulcrum.transcripts.report import CLIENT_POWER_MARK, build_report
from fulcrum.transcripts.tests.helpers import make_transcript

SESSIONS = Path(__file__).parents[2] / "core" / "transcripts" / "coding" / "tests" / "sessions"
# A session with every row of marks: the practitioner's four and the client's power.
ATTORNEY = SESSIONS / "counselling_attorney_client.txt"
CARD = "#ffffff"
# The element each legend shape is drawn with in the SVG.
ELEMENT = {"circle": "circle"}


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class TimelineMarksTest(BaseTestCase):
    def setUp(self) -> None:
        transcript = make_transcript(
            self.alice_client,
            data=ATTORNEY.read_bytes(),
            filename="attorney.txt",
            practitioner="Counsellor",
        )
        self.report = build_report(transcript, list(transcript.utterances.order_by("index")))

    def test_it_draws_all_five_rows(self) -> None:
        labels = [m.label for m in self.report.marks]
        assert len(labels) == 5
        assert labels[-1] == CLIENT_POWER_MARK

    def test_it_gives_every_row_its_own_shape_and_colour(self) -> None:
        shapes = [m.shape for m in self.report.marks]
        colours = [m.colour.lower() for m in self.report.marks]
        assert len(set(shapes)) == len(shapes), shapes
        assert len(set(colours)) == len(colours), colours

    def test_no_row_looks_like_a_code_swatch(self) -> None:
        # The codes are drawn as square swatches and bars.
        codes = {c.lower() for c in CODE_COLOURS.values()}
        for mark in self.report.marks:
            assert mark.shape != "square", mark
            assert mark.colour.lower() not in codes, mark

    def test_every_mark_stands_out_from_the_card(self) -> None:
        # WCAG 2.2 non-text contrast: 3:1 against what surrounds it.
        for mark in self.report.marks:
            assert contrast(mark.colour, CARD) >= 3, mark

    def test_the_legend_shows_what_the_chart_draws(self) -> None:
        chart = self.report.chart
        for mark in self.report.marks:
            label = re.escape(mark.label.replace("'", "&#x27;"))
            drawn = re.findall(
                rf'class="mark [^"]*"><title>{label}: #\d+[^<]*</title><(\w+)[^>]*fill="([^"]+)"',
                chart,
            )
            count = re.search(rf"{label} \((\d+)\)</text>", chart)
            assert count, mark.label
            assert len(drawn) == int(count.group(1)), mark.label
            for element, fill in drawn:
                assert element == ELEMENT.get(mark.shape, "path"), (mark, element)
                assert fill == mark.colour, (mark, fill)
            if drawn:
                assert re.search(rf'class="mark mark-{mark.shape}"><title>{label}:', chart)
