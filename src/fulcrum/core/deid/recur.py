"""After the name stage: a person named in full once is the same person wherever a part
of the name recurs alone.

"Frank Rack got in touch … It was two years from when Frank sent me specimens." Alone,
the second "Frank" is a look-alike the name stage keeps as a word ("frank"); but the
text has already named Frank Rack, and a reader who knows one knows the other. So each
part of a person's name of two or more words found by the name stage is found wherever
the text writes it again with the same capitals, unless it is a word Fulcrum keeps
(``keep``: weekdays, months, languages …), a title, a kind of power, an organisation's
or a place's word, or a common short word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fulcrum.core.deid.lexicon import Lexicon
from fulcrum.core.deid.model import Finding
from fulcrum.core.deid.names import _POSSESSIVE, _STOP, _TOKEN

__all__ = ["recur"]


def _part(base: str, lex: Lexicon) -> bool:
    lower = base.lower()
    return (
        len(base) > 1
        and base.isalpha()
        and base[0].isupper()
        and lower not in lex.keep
        and lower not in lex.titles
        and lower not in lex.power_kinds
        and lower not in lex.org_words
        and lower not in lex.place_words
        and lower not in lex.person_before
        and lower not in _STOP
    )


def recur(text: str, findings: Sequence[Finding], lex: Lexicon) -> list[Finding]:
    """``findings`` and, for each part of a person's name written again elsewhere in the
    text and not found yet, a finding of it."""
    parts: dict[str, str] = {}
    for f in findings:
        if f.stage != "name" or f.type != "PERSON":
            continue
        name = text[f.start : f.end]
        words = [_POSSESSIVE.sub("", m.group()) for m in _TOKEN.finditer(name)]
        if len(words) < 2:
            continue
        for word in words:
            if _part(word, lex):
                parts.setdefault(word, name)
    if not parts:
        return list(findings)
    taken = bytearray(len(text))
    for f in findings:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    # Matched as the name stage splits words: not inside a longer word, a hyphenated
    # one or an address; a possessive goes with the name, as in the name stage.
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    written = re.compile(rf"(?<![\w.\-@/])(?<!\w['’])({alternatives})(?:['’]s)?(?![\w\-]|['’]\w)")
    out = list(findings)
    for m in written.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        why = f"part of the name {parts[m.group(1)]!r} found elsewhere in the text"
        out.append(Finding(m.start(), m.end(), "PERSON", "name", why, "surrogate", ""))
    return out
