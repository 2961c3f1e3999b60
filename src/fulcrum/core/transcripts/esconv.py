"""Read ESConv-format JSON lines: conversations whose helpers labelled their own turns.

One JSON object a line, ``{"conversation": ..., "turns": [{"speaker", "strategy",
"text"}, ...]}``. The helper is ``"supporter"``; every other speaker is the person
helped. Each helper turn carries the helping strategy its author chose; this module
maps it onto Fulcrum's codes (docs/transcript-analysis.md):

=============================================  ==========================
strategy                                       Fulcrum
=============================================  ==========================
Questions                                      question
Restatement or Paraphrasing                    reflection (simple)
Reflection of feelings                         reflection (complex)
Providing Suggestions                          input (advice)
Information                                    input (information)
Affirmation and Reassurance, Other             other
Self-disclosure                                self-disclosure (no behaviour code)
=============================================  ==========================

A self-disclosure turn gets no behaviour label: Fulcrum sees self-disclosure as
something a turn carries, not as one of the four behaviours, so those turns are
scored by the self-disclosure detector and left out of behaviour figures. A turn may
also carry ``"choice": true|false`` (files Fulcrum's own tests write do); ESConv
itself does not mark choices.

The caller reads the file; this module only parses text, so it stays pure.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts.coding.base import Role, Turn

HELPER_SPEAKER = "supporter"
SELF_DISCLOSURE = "Self-disclosure"
SUGGESTIONS = "Providing Suggestions"
STRATEGY_CODES: dict[str, tuple[str | None, str | None]] = {
    "Questions": ("question", None),
    "Restatement or Paraphrasing": ("reflection", "simple"),
    "Reflection of feelings": ("reflection", "complex"),
    SUGGESTIONS: ("input", "advice"),
    "Information": ("input", "information"),
    "Affirmation and Reassurance": ("other", None),
    "Other": ("other", None),
    SELF_DISCLOSURE: (None, None),
}


@dataclass(frozen=True, slots=True)
class StrategyTurn:
    """One turn: whose it is, its text, the helper's strategy and what it maps to."""

    role: Role
    text: str
    strategy: str | None
    label: str | None
    subtype: str | None
    choice: bool | None = None

    @property
    def self_disclosure(self) -> bool:
        return self.strategy == SELF_DISCLOSURE

    @property
    def advice(self) -> bool:
        return self.strategy == SUGGESTIONS


@dataclass(frozen=True, slots=True)
class StrategyConversation:
    conversation: str
    turns: tuple[StrategyTurn, ...]

    @property
    def coder_turns(self) -> tuple[Turn, ...]:
        return tuple(Turn(t.text, t.role) for t in self.turns)


def read_esconv(text: str) -> tuple[StrategyConversation, ...]:
    """Parse ESConv-format JSON lines; a malformed line raises ``ParseError`` naming it."""
    out: list[StrategyConversation] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not a JSON object ({exc.msg})", line=number) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("turns"), list):
            raise ParseError('each line needs an object with a "turns" list', line=number)
        turns: list[StrategyTurn] = []
        for k, t in enumerate(obj["turns"], start=1):
            if not isinstance(t, dict) or not isinstance(t.get("text"), str):
                raise ParseError(f'turn {k} needs a "text" string', line=number)
            role: Role = "practitioner" if t.get("speaker") == HELPER_SPEAKER else "client"
            strategy = t.get("strategy") if role == "practitioner" else None
            if strategy is not None and strategy not in STRATEGY_CODES:
                known = ", ".join(STRATEGY_CODES)
                raise ParseError(
                    f"turn {k} has an unknown strategy {strategy!r} (known: {known})",
                    line=number,
                )
            label, subtype = (
                STRATEGY_CODES.get(strategy, (None, None)) if strategy else (None, None)
            )
            choice = t.get("choice")
            turns.append(
                StrategyTurn(
                    role,
                    " ".join(t["text"].split()),
                    strategy,
                    label,
                    subtype,
                    choice if isinstance(choice, bool) else None,
                )
            )
        name = obj.get("conversation", len(out))
        out.append(StrategyConversation(str(name), tuple(turns)))
    return tuple(out)


def helper_turns(conversations: Sequence[StrategyConversation]) -> list[StrategyTurn]:
    """Every helper turn that carries a strategy, in file order."""
    return [t for c in conversations for t in c.turns if t.strategy is not None]
