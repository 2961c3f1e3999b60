"""CHAT (``.cha``), the TalkBank transcription format speech-language therapists use.

Main tiers (``*CHI:\tI want that .``) are speech; dependent tiers (``%mor:``, ``%gra:``,
``%com:`` …) are analyses and comments, and are dropped; a line starting with a tab
continues the tier above. ``@Participants`` gives each speaker code a name and a role,
and the role tells which side a speaker is on (Therapist, Investigator … or
Target_Child, Patient …). CHAT's transcription codes are removed from the words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import Parsed, Segment, excerpt, role_of

_MAIN = re.compile(r"^\*([A-Za-z0-9_+-]{1,12}):\s*(.*)$")
_DEPENDENT = re.compile(r"^%[A-Za-z0-9_-]{1,12}:")
# Media bullets: NAK, start_end in milliseconds, NAK.
_BULLET = re.compile(r"\x15(\d+)_(\d+)\x15")
_CODES = (
    (re.compile(r"\[[^\]]*\]"), " "),  # [/] retracing, [= text] explanations, [+ bch]
    (re.compile(r"&=\S+"), " "),  # &=laughs: events, not words
    (re.compile(r"&[-+~]?(?=\w)"), ""),  # &-um fillers, &+fr fragments: keep the word
    (re.compile(r"\+[^\s\w]+"), " "),  # +... +/. +" utterance linkers and terminators
    (re.compile(r"\(\.+\)|\(\d+(?:\.\d+)?\)"), " "),  # (.) (..) (2.5) pauses
    (re.compile(r"(?<=\w)@[\w:]+"), ""),  # doggie@c special-form markers
    (re.compile(r"\b(?:xxx|yyy|www)\b"), " "),  # unintelligible or untranscribed
    (re.compile(r"(?<!\w)0(?=\w)"), ""),  # 0is omitted words
    (re.compile(r"(?<![\w'])0(?![\w'])"), " "),  # 0 an action without speech
    (re.compile(r"[<>\u2039\u203a\u201c\u201d\u2308\u2309\u230a\u230b\u2191\u2193:^]"), " "),
    (re.compile(r"(?<=\w)\((\w+)\)"), r"\1"),  # runnin(g): the omitted sound restored
)
_TERMINATOR = re.compile(r"\s+([.?!,;])(?=\s|$)")


def _clean(said: str) -> str:
    text = said.replace("_", " ")
    for pattern, replacement in _CODES:
        text = pattern.sub(replacement, text)
    text = _TERMINATOR.sub(r"\1", " ".join(text.split()))
    return "" if re.fullmatch(r"[\s.?!,]*", text) else text


def _participants(value: str) -> dict[str, tuple[str, str]]:
    """``CHI Ruth Target_Child, INV Investigator`` → code: (name or role, role)."""
    found: dict[str, tuple[str, str]] = {}
    for item in value.split(","):
        words = item.split()
        if not words:
            continue
        code, rest = words[0], words[1:]
        role = rest[-1] if rest else ""
        name = " ".join(rest[:-1]) if len(rest) > 1 else ""
        found[code] = (name or role.replace("_", " ") or code, role)
    return found


def parse_chat(lines: Sequence[str]) -> Parsed:
    """Read CHAT main tiers as turns; ``line`` is where each tier begins."""
    people: dict[str, tuple[str, str]] = {}
    tiers: list[tuple[str, str, int]] = []  # (code, text, line) for main tiers
    in_main = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if line[0] in " \t":
            if in_main and tiers:
                code, said, begins = tiers[-1]
                tiers[-1] = (code, f"{said} {line.strip()}", begins)
            continue
        in_main = False
        if line.startswith("@"):
            key, _, value = line.partition(":")
            if key.strip() == "@Participants":
                people.update(_participants(value))
            continue
        if _DEPENDENT.match(line):
            continue
        main = _MAIN.match(line)
        if main is None:
            raise ParseError(
                "expected a CHAT tier such as '*CHI:\tI want the ball .', a '%mor:' line "
                f"or an '@' header, got {excerpt(line)}",
                line=number,
            )
        tiers.append((main.group(1), main.group(2), number))
        in_main = True
    if not tiers:
        raise ParseError("expected CHAT main tiers such as '*CHI:\tI want the ball .'; found none")

    segments: list[Segment] = []
    hints: dict[str, str] = {}
    names = {code: name for code, (name, _) in people.items()}
    if len(set(names.values())) < len(names):
        # Two participants with the same role and no names: tell them apart by code.
        names = {code: f"{name} ({code})" for code, name in names.items()}
    for code, said, number in tiers:
        speaker = names.get(code, code)
        role = role_of(people[code][1]) if code in people else None
        if role is not None:
            hints[speaker] = role
        bullet = _BULLET.search(said)
        start = end = None
        if bullet is not None:
            start, end = int(bullet.group(1)) / 1000, int(bullet.group(2)) / 1000
        segments.append(Segment(speaker, _clean(_BULLET.sub(" ", said)), start, end, number))
    return Parsed(tuple(segments), "chat", role_hints=tuple(hints.items()))


def looks_like_chat(lines: Sequence[str]) -> bool:
    head = [line.strip() for line in lines[:5] if line.strip()]
    return bool(head) and head[0] in ("@UTF8", "@Begin")
