"""The name stage's learned tagger: a second opinion, word by word, on what is a name.

The rules (``names.py``) judge a word by casing, the word lists and a few words around
it. The tagger scores every word of the text as not a name, or part of a person's, a
place's or an organisation's name, from hashed features: the word itself, its shape,
prefixes and suffixes, which bundled lists know it, whether it starts a sentence,
whether the text is written in lower case, the two words either side, and what the
rules and patterns already found there. It is a multinomial logistic regression,
trained by ``scripts/train_deid_tagger.py`` on CC BY texts only (decision 0022) and
shipped as ``data/tagger.npz``: bucket numbers and weights, never a word of the
corpus.

Scoring is cheap because the model is linear: a word's score is the sum of a few
cached parts (the word in its setting, each neighbour at its offset, the rules'
marks), each looked up once per distinct key and reused for every later text.

The tagger only adds: a word it scores as a name becomes a finding unless Fulcrum's
own cues say it is an ordinary word (look-alikes, kinds of power, ``keep``).
"""

from __future__ import annotations

import functools
import io
import json
import re
import zlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fulcrum.core.deid.lexicon import DATA_DIRECTORY, Lexicon
from fulcrum.core.deid.model import EntityType, Finding
from fulcrum.core.deid.names import _STARTERS, _STOP, _token_fields
from fulcrum.core.errors import CatalogueError

__all__ = [
    "CLASSES",
    "FORMAT_VERSION",
    "Tagger",
    "TokenKeys",
    "key_features",
    "load_tagger",
    "token_keys",
]

CLASSES: tuple[str, ...] = ("O", "PERSON", "PLACE", "ORGANIZATION")
BITS = 20
FORMAT = "fulcrum-deid-tagger"
FORMAT_VERSION = 1
TAGGER_FILE = "tagger.npz"
_MASK = (1 << BITS) - 1
_CACHE_LIMIT = 50_000  # keys kept between texts, with their words and features: under 20 MB
_DIGITS = re.compile(r"\d")
_POSSESSIVE = re.compile(r"['’]s$")
_STOPWORDS = _STOP


# A word's shape: runs of digits, then of small and of capital letters, then of anything
# outside ASCII, each written as one mark ("Orrell's" -> "Aa'a", "C-014" -> "A-0").
_SHAPE_RUNS = tuple(
    (re.compile(run), mark)
    for run, mark in ((r"\d+", "0"), (r"[a-z]+", "a"), (r"[A-Z]+", "A"), (r"[^\x00-\x7f]+", "u"))
)


def _shape(word: str) -> str:
    for run, mark in _SHAPE_RUNS:
        word = run.sub(mark, word)
    return word[:8]


def _lists(lower: str, lex: Lexicon) -> list[str]:
    found = []
    for name, words in (
        ("first", lex.first_names),
        ("surname", lex.surnames),
        ("place", lex.places),
        ("bigplace", lex.big_places),
        ("dict", lex.dictionary),
        ("frequent", lex.frequent_words),
        ("common", lex.common_words),
        ("org", lex.org_words),
        ("placeword", lex.place_words),
        ("title", lex.titles),
        ("before", lex.person_before),
    ):
        if lower in words:
            found.append(name)
    if lower in _STOPWORDS:
        found.append("stop")
    return found or ["unlisted"]


