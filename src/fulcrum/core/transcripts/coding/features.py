"""Features for the learned coder: the utterance, its neighbours, and simple shape cues.

Text becomes numbers by *hashing*: every word, word pair and character 2-5-gram is
hashed (a fixed 64-bit polynomial hash, the same on every machine and every run) into
one of 2^18 buckets. All of it is NumPy array arithmetic over the whole session at once,
so no Python loop runs per n-gram; that is what makes the coder fast. Training keeps the
buckets seen in at least two training utterances and learns an inverse document
frequency for each, so a saved coder holds bucket numbers and weights, never a word of
the corpus it learned from.

A turn's row joins its own word and character TF-IDF, the previous and next turns' word
TF-IDF (what was just said, and how the other person took it), and dense cues: length,
question marks, position, how the next turn opens ("yeah", "exactly"), wh- and
auxiliary openings, and how much of the neighbouring turns it echoes (cosine similarity,
which is what a reflection does and a question or new information does not).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from fulcrum.core.transcripts.coding.base import Turn

WORD_BITS = 18
CHAR_BITS = 18
CHAR_NGRAMS = (3, 5)
MIN_DF = 2

_U = np.uint64
_BASE = _U(0x100000001B3)
_BASE_INV = _U(pow(0x100000001B3, -1, 1 << 64))
_MIX1 = _U(0xFF51AFD7ED558CCD)
_MIX2 = _U(0xC4CEB9FE1A85EC53)
_PAIR = _U(0x9E3779B97F4A7C15)
_SEPARATOR = 10  # "\n" ends every text; normalise() has already turned newlines to spaces


def _word_char_table() -> Any:
    table = np.zeros(0x3000, dtype=bool)
    for code in range(0x3000):
        ch = chr(code)
        table[code] = ch.isalnum() or ch in "_'"
    return table


_WORD_CHAR = _word_char_table()


def normalise(text: str) -> str:
    """Lower-case and squeeze whitespace, keeping punctuation (it carries questions)."""
    return " ".join(text.replace("\u2019", "'").lower().split())


def _mix(x: Any) -> Any:
    """Scramble 64-bit hashes (the MurmurHash3 finaliser) so buckets spread evenly."""
    x = x ^ (x >> _U(33))
    x = x * _MIX1
    x = x ^ (x >> _U(33))
    x = x * _MIX2
    return x ^ (x >> _U(33))


def _salt(value: int) -> Any:
    return _U(value * 0x2545F4914F6CDD1D % (1 << 64))


@dataclass(frozen=True, slots=True)
class Hashed:
    """Hashed n-grams of ``n_rows`` texts: one (row, bucket) pair per occurrence."""

    rows: Any
    buckets: Any
    n_rows: int


def _buckets(hashes: Any, bits: int) -> Any:
    return (hashes >> _U(64 - bits)).astype(np.int64)


def hashed_ngrams(texts: Sequence[str]) -> tuple[Hashed, Hashed]:
    """Hash the words, word pairs and character n-grams of already normalised texts.

    Returns (words, chars). Words are runs of letters, digits and apostrophes; "?" and
    "!" count as words. Character n-grams run over " text " so word edges are seen.
    """
    n = len(texts)
    joined = "".join(" " + t + " \n" for t in texts)
    code = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    length = len(code)
    sep = code == _SEPARATOR
    doc = np.concatenate([[0], np.cumsum(sep[:-1])]) if length else np.zeros(0, dtype=np.int64)
    cu = code.astype(_U)

    # Character n-grams: h_n(i) = h_{n-1}(i) * B + c[i + n - 1], kept inside one text.
    seps_before = np.concatenate([[0], np.cumsum(sep)])
    rows: list[Any] = []
    cols: list[Any] = []
    low, high = CHAR_NGRAMS
    h = cu.copy()
    for size in range(1, high + 1):
        if size > 1:
            h = h[:-1] * _BASE + cu[size - 1 :]
        if size < low or len(h) == 0:
            continue
        inside = np.flatnonzero(
            seps_before[size : length + 1] - seps_before[: length - size + 1] == 0
        )
        rows.append(doc[inside])
        cols.append(_buckets(_mix(h[inside] ^ _salt(size)), CHAR_BITS))
    empty = np.zeros(0, dtype=np.int64)
    chars = Hashed(
        np.concatenate(rows) if rows else empty, np.concatenate(cols) if cols else empty, n
    )

    # Words: hash each token from prefix sums, hash(a, e) = B^(e-1) * (S[e] - S[a]),
    # where S[j] = sum of c[i] * B^-i for i < j (all arithmetic modulo 2^64).
    wordish = np.where(code < 0x3000, _WORD_CHAR[np.minimum(code, 0x2FFF)], code >= 0x3000)
    before = np.concatenate([[False], wordish[:-1]])
    after = np.concatenate([wordish[1:], [False]])
    marks = np.flatnonzero((code == 63) | (code == 33))  # "?" and "!"
    starts = np.concatenate([np.flatnonzero(wordish & ~before), marks])
    ends = np.concatenate([np.flatnonzero(wordish & ~after) + 1, marks + 1])
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    powers = np.cumprod(np.concatenate([[_U(1)], np.full(length, _BASE, dtype=_U)]))
    inverse = np.cumprod(np.concatenate([[_U(1)], np.full(length, _BASE_INV, dtype=_U)]))
    prefix = np.concatenate([[_U(0)], np.cumsum(cu * inverse[:length], dtype=_U)])
    token = powers[np.maximum(ends - 1, 0)] * (prefix[ends] - prefix[starts])
    token_doc = doc[starts]
    rows = [token_doc]
    cols = [_buckets(_mix(token ^ _salt(1)), WORD_BITS)]
    if len(token) > 1:
        same = token_doc[1:] == token_doc[:-1]
        pair = token[:-1] * _PAIR + token[1:]
        rows.append(token_doc[:-1][same])
        cols.append(_buckets(_mix(pair[same] ^ _salt(2)), WORD_BITS))
    words = Hashed(np.concatenate(rows), np.concatenate(cols), n)
    return words, chars


def _unique_pairs(rows: Any, cols: Any, width: int) -> tuple[Any, Any, Any]:
    """Distinct (row, col) pairs, sorted by row then column, with how often each occurs."""
    keys, counts = np.unique(rows * width + cols, return_counts=True)
    return keys // width, keys % width, counts


@dataclass(frozen=True, slots=True)
class Weighting:
    """Which hash buckets a coder uses (``columns[bucket]``, -1 if none) and their IDF."""

    columns: Any
    idf: Any

    @property
    def width(self) -> int:
        return len(self.idf)

    @classmethod
    def fit(cls, hashed: Hashed, bits: int, min_df: int = MIN_DF) -> Weighting:
        """Keep buckets seen in ``min_df`` texts or more; IDF as ``1 + ln((1+n)/(1+df))``."""
        _, buckets, _ = _unique_pairs(hashed.rows, hashed.buckets, 1 << bits)
        df = np.bincount(buckets, minlength=1 << bits)
        kept = np.flatnonzero(df >= min_df)
        columns = np.full(1 << bits, -1, dtype=np.int32)
        columns[kept] = np.arange(len(kept), dtype=np.int32)
        idf = (np.log((1.0 + hashed.n_rows) / (1.0 + df[kept])) + 1.0).astype(np.float32)
        return cls(columns, idf)

    def transform(self, hashed: Hashed) -> Any:
        """Sublinear TF-IDF over the kept buckets (CSR), each row scaled to unit length."""
        col = self.columns[hashed.buckets]
        keep = col >= 0
        rows, cols, counts = _unique_pairs(
            hashed.rows[keep], col[keep].astype(np.int64), self.width
        )
        data = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=hashed.n_rows))
        norms[norms == 0] = 1.0
        data = (data / norms[rows]).astype(np.float32)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=hashed.n_rows))])
        return sp.csr_matrix(
            (data, cols.astype(np.int32), indptr.astype(np.int32)),
            shape=(hashed.n_rows, self.width),
        )


def shifted(m: Any, index: Any) -> Any:
    """Rows of ``m`` at ``index``; an empty row where the index is -1."""
    padded = sp.vstack([m, sp.csr_matrix((1, m.shape[1]), dtype=m.dtype)], format="csr")
    return padded[np.where(index >= 0, index, m.shape[0])]


def neighbours(n: int, offset: int) -> Any:
    """Index of the turn ``offset`` places away, -1 beyond the session's ends."""
    j = np.arange(n) + offset
    return np.where((j >= 0) & (j < n), j, -1)


