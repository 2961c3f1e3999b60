"""A coder that hands back codes given in advance, so indicator values are known exactly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from fulcrum.core.transcripts.coding.base import Code, Turn


class Scripted:
    """Codes given in advance, so indicator values are known exactly."""

    name = "scripted"
    kind: Literal["rules", "learned"] = "learned"

    def __init__(self, labels: Sequence[tuple[str, str | None]]) -> None:
        self.labels = labels

    def code(self, turns: Sequence[Turn]) -> tuple[Code, ...]:
        return tuple(
            Code(t.role, lab, sub) for t, (lab, sub) in zip(turns, self.labels, strict=True)
        )
