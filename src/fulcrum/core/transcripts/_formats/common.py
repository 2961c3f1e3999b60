"""Shapes and helpers every format reader shares."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fulcrum.core.errors import ParseError

UNKNOWN_SPEAKER = "Unknown speaker"

# Labels that name the practitioner's or the client's role rather than a person; they
# are always accepted as speaker labels, and they tell us who practises.
PRACTITIONER_LABELS = frozenset(
    {
        "t",
        "th",
        "therapist",
        "psychotherapist",
        "counsellor",
        "counselor",
        "practitioner",
        "massage therapist",
        "mt",
        "lmt",
        "bodyworker",
        "clinician",
        "psychologist",
        "coach",
        "interviewer",
    }
)
CLIENT_LABELS = frozenset({"c", "cl", "client", "patient", "pt"})

# Words a file uses for a speaker's side (a ``speaker_type`` or ``role`` field, a CHAT
# participant role, a column beside the speaker's name). They are hints, not labels: a
# call centre's "agent" is the helping side, its "caller" the one being helped. A
# meeting's "host" and "guest" are not among them: they say who set up the meeting and
# who was invited to it (Teams marks anyone from outside the organisation "(Guest)"), and
# a practitioner joining a clinic's or an employer's meeting is the guest.
PRACTITIONER_ROLES = PRACTITIONER_LABELS | frozenset(
    {
        "agent",
        "operator",
        "helper",
        "supporter",
        "support",
        "staff",
        "provider",
        "doctor",
        "physician",
        "nurse",
        "teacher",
        "instructor",
        "facilitator",
        "investigator",
        "supervisor",
        "social worker",
        "mentor",
        "trainer",
        "advisor",
        "adviser",
        "speech therapist",
        "speech-language pathologist",
        "slp",
        "clinician",
        "examiner",
        "moderator",
    }
)
CLIENT_ROLES = CLIENT_LABELS | frozenset(
    {
        "customer",
        "caller",
        "interviewee",
        "seeker",
        "help seeker",
        "user",
        "student",
        "learner",
        "participant",
        "target child",
        "child",
        "member",
        "respondent",
        "subject",
        "mentee",
        "supervisee",
        "coachee",
        "service user",
    }
)


def role_of(value: str) -> str | None:
    """``'practitioner'`` or ``'client'`` for a role word a file gives; None otherwise."""
    key = " ".join(value.lower().replace("_", " ").rstrip(".").split())
    if key in PRACTITIONER_ROLES:
        return "practitioner"
    if key in CLIENT_ROLES:
        return "client"
    return None


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of speech as a format reader found it, before turns are merged.

    ``speaker`` is None when the source did not say who spoke; such a segment continues
    the previous speaker's turn.
    """

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a format reader hands back to the public entry point."""

    segments: tuple[Segment, ...]
    source_format: str
    practitioner_hint: str | None = None
    warnings: tuple[str, ...] = ()
    # The side the file itself gives a speaker: speaker -> "practitioner" or "client".
    role_hints: tuple[tuple[str, str], ...] = ()


def normalise_label(label: str) -> str:
    return " ".join(label.lower().rstrip(".").split())


# A note in brackets after a label: "Therapist (me)", "Client (Sam)", "Dana (she/her)".
_NOTE = re.compile(r"\s*\([^()]{1,30}\)$")


def is_role_label(label: str) -> bool:
    key = _NOTE.sub("", normalise_label(label))
    return key in PRACTITIONER_LABELS or key in CLIENT_LABELS


def excerpt(text: str, limit: int = 40) -> str:
    """Quote a piece of the source for an error message, short enough to read."""
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(value: str, *, fraction_as_ms: bool = False) -> float | None:
    """Read ``hh:mm:ss(.mmm)`` or ``mm:ss(.mmm)`` as seconds; None when it is not a time.

    Minutes may exceed 59 only when there is no hours field, as some exporters write
    ``75:12.000`` for long sessions. ``fraction_as_ms`` reads the fraction as a count of
    milliseconds written without leading zeros (``6.80`` is 6.080 s), as older Teams and
    Stream captions do.
    """
    match = _CLOCK.match(value.strip())
    if match is None:
        return None
    hours_s, minutes_s, seconds_s, fraction_s = match.groups()
    minutes, seconds = int(minutes_s), int(seconds_s)
    if seconds >= 60 or (hours_s is not None and minutes >= 60):
        return None
    total: float = minutes * 60 + seconds + (int(hours_s) * 3600 if hours_s else 0)
    if fraction_s:
        total += int(fraction_s) / (1000 if fraction_as_ms else 10 ** len(fraction_s))
    return float(total)


# A video editor's timecode, hours to frames: "00:01:02:12", or "00:01:02;12" when the
# frames are counted drop-frame.
_TIMECODE = re.compile(r"^(\d{1,2}:\d{2}:\d{2})[:;]\d{2}$")


def parse_seconds(value: str) -> float | None:
    """Read a time given as plain seconds (``62.5``), a clock or a timecode; None if none.

    A timecode's frames are dropped: without the frame rate they cannot be turned into
    seconds, and a turn's start is read to the second.
    """
    value = value.strip()
    if re.fullmatch(r"\d{1,9}(?:\.\d{1,6})?", value):
        return float(value)
    timecode = _TIMECODE.match(value)
    if timecode is not None:
        return parse_clock(timecode.group(1))
    return parse_clock(value)


def seconds_from_number(value: object) -> float | None:
    """Accept a JSON number as seconds; None for anything else (bools, NaN, negatives)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Collapse whitespace and drop what a database cannot store (NUL, lone surrogates)."""
    text = text.replace("\x00", "")
    text = _SURROGATES.sub("\ufffd", text)
    return " ".join(text.split())


# A speaker label: up to five words (60 characters, for display names like "Dana Reyes
# (Fulcrum Counselling Services)") starting with a letter, then a colon. An optional
# bracketed timestamp may sit between name and colon ("Dana (00:12):"); the colon may be
# the full-width one (U+FF1A) Chinese and Japanese text uses.
_LABEL = re.compile(
    r"^(?P<name>[^\W\d_][\w.'\u2019()&/ -]{0,59}?)\s*"
    r"(?:[\[(](?P<ts>(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?)[\])])?"
    r"\s*[:\uff1a](?!//)\s*(?P<rest>.*)$",
    re.DOTALL,
)


# "Dana Reyes 10:02 AM: words": a time of day between the name and the colon.
_LABEL_WITH_CLOCK = re.compile(
    r"^(?P<name>[^\W\d_][\w.'\u2019()&/ -]{0,39}?)\s+"
    r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?:\s?(?P<half>[AaPp])\.?[Mm]\.?)?"
    r"\s*[:\uff1a](?!//)\s*(?P<rest>.*)$",
    re.DOTALL,
)


# A participant who dialled in, named by their number: "15551234567: …", "+44 20 7946 0000:".
_PHONE_NAME = re.compile(r"\+?\d[\d* ().-]{5,22}[\d*]")
_PHONE_LABEL = re.compile(rf"^(?P<name>{_PHONE_NAME.pattern})\s*:\s+(?P<rest>.*)$", re.DOTALL)
_BRACKETED_LABEL = re.compile(r"^\[(?P<name>[^\W\d_][\w.' -]{0,39})\]:\s*(?P<rest>.*)$", re.DOTALL)
# Caption conventions for a change of speaker: ">> Dana: …" and "- Dana: …".
_CHANGE_MARK = re.compile(r"^\s*(?:>>|-)\s+")
# "[Dana Reyes] words": a bracketed name before the words, as some subtitle tools write.
_BRACKETED_NAME = re.compile(
    r"^\[(?P<name>[^\W\d_][\w.'\u2019 -]{0,59})\]\s+(?P<rest>\S.*)$", re.DOTALL
)
# What captions put in brackets that is not a speaker: sounds and notes on the audio.
_SOUNDS = frozenset(
    {
        "applause",
        "background noise",
        "blank audio",
        "blank_audio",
        "cheering",
        "coughs",
        "crosstalk",
        "foreign",
        "inaudible",
        "indistinct",
        "laughs",
        "laughter",
        "music",
        "music playing",
        "no audio",
        "noise",
        "pause",
        "silence",
        "sighs",
        "unintelligible",
    }
)


def split_label(text: str) -> tuple[str, str, float | None] | None:
    """Split ``'Dana: hello'`` into ``('Dana', 'hello', None)``; None when no label.

    The caller still decides whether the label is a speaker (see ``accepted_labels``).
    """
    bracketed = _BRACKETED_LABEL.match(text)
    if bracketed is not None:
        # WhisperX writes "[SPEAKER_00]: words" in its diarised text and captions.
        return bracketed.group("name"), bracketed.group("rest"), None
    phone = _PHONE_LABEL.match(text)
    if phone is not None and sum(c.isdigit() or c == "*" for c in phone.group("name")) >= 7:
        return " ".join(phone.group("name").split()), phone.group("rest"), None
    clocked = _LABEL_WITH_CLOCK.match(text)
    if clocked is not None:
        name = " ".join(clocked.group("name").split())
        said = clocked.group("rest")
        if 0 < len(name.split()) <= 5:
            return name, said, _time_of_day(clocked.group("clock"), clocked.group("half"))
    match = _LABEL.match(text)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    if not name or len(name.split()) > 5:
        return None
    after = len(text[: match.start("rest")].rstrip())  # just past the label's colon
    if text[after - 2 : after - 1].isdigit() and text[after : after + 1].isdigit():
        # A colon between two digits is a time's ("Dana - 00:03"), never a label's.
        return None
    ts = match.group("ts")
    return name, match.group("rest"), parse_clock(ts) if ts else None


def _time_of_day(clock: str, half: str | None) -> float | None:
    """``10:02`` with ``AM``/``PM`` is a time of day; without, read it as a clock."""
    if half is None:
        return parse_clock(clock)
    hours, minutes = (int(part) for part in clock.split(":")[:2])
    if not 1 <= hours <= 12 or minutes >= 60:
        return None
    hours = hours % 12 + (12 if half in "Pp" else 0)
    return float(hours * 3600 + minutes * 60)


def accepted_labels(
    candidates: Iterable[str], *, every_line_labelled: bool = False
) -> frozenset[str]:
    """Choose which ``Name:`` line openings in running text are speakers.

    Plain text has no cue boundaries, so a continuation line such as "Remember: slow
    down" looks like a label. A role label (``T``, ``Client`` ...) always counts, and so
    does a name that opens at least two lines. A name seen once counts only while fewer
    than two speakers have been established that way and it looks like a name (up to
    three capitalised words); otherwise its line continues the turn above. When every
    line opens with a label (as Google Meet and Zoom write), no turn runs over lines, so
    a full name seen once (``Lee Marsh``, two or three words) is a speaker too.
    """
    counts = Counter(candidates)
    accepted = {name for name, n in counts.items() if n >= 2 or is_role_label(name)}
    if len(accepted) < 2:
        accepted |= {name for name in counts if name_like(name)}
    elif every_line_labelled:
        accepted |= {n for n in counts if name_like(n) and len(_NOTE.sub("", n).split()) >= 2}
    return frozenset(accepted)


# The small words inside many family names ("Sam de la Cruz", "Jo van Dijk", "Ana dos
# Santos", "Omar bin Said"): lower-case, but part of a name, never its first or last word.
NAME_PARTICLES = frozenset(
    {"al", "bin", "bint", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el"}
    | {"la", "le", "san", "ten", "ter", "van", "von", "y", "zu"}
)


def name_like(label: str) -> bool:
    """Up to three capitalised words, or numbered like ``Speaker 2``; a note in brackets
    after them (``Sam Okafor (he/him)``) is allowed, and so are the particles of family
    names between them (``Sam de la Cruz``) and a directory's ``Reyes, Dana``. Scripts
    without capitals (Chinese, Japanese, Arabic …) count as capitalised, and a phone
    number is a name."""
    if _PHONE_NAME.fullmatch(label):
        return True
    words = _NOTE.sub("", label).replace(", ", " ").split()
    if not words or words[0].endswith(",") or not _capital(words[0][0]):
        return False
    named = 0
    for at, word in enumerate(words):
        if _capital(word[0]) or word.isdigit():
            named += 1
        elif word not in NAME_PARTICLES or at == len(words) - 1:
            return False
    return named <= 3


def _capital(letter: str) -> bool:
    return letter.isupper() or (letter.isalpha() and not letter.islower())


def _display_name(label: str) -> bool:
    if _PHONE_NAME.fullmatch(label):
        return True
    words = _NOTE.sub("", label).split()
    return 0 < len(words) <= 3 and _capital(words[0][0])


def _cue_label(text: str) -> tuple[str, str] | None:
    """The speaker a segment's text opens with and the words after it, if any."""
    found = split_label(_CHANGE_MARK.sub("", text))
    if found is not None:
        return found[0], found[1]
    bracketed = _BRACKETED_NAME.match(text.strip())
    if bracketed is not None:
        name = " ".join(bracketed.group("name").split())
        if name_like(name) and name.lower() not in _SOUNDS:
            return name, bracketed.group("rest")
    return None


