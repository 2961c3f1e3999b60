"""The timeline SVG: lanes per speaker, linked turns and marks, escaped text, both axes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from fulcrum.transcripts.charts import CODE_COLOURS, TimelineMark, TimelineTurn, timeline_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - Fulcrum's own output, not untrusted input


def turn(i: int, speaker: str, label: str, start: float | None, share: float) -> TimelineTurn:
    role = "practitioner" if speaker == "Dana" else "client"
    return TimelineTurn(i, speaker, role, label, None, start, None, 10, share)


TURNS = [
    turn(0, "Dana", "question", 0.0, 1.0),
    turn(1, "Sam", "neutral", 6.0, 0.5),
    turn(2, "Dana", "input", 60.0, 0.66),
    turn(3, "Sam", "change", 125.0, 0.5),
]


def test_it_is_well_formed_and_titled() -> None:
    svg = timeline_chart(TURNS, speakers=["Dana", "Sam"], practitioner="Dana")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Session timeline"
    desc = root.findtext(f"{SVG}desc") or ""
    assert "4 turns by 2 speakers from 0:00 to" in desc
    assert "Dana is the practitioner and spoke 50% of the words." in desc


def test_it_links_every_turn_and_colours_it_by_code() -> None:
    svg = timeline_chart(TURNS, speakers=["Dana", "Sam"], practitioner="Dana")
    for t in TURNS:
        link = re.search(rf'<a href="#u-{t.index}" class="turn [^"]*">(.*?)</a>', svg)
        assert link, t.index
        assert CODE_COLOURS[t.label] in link.group(1)
        assert "<title>" in link.group(1)


def test_it_places_turns_by_time_when_the_file_has_times() -> None:
    svg = timeline_chart(TURNS, speakers=["Dana", "Sam"], practitioner="Dana")
    xs = [
        float(x)
        for x in re.findall(r'class="turn[^"]*"><title>[^<]*</title><rect x="([\d.]+)"', svg)
    ]
    assert xs == sorted(xs)
    # The gap between turn 1 (6 s) and turn 2 (60 s) is wider than between 0 and 1.
    assert xs[2] - xs[1] > 5 * (xs[1] - xs[0])
    assert "time into the session (m:ss)" in svg
    assert ">2:00<" in svg


def test_it_falls_back_to_words_when_there_are_no_times() -> None:
    untimed = [turn(t.index, t.speaker, t.label, None, t.talk_share) for t in TURNS]
    svg = timeline_chart(untimed, speakers=["Dana", "Sam"], practitioner="Dana")
    assert "words into the session" in svg
    assert "(no times)" in svg


def test_it_marks_moments_with_links() -> None:
    marks = [TimelineMark("Choices offered", (2,)), TimelineMark("Self-disclosure", ())]
    svg = timeline_chart(TURNS, speakers=["Dana", "Sam"], practitioner="Dana", marks=marks)
    assert "Choices offered (1)" in svg
    assert "Self-disclosure (0)" in svg
    assert (
        '<a href="#u-2" class="mark mark-diamond"><title>Choices offered: #2, 1:00</title>' in svg
    )


def test_it_gives_every_speaker_a_lane_practitioner_first() -> None:
    turns = [*TURNS, turn(4, "Kim", "neutral", 130.0, 0.45)]
    svg = timeline_chart(turns, speakers=["Sam", "Dana", "Kim"], practitioner="Dana")
    labels = re.findall(r"<title>([^<]*)</title>(?:Dana|Sam|Kim)</text>", svg)
    assert labels == ["Dana (practitioner)", "Sam", "Kim"]


def test_it_escapes_every_name() -> None:
    turns = [turn(0, "Dana", "question", 0.0, 1.0), turn(1, "<b>&", "neutral", 3.0, 0.5)]
    svg = timeline_chart(
        turns,
        speakers=["Dana", "<b>&"],
        practitioner="Dana",
        title='A "title" <script>',
        marks=[TimelineMark("<i>", (1,))],
    )
    parse(svg)
    for raw in ("<b>", "<script>", "<i>"):
        assert raw not in svg
    assert "&lt;b&gt;&amp;" in svg


def test_it_says_so_when_there_is_nothing_to_draw() -> None:
    svg = timeline_chart([], speakers=[], practitioner="Dana")
    parse(svg)
    assert "No utterances to show" in svg
