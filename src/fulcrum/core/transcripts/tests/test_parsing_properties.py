"""Properties of parse_transcript: it never fails except in the ways it promises."""

from __future__ import annotations

import codecs
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts.model import Transcript
from fulcrum.core.transcripts.parsing import parse_transcript

GOLDEN = Path(__file__).parent / "golden"
SEEDS = [p.read_bytes() for p in sorted(GOLDEN.iterdir()) if not p.name.endswith(".json")]
NAMES = [
    "s.vtt",
    "s.srt",
    "s.txt",
    "s.md",
    "s.cha",
    "s.csv",
    "s.tsv",
    "s.json",
    "s.docx",
    "s.xlsx",
    "s",
    "s.bin",
    "s.pdf",
]
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_refuse(data: bytes, filename: str) -> None:
    try:
        transcript = parse_transcript(data, filename, max_bytes=64 * 1024)
    except (ParseError, InvalidInput):
        return
    assert isinstance(transcript, Transcript)
    assert transcript.utterances
    assert set(transcript.speakers) == {u.speaker for u in transcript.utterances}
    assert [u.index for u in transcript.utterances] == list(range(len(transcript.utterances)))
    assert transcript.practitioner is None or transcript.practitioner in transcript.speakers
    assert 0.0 <= transcript.practitioner_confidence <= 1.0
    for utterance in transcript.utterances:
        assert utterance.text
        assert "\x00" not in utterance.text
        assert "\x00" not in utterance.speaker
        utterance.text.encode("utf-8")  # storable: no lone surrogates
    for before, after in zip(transcript.utterances, transcript.utterances[1:], strict=False):
        assert before.speaker != after.speaker


@st.composite
def _mutated_seed(draw: st.DrawFn) -> bytes:
    """A golden file with a few bytes overwritten, inserted or cut: near-miss input."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "cut"]))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if action == "replace":
            data[at : at + len(chunk)] = chunk
        elif action == "insert":
            data[at:at] = chunk
        else:
            del data[at : at + len(chunk)]
    return bytes(data)


_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
_INPUTS = st.one_of(
    st.binary(max_size=400),
    _ANY_TEXT.map(lambda s: s.encode("utf-8")),
    _ANY_TEXT.map(lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le")),
    _ANY_TEXT.map(lambda s: "WEBVTT\n\n" + s).map(lambda s: s.encode()),
    _ANY_TEXT.map(lambda s: "speaker,text,start,end\n" + s).map(lambda s: s.encode()),
    _mutated_seed(),
)


@FAST
@given(data=_INPUTS, filename=st.sampled_from(NAMES))
def test_it_returns_a_transcript_or_a_parse_error_for_any_bytes(data: bytes, filename: str) -> None:
    _parse_or_refuse(data, filename)


_SPEAKERS = st.sampled_from(["Therapist", "Client", "T", "C", "Dana", "Sam Okafor", "MT"])
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'", min_size=1)
_SENTENCE = (
    st.lists(_WORD, min_size=1, max_size=12)
    .map(" ".join)
    .flatmap(lambda s: st.sampled_from(["", ".", "?", "!", ","]).map(lambda end: s + end))
)


@FAST
@given(
    # Twice over, so every name opens at least two lines: a name that speaks only once
    # beside two regular speakers is read as text (see docs/transcripts.md).
    turns=st.lists(st.tuples(_SPEAKERS, _SENTENCE), min_size=1, max_size=15).map(
        lambda turns: turns + turns
    ),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    blank_lines=st.booleans(),
)
def test_it_reads_back_a_labelled_plain_text_transcript(
    turns: list[tuple[str, str]], newline: str, blank_lines: bool
) -> None:
    separator = newline * (2 if blank_lines else 1)
    data = separator.join(f"{speaker}: {text}" for speaker, text in turns).encode()

    transcript = parse_transcript(data, "session.txt")

    expected: list[tuple[str, str]] = []
    for speaker, text in turns:
        if expected and expected[-1][0] == speaker:
            expected[-1] = (speaker, expected[-1][1] + " " + text)
        else:
            expected.append((speaker, text))
    assert [(u.speaker, u.text) for u in transcript.utterances] == expected
    assert transcript.speakers == tuple(dict.fromkeys(speaker for speaker, _ in turns))