def attribute_speakers(
    segments: Sequence[Segment], *, source_format: str, what: str
) -> tuple[tuple[Segment, ...], list[str]]:
    """Resolve ``Name:`` prefixes in unlabelled segments and fill in who continues.

    Used by the readers whose sources cut speech into segments (captions, JSON, CSV):
    a name at the very start of a segment (``Dana: …`` or ``[Dana Reyes] …``) is taken
    as its speaker when it opens two segments or more, is a role, or looks like a name.
    Segments before anyone is named go to ``UNKNOWN_SPEAKER`` with a warning; a source
    that names nobody at all is rejected.
    """
    labels = [_cue_label(s.text) if s.speaker is None else None for s in segments]
    # A cue that names nobody can still hold a colon ("So here's the thing: …"); a label
    # seen once counts only when it is a role or is short and capitalised like a display
    # name ("Dana", "Sam's iPhone").
    counts = Counter(found[0] for found in labels if found is not None)
    accepted = {n for n, c in counts.items() if c >= 2 or is_role_label(n) or _display_name(n)}
    resolved: list[Segment] = []
    current: str | None = None
    unknown = 0
    named_any = False
    for segment, found in zip(segments, labels, strict=True):
        speaker, text = segment.speaker, segment.text
        if found is not None and found[0] in accepted:
            speaker, text = found
        if speaker is not None:
            named_any = True
            current = speaker
        elif current is None:
            unknown += 1
            speaker = UNKNOWN_SPEAKER
        else:
            speaker = current
        resolved.append(
            Segment(speaker, text, start=segment.start, end=segment.end, line=segment.line)
        )

    if resolved and not named_any:
        first = next((s for s in segments if s.text.strip()), segments[0])
        # Whisper writes its captions and segments like this before diarisation.
        raise ParseError(
            f"no speaker names were found in this {source_format} file, and Fulcrum needs "
            "to know who said what: use a transcript made with diarisation (WhisperX, or "
            "Whisper with pyannote), or begin each "
            f"{what} where the speaker changes with their name, like 'Dana: Hello'; got "
            f"{excerpt(first.text)}",
            line=first.line,
        )
    warnings = []
    if unknown:
        warnings.append(
            f"{unknown} {what}(s) at the start name no speaker; "
            f"they are attributed to '{UNKNOWN_SPEAKER}'."
        )
    return tuple(resolved), warnings
