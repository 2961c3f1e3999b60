"""Plain text with speaker labels (``T:``, ``Client:``, ``Dana:``), also used for .docx.

The same reader takes the text conventions of common exports: Markdown with bold labels
(``**Dana:** …``, ``**Dana** [0:00]`` above the words), Otter's ``Name  0:03`` headers
and its "Transcribed by" footer, the text that Whisper + pyannote scripts write
(``[0:00:06.835 - 0:00:07.235] SPEAKER_00 - words``), Teams' Word export of timed cues
with the name above the words, a time and a name above the words (Word's Transcribe),
Google Meet's lone times, and Zoom's closed-caption and chat lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import (
    NAME_PARTICLES,
    Parsed,
    Segment,
    accepted_labels,
    excerpt,
    name_like,
    parse_clock,
    split_label,
)

_TS = r"(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
# A comma for the "Reyes, Dana" of company and hospital directories, as Teams shows them.
_NAME = r"(?:[^\W\d_][\w.'\u2019-]{0,30},\s)?[^\W\d_][\w.'\u2019()&/ -]{0,39}?"
_BRACKETED_TS = re.compile(rf"^[\[(]\s*({_TS})\s*[\])]\s*")
_BARE_TS = re.compile(rf"^({_TS})\s+")
# Exports from some transcription services put "Name  0:03" on a line of its own and
# the words on the lines below.
_NAME_THEN_TIME = re.compile(rf"^({_NAME})(?:\s{{2,}}|\t)\s*[\[(]?({_TS})[\])]?$")
# Otter bolds the header in its Word export, which can leave a single space.
_NAME_THEN_SHORT_TIME = re.compile(rf"^({_NAME})\s[\[(]?(\d{{1,2}}:\d{{2}}(?::\d{{2}})?)[\])]?$")
# Other services write "Dana Reyes - 00:03" or "Dana Reyes (00:00:03 - 00:00:08)" there.
_NAME_DASH_TIME = re.compile(rf"^({_NAME})\s+[-\u2013\u2014]\s+[\[(]?({_TS})[\])]?$")
# Trint and others write the name and a bracketed time before the words, with no colon:
# "Dana Reyes [00:00:03] So how has the week been?" (or the words on the lines below).
_NAME_BRACKET_TIME_WORDS = re.compile(rf"^({_NAME})\s+\[({_TS})\]\s+(?P<rest>\S.*)$")
_NAME_THEN_RANGE = re.compile(
    rf"^({_NAME})\s*[\[(]\s*({_TS})\s*(?:-->|-|\u2013|to)\s*({_TS})\s*[\])]$"
)
# Whisper + pyannote scripts: "[0:00:06.835 - 0:00:07.235] SPEAKER_00 - words".
_DIARISED = re.compile(
    rf"^\[\s*({_TS})\s*(?:-->|-|\u2013|to)\s*({_TS})\s*\]\s*"
    rf"(?P<name>[^\W\d][\w.'\u2019 -]{{0,39}}?)\s*(?:-|:|\u2013)\s+(?P<rest>.*)$"
)
# whisper.cpp and similar: "[00:00:00.000 --> 00:00:03.000] (speaker 0) words".
_DIARISED_BRACKETED = re.compile(
    rf"^\[\s*({_TS})\s*(?:-->|-|\u2013|to)\s*({_TS})\s*\]\s*"
    rf"[\[(](?P<name>[^\W\d][\w.'\u2019 -]{{0,39}}?)[\])]\s*[-:\u2013]?\s*(?P<rest>.*)$"
)
# Whisper's own timed lines, before any diarisation: times, then the words.
_TIMED_ONLY = re.compile(rf"^\[\s*{_TS}\s*(?:-->|-)\s*{_TS}\s*\]")
# Zoom's saved chat: "10:02:03 From Dana Reyes to Everyone: words".
_ZOOM_CHAT = re.compile(
    r"^From\s+(?P<name>.+?)\s+(?:to|To)\s+(?:Everyone|.+?)(?:\s*\(.*?\))?\s*:\s*(?P<rest>.*)$"
)
# A messaging app's export: "[12/03/2024, 10:02:03] Dana: …" (WhatsApp on iOS) or
# "12/03/2024, 10:02 - Dana: …" (Android); the date is dropped, the time kept.
_MESSAGE = re.compile(
    r"^\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:\s?[AaPp]\.?[Mm]\.?)?\]?\s*(?:-\s+)?(?P<rest>.*)$"
)
# What a chat export writes in place of a picture, a file or a deleted message.
_PLACEHOLDER = re.compile(
    r"^(?:<[^<>]{1,40}>|\u200e?(?:image|video|audio|sticker|GIF|document) omitted"
    r"|This message was deleted|You deleted this message)$",
    re.IGNORECASE,
)
# Markdown emphasis around a label: "**Dana:** …", "**Dana**: …", "__Dana__ [0:00]".
_BOLD = re.compile(r"^(?:[-*+]\s+|>\s*)?(\*\*|__)(?P<inner>[^*_]{1,60}?)\1\s*(?P<after>.*)$")
# "[00:00:03.02] - Dana Reyes": a dash between a time and the name after it.
_DASH = re.compile(r"^[-\u2013\u2014]\s+")
_TIME_ALONE = re.compile(rf"^[\[(]?\s*({_TS})\s*[\])]?$")
_TIME_THEN_COLON = re.compile(rf"^[\[(]\s*({_TS})\s*[\])]\s*:\s*(.*)$")
# Zoom's closed-caption text: "[Dana Reyes] 10:02:03 words"; its saved transcript puts
# the words on the lines below.
_BRACKET_NAME_TIME = re.compile(rf"^\[(?P<name>{_NAME})\]\s+(?P<ts>{_TS})(?:\s+(?P<rest>.*))?$")
# A cue timing in running text, as Teams' Word export and copied captions carry it.
_TIMING = re.compile(rf"^({_TS})\s*-->\s*({_TS})(?:\s.*)?$")
# f4transkript and MAXQDA close a paragraph with its time: "… words. #00:01:23-4#".
_F4_STAMP = re.compile(r"\s*#(\d{1,2}:\d{2}:\d{2})(?:-(\d))?#")
_MD_ESCAPE = re.compile(r"\\([\[\]()*_#>`\\-])")
_FOOTER = re.compile(r"^\s*transcribed by\b.*\botter(?:\.ai)?\b", re.IGNORECASE)
# What meeting tools and transcribers write about the transcript itself, never speech:
# Google Meet's closing lines, Teams' notice that someone started or stopped
# transcribing, and a transcriber's "[END OF TRANSCRIPT]".
_NOTICES = (
    _FOOTER,
    re.compile(r"^[\[(]?end of (?:the )?(?:transcript|transcription|recording|audio)\W*$", re.I),
    re.compile(r"^(?:transcription|meeting) ended after \d{1,3}:\d{2}(?::\d{2})?\W*$", re.I),
    re.compile(r"^this editable transcript was computer generated\b", re.I),
    re.compile(rf"^{_NAME}\s+(?:started|stopped) transcription$", re.I),
)


@dataclass(frozen=True, slots=True)
class _Entry:
    number: int
    start: float | None
    end: float | None
    name: str | None
    said: str
    body: str
    # "label", "header" (a name above the words), "diarised", "text", "time" (a time on
    # its own line, for the turn below), "timing" (a cue timing, for the words below) or
    # "timed-name" (a time and a name: a header if words follow, else text).
    kind: str


def _leading_time(text: str, pattern: re.Pattern[str]) -> tuple[float | None, str]:
    match = pattern.match(text)
    if match is not None:
        seconds = parse_clock(match.group(1))
        if seconds is not None:
            return seconds, text[match.end() :]
    return None, text


def _unbold(body: str, markdown: bool) -> tuple[str, bool]:
    """Turn a Markdown-emphasised label into a plain one; True when it is a lone header."""
    if markdown:
        body = _MD_ESCAPE.sub(r"\1", body)
    match = _BOLD.match(body)
    if match is None:
        return body, False
    if not markdown:
        # A bold label is Markdown even in a .txt: undo its escapes too ("\[0:00\]").
        body = _MD_ESCAPE.sub(r"\1", body)
        match = _BOLD.match(body)
        if match is None:
            return body, False
    inner = " ".join(match.group("inner").split())
    after = match.group("after").strip()
    boxed = _NAME_THEN_SHORT_TIME.match(inner)
    if boxed is not None and not after:
        # "**Dana Reyes  0:03**": Otter's bold header, copied with its emphasis.
        return f"{boxed.group(1)}  {boxed.group(2)}", True
    if inner.endswith(":"):
        return f"{inner} {after}".strip(), False
    if after.startswith(":"):
        return f"{inner}{after}", False
    timed = _TIME_THEN_COLON.match(after)
    if timed is not None:
        return f"{inner} ({timed.group(1)}): {timed.group(2)}", False
    alone = _TIME_ALONE.match(after)
    if alone is not None:
        return f"{inner}  {alone.group(1)}", True
    if not after and name_like(inner) and len(inner.split()) <= 3:
        return inner, True
    return body, False


def _entry(number: int, raw: str, markdown: bool) -> _Entry | None:
    body = raw.strip()
    if markdown and body.startswith("#"):
        # A heading that is only a time ("### 00:04:10", as Gemini's notes write) starts
        # the turn below; other headings are titles, never speech.
        body = body.lstrip("#").strip()
        alone = _TIME_ALONE.match(body)
        start = parse_clock(alone.group(1)) if alone is not None else None
        return None if start is None else _Entry(number, start, None, None, "", body, "time")
    if not body or (markdown and set(body) <= set("-*_ ")):
        # Markdown rules are dividers, never speech.
        return None
    stamps = _F4_STAMP.findall(body)
    if stamps:
        body = _F4_STAMP.sub("", body).strip()
        if not body:
            return None
    body, bold_header = _unbold(body, markdown)
    if markdown:
        body = body.replace("**", "").replace("__", "")
    diarised = _DIARISED_BRACKETED.match(body) or _DIARISED.match(body)
    if diarised is not None:
        start, end = parse_clock(diarised.group(1)), parse_clock(diarised.group(2))
        if start is not None and end is not None:
            name = " ".join(diarised.group("name").split())
            return _Entry(number, start, end, name, diarised.group("rest"), body, "diarised")
    timing = _TIMING.match(body)
    if timing is not None:
        start, end = parse_clock(timing.group(1)), parse_clock(timing.group(2))
        if start is not None and end is not None:
            return _Entry(number, start, end, None, "", body, "timing")
    alone = _TIME_ALONE.match(body)
    if alone is not None and parse_clock(alone.group(1)) is not None:
        return _Entry(number, parse_clock(alone.group(1)), None, None, "", body, "time")
    zoom = _BRACKET_NAME_TIME.match(body)
    if zoom is not None and parse_clock(zoom.group("ts")) is not None:
        name = " ".join(zoom.group("name").split())
        said = zoom.group("rest") or ""
        kind = "label" if said.strip() else "header"
        return _Entry(number, parse_clock(zoom.group("ts")), None, name, said, body, kind)
    ranged = _NAME_THEN_RANGE.match(body)
    if ranged is not None:
        start, end = parse_clock(ranged.group(2)), parse_clock(ranged.group(3))
        if start is not None and end is not None:
            return _Entry(number, start, end, " ".join(ranged.group(1).split()), "", body, "header")
    header = (
        _NAME_THEN_TIME.match(body)
        or _NAME_DASH_TIME.match(body)
        or _NAME_THEN_SHORT_TIME.match(body)
    )
    if header is not None and (header.re is _NAME_THEN_TIME or name_like(header.group(1))):
        start = parse_clock(header.group(2))
        if start is not None:
            return _Entry(
                number, start, None, " ".join(header.group(1).split()), "", body, "header"
            )
    if bold_header:
        return _Entry(number, None, None, body, "", body, "header")
    trint = _NAME_BRACKET_TIME_WORDS.match(body) if "[" in body else None
    if trint is not None and name_like(trint.group(1)) and split_label(body) is None:
        start = parse_clock(trint.group(2))
        if start is not None:
            name = " ".join(trint.group(1).split())
            return _Entry(number, start, None, name, trint.group("rest"), body, "label")
    start, body = _leading_time(body, _BRACKETED_TS)
    if start is not None and _DASH.match(body) and _lone_name(_DASH.sub("", body)):
        body = _DASH.sub("", body)
    if start is None:
        bare, rest = _leading_time(body, _BARE_TS)
        if bare is not None and _DASH.match(rest) and _lone_name(_DASH.sub("", rest)):
            rest = _DASH.sub("", rest)
        if bare is not None and (split_label(rest) is not None or _ZOOM_CHAT.match(rest)):
            start, body = bare, rest
        elif bare is not None and _lone_name(rest):
            # "00:00:05 Speaker 1": a header if words follow (decided with the next line).
            return _Entry(number, bare, None, rest, "", body, "timed-name")
    chat = _ZOOM_CHAT.match(body)
    if chat is not None:
        name = " ".join(chat.group("name").split())
        return _Entry(number, start, None, name, chat.group("rest"), body, "label")
    message = _MESSAGE.match(body)
    if message is not None and start is None:
        labelled = split_label(message.group("rest"))
        if labelled is None or _PLACEHOLDER.match(labelled[1].strip()):
            # The app's own notice ("Robin left"), or a picture or a deleted message.
            return None
        clock = message.group("time")
        # A time of day: "19:02" is hours and minutes, not minutes and seconds.
        sent = parse_clock(clock + ":00" if clock.count(":") == 1 else clock)
        return _Entry(number, sent, None, labelled[0], labelled[1], body, "message")
    found = split_label(body)
    if found is None:
        return _Entry(number, start, None, None, body, body, "text")
    name, said, inline = found
    late, said = _leading_time(said, _BRACKETED_TS)
    start = next((t for t in (start, inline, late) if t is not None), None)
    end = None
    if stamps:
        clock, tenth = stamps[-1]
        seconds = parse_clock(clock)
        end = None if seconds is None else seconds + int(tenth or 0) / 10
    return _Entry(number, start, end, name, said, body, "label")


def _is_notice(text: str) -> bool:
    # Markdown exports wrap the notices in a heading or emphasis: "### …", "*…*".
    bare = text.strip().lstrip("#").strip().strip("*_").strip()
    return any(pattern.match(bare) for pattern in _NOTICES)


def _without_notices(lines: Sequence[tuple[int, str]]) -> tuple[list[tuple[int, str]], bool]:
    """Drop the tools' notices; True when Otter's footer was among them."""
    kept = [(n, text) for n, text in lines if not _is_notice(text)]
    had_footer = any(_FOOTER.match(text) for _, text in lines)
    return kept, had_footer


def parse_plain(
    lines: Sequence[tuple[int, str]],
    source_format: str = "text",
    unit: str = "line",
    *,
    markdown: bool = False,
) -> Parsed:
    """Read labelled lines; unlabelled lines continue the turn above them.

    ``lines`` pairs each line's number in the source (a paragraph number for .docx)
    with its text. Lines before the first speaker label (a title, a date) are skipped
    with a warning. ``markdown`` also undoes Markdown's escapes and emphasis.
    """
    kept, had_footer = _without_notices(lines)
    entries = _names_under_timings(
        [e for n, raw in kept if (e := _entry(n, raw, markdown)) is not None]
    )
    if not entries or all(e.kind in ("time", "timing") for e in entries):
        raise ParseError("The file is empty.")
    entries = _names_alone(_without_title(entries))
    # A name above the words, or a diarised line, is a speaker however often it speaks.
    sure = {e.name for e in entries if e.kind in ("header", "diarised") and e.name}
    opening = next((at for at, e in enumerate(entries) if e.name is not None), len(entries))
    accepted = sure | accepted_labels(
        (e.name for e in entries if e.kind in ("label", "message") and e.name is not None),
        every_line_labelled=all(e.kind != "text" for e in entries[opening:]),
    )

    turns: list[tuple[str, list[str], float | None, float | None, int]] = []
    skipped: list[int] = []
    folded: list[tuple[int, str]] = []
    pending: tuple[float | None, float | None] = (None, None)
    for e in entries:
        if e.kind in ("time", "timing"):
            # A time on its own line belongs to the words below it.
            pending = (e.start, e.end)
            continue
        if e.name is not None and e.name in accepted:
            start = e.start if e.start is not None else pending[0]
            end = e.end if e.end is not None else pending[1]
            turns.append((e.name, [e.said], start, end, e.number))
            pending = (None, None)
        elif turns:
            if pending[1] is not None:
                # Words under a cue timing with no name continue the turn to that cue's end.
                name, parts, start, end, number = turns[-1]
                turns[-1] = (name, parts, start, max(pending[1], end or 0.0), number)
                pending = (None, None)
            if e.name is not None and name_like(e.name):
                folded.append((e.number, e.name))
            turns[-1][1].append(e.body)
        else:
            skipped.append(e.number)

    if not turns:
        first = entries[0]
        timed = sum(bool(_TIMED_ONLY.match(e.body)) for e in entries)
        if timed * 2 > len(entries):
            raise ParseError(
                "These lines carry times but no speakers, as Whisper writes them before "
                "diarisation, and Fulcrum needs to know who said what: run the recording "
                "through diarisation (WhisperX or pyannote) and upload that, or add a "
                f"name to each line, like 'Dana: ...'; got {excerpt(first.body)}",
                line=first.number,
            )
        raise ParseError(
            "no one is named as speaking: each turn should start with the speaker's name or "
            f"role and a colon, like 'Therapist: ...' or 'Dana: ...', and this line reads "
            f"{excerpt(first.body)}",
            line=first.number,
        )
    warnings = []
    if skipped:
        warnings.append(
            f"Skipped {len(skipped)} {unit}(s) before the first speaker label "
            f"(from {unit} {skipped[0]})."
        )
    if folded:
        where = ", ".join(f"{unit} {number} ({name!r})" for number, name in folded[:5])
        warnings.append(
            f"Read {len(folded)} label-like {unit} opening(s) as part of the turn above, "
            f"because that name speaks only once: {where}. If it is a speaker, name them "
            "on every turn."
        )
    segments = tuple(
        Segment(name, " ".join(parts), start=start, end=end, line=number)
        for name, parts, start, end, number in turns
    )
    return Parsed(segments, _detected(source_format, entries, had_footer), warnings=tuple(warnings))


def _names_alone(entries: list[_Entry]) -> list[_Entry]:
    """Read names alone on their lines as the speakers of the words below them.

    With times turned off, Otter, Sonix and Descript write each turn as the speaker's
    name on a line of its own, then the words. Only in a file that names nobody any other
    way, and only names that head words at least twice, two speakers or more, so that a
    short capitalised line of speech ("Thank You") stays words.
    """
    if any(e.name is not None for e in entries):
        return entries
    heads = [
        at
        for at, e in enumerate(entries[:-1])
        if e.kind == "text"
        and _lone_name(e.body)
        and entries[at + 1].kind == "text"
        and not _lone_name(entries[at + 1].body)
    ]
    counts = Counter(entries[at].body for at in heads)
    names = {name for name, count in counts.items() if count >= 2}
    if len(names) < 2:
        return entries
    found = list(entries)
    for at in heads:
        e = entries[at]
        if e.body in names:
            found[at] = _Entry(e.number, e.start, None, e.body, "", e.body, "header")
    return found


def _without_title(entries: list[_Entry]) -> list[_Entry]:
    """Read a title that looks like a speaker's header as a line before the transcript.

    ``Supervision (14:00 - 14:50)`` or ``Session 4 - 10:00`` at the top of a file has the
    shape of ``Name (start - end)`` or ``Name - 0:03``. It is a title, not a speaker, when
    that name never speaks again, a transcript by others follows, and it is out of step
    with that transcript: written in another shape than the turns after it (a range above
    ``Name:`` labels, say), or timed later than the turn below it (a time of day, not a
    time into the recording).
    """
    named = [at for at, e in enumerate(entries) if e.name is not None]
    if len(named) < 2:
        return entries
    first = entries[named[0]]
    if first.kind != "header" or any(entries[at].name == first.name for at in named[1:]):
        return entries
    after = entries[named[1]]
    shape_differs = (after.kind, after.end is None) != (first.kind, first.end is None)
    later_times = [e.start for e in entries[named[0] + 1 :] if e.start is not None]
    runs_backwards = first.start is not None and bool(later_times) and later_times[0] < first.start
    if not (shape_differs or runs_backwards):
        return entries
    title = _Entry(first.number, None, None, None, first.body, first.body, "text")
    return [*entries[: named[0]], title, *entries[named[0] + 1 :]]


def _names_under_timings(entries: list[_Entry]) -> list[_Entry]:
    """Read a lone name between a cue timing and the words as that cue's speaker.

    Teams' Word export, and captions pasted into a document, put each cue as a timing
    line, the speaker's name on a line of its own, then the words.
    """
    found = _times_under_names(entries)
    for at in range(len(found) - 1):
        # "00:00:05 Speaker 1" above the words, as Word's Transcribe and Happy Scribe write.
        line, words = found[at], found[at + 1]
        if words.kind != "text" or words.start is not None:
            continue
        if line.kind == "timed-name" and line.name is not None:
            found[at] = _Entry(line.number, line.start, None, line.name, "", line.body, "header")
        elif line.kind == "text" and line.start is not None and _lone_name(line.body):
            found[at] = _Entry(line.number, line.start, None, line.body, "", line.body, "header")
    found = [
        _Entry(e.number, None, None, None, e.body, e.body, "text") if e.kind == "timed-name" else e
        for e in found
    ]
    for at in range(len(found) - 2):
        timing, name, words = found[at], found[at + 1], found[at + 2]
        if (
            timing.kind == "timing"
            and name.kind == "text"
            and words.kind == "text"
            and _lone_name(name.body)
        ):
            found[at + 1] = _Entry(
                name.number, timing.start, timing.end, name.body, "", name.body, "header"
            )
    return found


def _times_under_names(entries: list[_Entry]) -> list[_Entry]:
    """Give a name on its own line the time on the line below it, before the words.

    Some exports write the name, then the time, then the words (``Dana Reyes``,
    ``00:00:03``, …); the time is that speaker's, not the next one's.
    """
    found: list[_Entry] = []
    at = 0
    while at < len(entries):
        name = entries[at]
        below = [e.kind for e in entries[at + 1 : at + 3]]
        untimed_name = name.start is None and (
            (name.kind == "text" and _lone_name(name.body)) or name.kind == "header"
        )
        if untimed_name and below == ["time", "text"]:
            start = entries[at + 1].start
            speaker = name.name or name.body
            found.append(_Entry(name.number, start, None, speaker, "", name.body, "header"))
            at += 2
        else:
            found.append(name)
            at += 1
    return found


def _lone_name(text: str) -> bool:
    """A short capitalised line without closing punctuation: a name, not speech."""
    words = text.split()
    return (
        0 < len(words) <= 4
        and words[0][0].isupper()
        and all(
            w[0].isupper() or w.isdigit() or (w in NAME_PARTICLES and at < len(words) - 1)
            for at, w in enumerate(words)
        )
        and not text.endswith((".", "?", "!", ",", ":"))
    )


def _detected(source_format: str, entries: Sequence[_Entry], had_footer: bool) -> str:
    """Name the export the conventions point to; Word and Markdown keep their own name."""
    if source_format != "text":
        return source_format
    kinds = [e.kind for e in entries if e.kind not in ("text", "time", "timing")]
    if kinds and kinds.count("diarised") * 2 > len(kinds):
        return "diarised-text"
    if kinds and kinds.count("message") * 2 > len(kinds):
        return "chat-export"
    # Otter's header is the name, then the time, never in brackets; other exports put
    # the time first, or bracket it after the name (Trint).
    otter = sum(
        e.kind == "header"
        and bool(_NAME_THEN_TIME.match(e.body) or _NAME_THEN_SHORT_TIME.match(e.body))
        and not _NAME_DASH_TIME.match(e.body)
        and not e.body.endswith(("]", ")"))
        for e in entries
    )
    if had_footer or (kinds and otter * 2 > len(kinds)):
        return "otter"
    return source_format