def same_role_neighbours(roles: Sequence[str]) -> tuple[Any, Any]:
    """For each turn, the previous and the next turn by the same speaker (-1 if none)."""
    n = len(roles)
    prev = np.full(n, -1, dtype=np.int64)
    nxt = np.full(n, -1, dtype=np.int64)
    last: dict[str, int] = {}
    for i, role in enumerate(roles):
        j = last.get(role, -1)
        prev[i] = j
        if j >= 0:
            nxt[j] = i
        last[role] = i
    return prev, nxt


_AFFIRM = re.compile(r"^\W*(yeah|yes|yep|right|exactly|mm-?hmm|uh-huh|that's right|true)\b")
_STARTS_WH = re.compile(r"^\W*(?:\w+[,.]?\s+){0,3}?(what|how|why|when|where|who|which|tell me)\b")
_STARTS_AUX = re.compile(
    r"^\W*(?:(?:so|and|okay|ok|well|now|um|uh)[,.]?\s+){0,2}"
    r"(do|does|did|is|are|was|were|have|has|can|could|would|will|should)\s+"
    r"(you|it|that|they|he|she|we|i)\b"
)
_YOU = re.compile(r"\b(you|you're|your|you've|you'd|yourself)\b")
_I = re.compile(r"\b(i|i'm|i've|i'd|me|my)\b")
N_SHAPE = 16
N_ECHO = 4  # word cosine with the turns 1 and 2 places before and after
N_DENSE = N_SHAPE + N_ECHO