@functools.lru_cache(maxsize=_CACHE_LIMIT)
def _casing(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "none"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "cap1"
    if letters[0].isupper():
        return "cap"
    if any(c.isupper() for c in letters):
        return "mixed"
    return "lower"


@dataclass(frozen=True)
class _Word:
    """What the features of a written word rest on, whatever its setting."""

    base: str
    lower: str
    casing: str
    lists: tuple[str, ...]


def _word(word: str, lex: Lexicon, words: dict[str, _Word] | None) -> _Word:
    """``word`` without its possessive, in lower case, its casing and the lists that know
    it; looked up in ``words`` first, and kept there, when a caller keeps them."""
    found = words.get(word) if words is not None else None
    if found is None:
        base = _POSSESSIVE.sub("", word) or word
        lower = base.lower()
        found = _Word(base, lower, _casing(base), tuple(_lists(lower, lex)))
        if words is not None:
            words[word] = found
    return found


def key_features(key: Hashable, lex: Lexicon, words: dict[str, _Word] | None = None) -> list[str]:
    """The features a key stands for; a token's row is the union over its keys.

    A word comes back in the keys of its own and its four neighbours' features: a caller
    asking about many keys with one lexicon passes ``words`` to work each word out once.
    """
    assert isinstance(key, tuple)
    kind = key[0]
    if kind == "self":
        _, word, initial, noisy, lower_elsewhere = key
        facts = _word(word, lex, words)
        base, lower, casing, lists = facts.base, facts.lower, facts.casing, facts.lists
        setting = f"{'I' if initial else 'M'}{'N' if noisy else 'W'}"
        out = [
            "bias",
            f"w={lower}",
            f"shape={_shape(base)}",
            f"p2={lower[:2]}",
            f"p3={lower[:3]}",
            f"s2={lower[-2:]}",
            f"s3={lower[-3:]}",
            f"s4={lower[-4:]}",
            f"case={casing}",
            f"len={min(len(base), 12)}",
            f"set={setting}",
            f"set={setting}|case={casing}",
            f"set={setting}|w={lower}",
        ]
        if base != word:
            out.append("possessive")
        if _DIGITS.search(word):
            out.append("digit")
        if lower_elsewhere:
            out += ["lowered", f"lowered|case={casing}"]
        for name in lists:
            out += [
                f"list={name}",
                f"list={name}|case={casing}",
                f"list={name}|set={setting}|case={casing}",
            ]
        out.append(f"lists={'+'.join(lists)}|case={casing}|set={setting}")
        return out
    if kind == "near":
        _, offset, word = key
        if word is None:
            return [f"{offset}:edge"]
        facts = _word(word, lex, words)
        lower, casing = facts.lower, facts.casing
        out = [f"{offset}:w={lower}", f"{offset}:case={casing}", f"{offset}:s3={lower[-3:]}"]
        out += [f"{offset}:list={name}|case={casing}" for name in facts.lists]
        return out
    if kind == "rules":
        _, marks, casing = key
        out = [f"r{d}={m}" for d, m in zip((-1, 0, 1), marks, strict=True)]
        out.append(f"r0={marks[1]}|case={casing}")
        out.append(f"r={'/'.join(marks)}")
        return out
    raise ValueError(f"unknown key kind {kind!r}")


@dataclass(frozen=True)
class TokenKeys:
    """A text's words (offsets) and, for each, the keys its features come from."""

    spans: tuple[tuple[int, int], ...]
    words: tuple[str, ...]
    keys: tuple[tuple[Hashable, ...], ...]


def _mark(f: Finding) -> str:
    return f"{f.stage}:{f.type}"


def token_keys(text: str, findings: Sequence[Finding]) -> TokenKeys:
    """Split ``text`` into words and name each word's feature keys.

    ``findings`` are what the rules and patterns found before the tagger runs.
    """
    tokens = _token_fields(text)  # (start, end, text, base, lower, initial, cap, upper)
    spans = tuple(t[:2] for t in tokens)
    words = tuple(t[2] for t in tokens)
    marks = ["-"] * len(tokens)
    ordered = sorted(findings, key=lambda f: f.start)
    k = 0
    for i, (start, end) in enumerate(spans):
        while k < len(ordered) and ordered[k].end <= start:
            k += 1
        j = k
        while j < len(ordered) and ordered[j].start < end:
            if ordered[j].end > start:
                marks[i] = _mark(ordered[j])
                break
            j += 1
    letters = "".join(filter(str.isalpha, text))
    capitals = sum(map(str.isupper, letters))
    # Text with few capitals (or nearly all capitals) does not mark names by casing.
    noisy = bool(letters) and (capitals / len(letters) < 0.02 or capitals / len(letters) > 0.6)
    lower_forms = {t[4] for t in tokens if t[3].islower()}
    # Each word's neighbours two either side and the rules' marks one either side, with
    # what stands beyond the text's ends.
    around = (None, None, *words, None, None)
    marked = ("^", *marks, "$")
    keys = tuple(
        (
            ("self", word, initial, noisy, lower in lower_forms and not base.islower()),
            ("near", -2, around[i]),
            ("near", -1, around[i + 1]),
            ("near", 1, around[i + 3]),
            ("near", 2, around[i + 4]),
            ("rules", (marked[i], marked[i + 1], marked[i + 2]), _casing(base)),
        )
        for i, (_, _, word, base, lower, initial, _, _) in enumerate(tokens)
    )
    return TokenKeys(spans, words, keys)


def bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & _MASK


class _FeatureRows(dict[str, int]):
    """Each feature's row of a tagger's weights, or -1 for none: hashed the first time
    the feature is asked for, and remembered."""

    def __init__(self, rows: dict[int, int]) -> None:
        super().__init__()
        self.rows = rows

    def __missing__(self, feature: str) -> int:
        row = self[feature] = self.rows.get(bucket(feature), -1)
        return row


class Tagger:
    """A trained tagger: bucket weights per class, and the threshold it was tuned to."""

    def __init__(
        self,
        buckets: Any,
        weights: Any,
        bias: Any,
        threshold: float,
        meta: dict[str, Any],
        veto: float = 0.0,
        extend: float = 1.0,
    ) -> None:
        self.rows = {int(b): r for r, b in enumerate(buckets.tolist())}
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        # A word scored at or above ``threshold`` is added as a name; a name the rules
        # found whose every word scores below ``veto`` is dropped.
        self.threshold = float(threshold)
        self.veto = float(veto)
        self.extend = float(extend)
        self.meta = meta
        # What scoring has worked out so far, kept between texts until a text's keys
        # might not fit beside it: each key's part (the sum of its features' weights) is
        # a row of ``_parts`` (``_slots`` says which), each feature's row of the weights
        # is in ``_feature_rows`` (-1 for none), and each word's lists in ``_words``.
        self._slots: dict[Hashable, int] = {}
        self._parts = np.zeros((_CACHE_LIMIT, len(CLASSES)), dtype=np.float32)
        self._feature_rows = _FeatureRows(self.rows)
        self._words: dict[str, _Word] = {}
        # The weights and a row of zeros after them, which pads a short list of rows.
        self._padded = np.vstack([self.weights, np.zeros((1, len(CLASSES)), dtype=np.float32)])

    def _make_room(self, keys: int) -> None:
        """Forget what was worked out when ``keys`` more might not fit beside it, and
        hold more for a text with more keys than that."""
        if len(self._slots) + keys <= len(self._parts):
            return
        self._slots.clear()
        self._feature_rows.clear()
        self._words.clear()
        if keys > len(self._parts):
            self._parts = np.zeros((keys, len(CLASSES)), dtype=np.float32)

    def _add_parts(self, first: int, rows: list[list[int]]) -> None:
        """Work out the parts of new keys, whose features have these ``rows`` of the
        weights, into the slots from ``first`` on: all at once, each part summed over its
        rows in order (padded with zeros), as a single key's part would be."""
        lengths = np.array([len(r) for r in rows])
        index = np.full((len(rows), max(lengths.max(), 1)), len(self.weights))
        index[np.arange(index.shape[1]) < lengths[:, None]] = [r for some in rows for r in some]
        self._parts[first : first + len(rows)] = self._padded[index].sum(axis=1)

    def probabilities(self, keys: TokenKeys, lex: Lexicon) -> Any:
        """One row per word: the probability of each class in ``CLASSES``."""
        if not keys.keys:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        width = len(keys.keys[0])
        self._make_room(len(keys.keys) * width)
        slots = self._slots
        feature_rows = self._feature_rows.__getitem__
        wanted: list[int] = []
        new: list[list[int]] = []
        first = len(slots)
        for token in keys.keys:
            for k in token:
                # Most keys are met again (the same word, its neighbours).
                slot = slots.get(k)
                if slot is None:
                    slot = slots[k] = len(slots)
                    features = key_features(k, lex, self._words)
                    new.append([r for r in map(feature_rows, features) if r >= 0])
                wanted.append(slot)
        if new:
            self._add_parts(first, new)
        scores = self._parts[wanted].reshape(len(keys.keys), width, -1).sum(axis=1)
        scores += self.bias
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def to_bytes(self) -> bytes:
        buckets = np.array(sorted(self.rows, key=self.rows.__getitem__), dtype=np.uint32)
        out = io.BytesIO()
        np.savez_compressed(
            out,
            buckets=buckets,
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            threshold=np.array(self.threshold),
            veto=np.array(self.veto),
            extend=np.array(self.extend),
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
        )
        return out.getvalue()


def tagger_from_bytes(data: bytes, name: str = TAGGER_FILE) -> Tagger:
    """Read a tagger saved by :meth:`Tagger.to_bytes`; refuse anything else."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            meta = json.loads(str(archive["meta"]))
            parts = {
                k: archive[k] for k in ("buckets", "weights", "bias", "threshold", "veto", "extend")
            }
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise CatalogueError(f"{name} is not a de-identification tagger ({exc}).") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CatalogueError(f"{name} is not a de-identification tagger.")
    if meta.get("version") != FORMAT_VERSION or meta.get("classes") != list(CLASSES):
        raise CatalogueError(
            f"{name} has format version {meta.get('version')}; this Fulcrum reads version "
            f"{FORMAT_VERSION}. Train it again with scripts/train_deid_tagger.py."
        )
    if parts["weights"].shape != (len(parts["buckets"]), len(CLASSES)):
        raise CatalogueError(f"{name}: its weights do not match its buckets.")
    return Tagger(
        parts["buckets"],
        parts["weights"],
        parts["bias"],
        float(parts["threshold"]),
        meta,
        float(parts["veto"]),
        float(parts["extend"]),
    )


@functools.cache
def load_tagger(directory: Path = DATA_DIRECTORY) -> Tagger:
    """The bundled tagger, read once, the first time a text is de-identified."""
    path = directory / TAGGER_FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(f"{TAGGER_FILE}: cannot be read ({exc.strerror}).") from None
    return tagger_from_bytes(data)


def _close(text: str, keys: TokenKeys, i: int) -> bool:
    """Whether word ``i`` and the next are written as parts of one name."""
    return text[keys.spans[i][1] : keys.spans[i + 1][0]] in {" ", "-", " - ", ". "}


def tagged_type(probabilities: Any) -> EntityType:
    """The kind of name a run of words scores highest in, summed over its words."""
    total = probabilities[:, 1:].sum(axis=0)
    kind = CLASSES[1 + int(np.argmax(total))]
    assert kind in ("PERSON", "PLACE", "ORGANIZATION")
    return kind  # type: ignore[return-value]


def tagged_spans(
    text: str,
    keys: TokenKeys,
    probabilities: Any,
    threshold: float,
    extend: float,
    lex: Lexicon,
    covered: bytearray,
) -> list[tuple[int, int, EntityType, float]]:
    """Runs of neighbouring words the tagger scores as a name that nothing covers yet.

    A word Fulcrum's cues call ordinary (a look-alike, a kind of power, ``keep``) or a
    very common short word is never added.
    """
    scores = 1.0 - probabilities[:, 0] if len(keys.spans) else []
    n = len(keys.spans)
    # In text written with capitals (one word in twenty or more), a lower-case English
    # word after a name is the sentence going on, below.
    cased = sum(w[:1].isupper() for w in keys.words) * 20 >= max(len(keys.words), 20)
    state = [0] * n  # 0 no, 1 covered already, 2 picked
    plain: list[bool] = []  # never added alone
    never: list[bool] = []  # never added at all
    for i, ((start, end), word) in enumerate(zip(keys.spans, keys.words, strict=True)):
        lower = (_POSSESSIVE.sub("", word) or word).lower()
        never.append(
            lower in lex.lookalike
            or lower in lex.keep
            or not any(map(str.isalpha, word))
            # "her sister Wilhelmina", "with Noori": who someone is to the speaker, or
            # the word that names them, stays a word
            or (word.islower() and lower in lex.person_before and lower not in _STOPWORDS)
        )
        # "Later", "Afterwards" before a name open the sentence, never the name.
        plain.append(lower in _STOPWORDS or lower in _STARTERS)
        if any(covered[start:end]):
            state[i] = 1
        elif scores[i] >= threshold and not plain[i] and not never[i]:
            state[i] = 2
    # A word beside a name joins it at the lower ``extend`` score ("team member Rodaba
    # Noori"); a common short word only between two parts of one name, at ``threshold``.
    # A name ending in a possessive ends there ("Tobias's sister Wilhelmina" is two
    # people and a word), and in text written with capitals a lower-case English word
    # after a name is the sentence going on ("Skegness near the pier"), not more of the
    # name (without capitals it may be: "taylor swift").
    owner = [bool(_POSSESSIVE.search(word)) for word in keys.words]
    after_only = [
        cased and word.islower() and (_POSSESSIVE.sub("", word) or word) in lex.dictionary
        for word in keys.words
    ]
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if state[i] or never[i] or scores[i] < extend:
                continue
            left = i > 0 and state[i - 1] and not owner[i - 1] and _close(text, keys, i - 1)
            right = i + 1 < n and state[i + 1] and not owner[i] and _close(text, keys, i)
            if left and not right and after_only[i]:
                continue
            if (not plain[i] and (left or right)) or (left and right and scores[i] >= threshold):
                state[i] = 2
                changed = True
    picked = [i for i in range(n) if state[i] == 2]
    runs: list[list[int]] = []
    for i in picked:
        if runs and runs[-1][-1] == i - 1 and not owner[i - 1] and _close(text, keys, i - 1):
            runs[-1].append(i)
            continue
        runs.append([i])
    spans = []
    for run in runs:
        p = probabilities[run]
        start, end = keys.spans[run[0]][0], keys.spans[run[-1]][1]
        spans.append((start, end, tagged_type(p), float(1.0 - p[:, 0].min())))
    return spans
