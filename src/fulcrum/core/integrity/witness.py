"""A witness: someone outside the workspace who keeps the checkpoints they are given and
checks that each new one extends the last without changing a past entry.

A log checked only against itself cannot show that it was rewritten by someone holding
its key; a checkpoint held elsewhere can. The witness needs nothing but what it was
handed: the checkpoints, the public key it first saw, and a consistency proof.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.integrity.checkpoints import Checkpoint, checkpoints_consistent
from fulcrum.core.integrity.signing import signature_check


@dataclass(frozen=True)
class Witnessed:
    """What the witness found in an offered checkpoint: ``problem`` is ``None`` when it
    extends what was held, else one sentence saying what does not fit."""

    checkpoint: Checkpoint
    problem: str | None

    @property
    def consistent(self) -> bool:
        return self.problem is None


def witness(
    held: Sequence[Checkpoint],
    *,
    public_key: bytes,
    offered: Checkpoint,
    proof: Sequence[bytes],
) -> Witnessed:
    """Judge ``offered`` against the latest of ``held`` (by size) with ``proof``.

    ``public_key`` is the key the witness trusted when it held its first checkpoint; a
    checkpoint signed by any other key is refused, so a new key cannot start a new
    history unnoticed.
    """
    if not offered.is_signed_by(signature_check(public_key)):
        return Witnessed(offered, "it is not signed by the key this record was first held with")
    if not held:
        return Witnessed(offered, None)
    latest = max(held, key=lambda c: c.size)
    if offered.stream != latest.stream:
        return Witnessed(offered, "it belongs to another record than the one held")
    if offered.size < latest.size:
        return Witnessed(
            offered,
            f"it holds {_entries(offered.size)}, fewer than the {latest.size} already held",
        )
    if not checkpoints_consistent(latest, offered, proof):
        return Witnessed(
            offered,
            f"the first {_entries(latest.size)} no longer reach the root held since "
            f"{latest.at:%Y-%m-%d}",
        )
    return Witnessed(offered, None)


def _entries(n: int) -> str:
    return "1 entry" if n == 1 else f"{n} entries"
