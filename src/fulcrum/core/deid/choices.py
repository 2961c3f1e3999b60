"""A contributor's choices on the de-identifier's findings, applied onto the text as they
have since edited it: each finding either takes its proposal or keeps the words as
written, and nothing the contributor typed is ever rebuilt from the original.

The contributor chooses once for each distinct finding (``group_findings``: the same
words of one type, however often the text writes them), and the choice is applied to
every mention of it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from fulcrum.core.deid import Deidentified, Finding, same_words

__all__ = ["Choices", "Group", "apply_choices", "every_mention", "group_findings", "groups_kept"]


@dataclass(frozen=True)
class Group:
    """One distinct finding: the same words of one type wherever the text writes them, in
    any case, with or without a possessive or hyphen, spaced or run together. ``words``
    and ``finding`` are its first mention; ``mentions`` number every mention's finding by
    position."""

    words: str
    finding: Finding
    mentions: tuple[int, ...]


def group_findings(result: Deidentified) -> tuple[Group, ...]:
    """The distinct findings of ``result``, in the order the text first writes them."""
    ordered = sorted(result.findings, key=lambda f: f.start)
    mentions: dict[tuple[str, str], list[int]] = {}
    for n, f in enumerate(ordered):
        # "Cash Jo" and "#CashJo" are the same words, written run together.
        words = same_words(result.text[f.start : f.end]).replace(" ", "")
        mentions.setdefault((f.type, words), []).append(n)
    return tuple(
        Group(result.text[ordered[ns[0]].start : ordered[ns[0]].end], ordered[ns[0]], tuple(ns))
        for ns in mentions.values()
    )


def every_mention(groups: Sequence[Group], chosen: Iterable[int]) -> frozenset[int]:
    """The numbers of every finding the ``chosen`` groups (numbered as listed) cover."""
    return frozenset(n for g in chosen if 0 <= g < len(groups) for n in groups[g].mentions)


def groups_kept(groups: Sequence[Group], kept: frozenset[int]) -> frozenset[int]:
    """The groups with a mention ``kept`` as written: a choice to keep stands while any of
    its words are back, so applying again never masks them without being asked."""
    return frozenset(g for g, group in enumerate(groups) if kept.intersection(group.mentions))


@dataclass(frozen=True)
class Choices:
    """The text after the contributor's choices, which findings it now keeps as written,
    and the words of those whose choice could not be applied because they were edited
    (each once, however many mentions were)."""

    text: str
    kept: frozenset[int]
    left_as_typed: tuple[str, ...]


# Words and single marks, each with the space before it: typing next to a finding's
# words (a full stop, a sentence after it) leaves those words matching, and no token is
# so common (a lone space would be) that matching a long text grows slow.
_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])|\s+")


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """``text`` cut into words and marks with the space before each, and where each starts."""
    found = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    return [t for t, _ in found], [at for _, at in found] + [len(text)]


# Beyond this much work (pairs of equal tokens to weigh) the middle of an edit is not
# matched: a pasted page of one word repeated would otherwise take seconds, and the
# findings there are left as typed, with the sentence, rather than guessed.
_MATCHING_WORK = 2_000_000


def _same_runs(before: list[str], after: list[str]) -> list[tuple[int, int, int]]:
    """Runs of tokens left as they were: (where in ``before``, where in ``after``, how many)."""
    most = min(len(before), len(after))
    head = 0
    while head < most and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < most - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    runs = [(0, 0, head), (len(before) - tail, len(after) - tail, tail)]
    middle_a, middle_b = before[head : len(before) - tail], after[head : len(after) - tail]
    counts = Counter(middle_b)
    if sum(counts[t] for t in middle_a) <= _MATCHING_WORK:
        matcher = SequenceMatcher(None, middle_a, middle_b, autojunk=False)
        runs += [(head + a, head + b, size) for a, b, size in matcher.get_matching_blocks()]
    return [run for run in runs if run[2]]


def apply_choices(
    result: Deidentified, keep: frozenset[int], *, typed: str | None, shown: frozenset[int]
) -> Choices:
    """Apply the choice for each finding (numbered by position) onto the text as typed.

    ``shown`` is what the text was built with (finding numbers kept as written); ``typed``
    is that text as the contributor has since edited it, or None for the text unedited.
    Only findings whose choice changed are touched, and only where their words are still
    as they were built; the rest of the contributor's words are never rebuilt.
    """
    ordered = sorted(result.findings, key=lambda f: f.start)
    pieces: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    at = length = 0
    for n, f in enumerate(ordered):
        if f.start < at:
            continue  # overlapped by an earlier finding, as in the de-identifier's own apply
        piece = result.text[f.start : f.end] if n in shown else f.replacement
        gap = result.text[at : f.start]
        pieces += [gap, piece]
        spans[n] = (length + len(gap), length + len(gap) + len(piece))
        length += len(gap) + len(piece)
        at = f.end
    built = "".join([*pieces, result.text[at:]])
    text = built if typed is None else typed
    before, before_at = _tokens(built)
    after, after_at = _tokens(text)
    same = _same_runs(before, after)
    kept, left, swaps = set(shown & spans.keys()), [], []
    for n, (start, end) in spans.items():
        if (n in keep) == (n in shown):
            continue
        f = ordered[n]
        run = next(
            (r for r in same if before_at[r[0]] <= start and end <= before_at[r[0] + r[2]]),
            None,
        )
        if run is None:
            if result.text[f.start : f.end] not in left:  # one sentence names words once
                left.append(result.text[f.start : f.end])
            continue
        moved = after_at[run[1]] - before_at[run[0]]
        words = result.text[f.start : f.end] if n in keep else f.replacement
        swaps.append((start + moved, end + moved, words))
        kept.symmetric_difference_update({n})
    for start, end, words in sorted(swaps, reverse=True):
        text = text[:start] + words + text[end:]
    return Choices(text, frozenset(kept), tuple(left))