def _shape(texts: Sequence[str], roles: Sequence[str]) -> Any:
    n = len(texts)
    if n == 0:
        return np.zeros((0, N_SHAPE), dtype=np.float32)
    per_text = np.array(
        [
            (
                len(t.split()),
                t.endswith("?"),
                t.count("?"),
                _AFFIRM.match(t) is not None,
                _STARTS_WH.match(t) is not None,
                _STARTS_AUX.match(t) is not None,
                len(_YOU.findall(t)),
                len(_I.findall(t)),
            )
            for t in texts
        ],
        dtype=np.float32,
    )
    words, ends_q, n_q, affirm, wh, aux, you, me = per_text.T
    log_words = np.log1p(words)
    position = np.arange(n, dtype=np.float32)
    role_codes = np.array([r == "practitioner" for r in roles])
    same_as_prev = np.concatenate([[False], role_codes[1:] == role_codes[:-1]])
    return np.column_stack(
        [
            log_words,
            ends_q,
            np.minimum(n_q, 3) / 3,
            n_q > 0,
            position / max(n - 1, 1),
            position == 0,
            _before(log_words),
            _after(log_words),
            _before(ends_q),
            _after(affirm),
            wh,
            aux,
            np.minimum(you, 5) / 5,
            np.minimum(me, 5) / 5,
            same_as_prev,
            words <= 3,
        ]
    ).astype(np.float32)


def _before(a: Any) -> Any:
    """Each turn gets the previous turn's value (0 for the first)."""
    return np.concatenate([[0], a[:-1]])


def _after(a: Any) -> Any:
    """Each turn gets the next turn's value (0 for the last)."""
    return np.concatenate([a[1:], [0]])


def _echo(m: Any) -> Any:
    """Cosine similarity of each row with the rows 1 and 2 places before and after it.

    Rows are unit length, so a cosine is a dot product: the entries two rows share are
    found by looking each (row + gap, column) key up among the sorted (row, column)
    keys, which keeps the cost linear in the session's length.
    """
    n, width = m.shape
    out = np.zeros((n, N_ECHO), dtype=np.float32)
    rows = np.repeat(np.arange(n), np.diff(m.indptr))
    keys = rows.astype(np.int64) * width + m.indices
    if len(keys) == 0:
        return out
    for k, gap in enumerate((1, 2)):
        target = keys + gap * width
        pos = np.minimum(np.searchsorted(keys, target), len(keys) - 1)
        hit = keys[pos] == target
        dots = np.bincount(
            rows[hit] + gap, weights=m.data[hit] * m.data[pos[hit]], minlength=n + gap
        )[:n]
        out[:, 2 * k] = dots  # with the turn `gap` places before
        out[: n - gap, 2 * k + 1] = dots[gap:]  # with the turn `gap` places after
    return out


@dataclass(frozen=True, slots=True)
class SessionText:
    """A session's TF-IDF rows, dense cues and same-speaker neighbours."""

    words: Any
    chars: Any
    dense: Any
    prev_same: Any
    next_same: Any

    @property
    def size(self) -> int:
        return int(self.words.shape[0])


def session_text(turns: Sequence[Turn], word: Weighting, char: Weighting) -> SessionText:
    """Vectorise a session's turns with fitted weightings."""
    texts = [normalise(t.text) for t in turns]
    roles = [t.role for t in turns]
    hw, hc = hashed_ngrams(texts)
    w = word.transform(hw)
    c = char.transform(hc)
    dense = np.hstack([_shape(texts, roles), _echo(w)])
    prev_same, next_same = same_role_neighbours(roles)
    return SessionText(w, c, dense, prev_same, next_same)


def text_features(s: SessionText) -> Any:
    """One sparse row per turn: own words, own characters, the previous and next turns'
    words, dense cues (the layout every coefficient vector follows)."""
    return sp.hstack(
        [
            s.words,
            s.chars,
            shifted(s.words, neighbours(s.size, -1)),
            shifted(s.words, neighbours(s.size, 1)),
            sp.csr_matrix(s.dense),
        ],
        format="csr",
        dtype=np.float32,
    )


def fit_weightings(sessions: Sequence[Sequence[Turn]]) -> tuple[Weighting, Weighting]:
    """Fit the word and character weightings on every text of the training sessions."""
    texts = [normalise(t.text) for s in sessions for t in s]
    hw, hc = hashed_ngrams(texts)
    return Weighting.fit(hw, WORD_BITS), Weighting.fit(hc, CHAR_BITS)
