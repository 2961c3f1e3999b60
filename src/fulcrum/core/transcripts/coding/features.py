"""Features for the learned coder: the utterance, its neighbours, and simple shape cues.

Each text in a session is vectorised once; a turn's row is then assembled from its own
vectors, the previous and next turns' word vectors (what was just said, and how the
other person took it), and a few dense cues (length, question marks, position).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from fulcrum.core.transcripts.coding.base import Turn

_SPACE = re.compile(r"\s+")
_AFFIRM = re.compile(r"^\W*(yeah|yes|yep|right|exactly|mm-?hmm|uh-huh|that's right|true)\b", re.I)
_STARTS_WH = re.compile(
    r"^\W*(?:\w+[,.]?\s+){0,3}?(what|how|why|when|where|who|which|tell me)\b", re.I
)
_STARTS_AUX = re.compile(
    r"^\W*(?:(?:so|and|okay|ok|well|now|um|uh)[,.]?\s+){0,2}"
    r"(do|does|did|is|are|was|were|have|has|can|could|would|will|should)\s+(you|it|that|they|he|she|we|i)\b",
    re.I,
)
_YOU = re.compile(r"\b(you|you're|your|you've|you'd|yourself)\b", re.I)
_I = re.compile(r"\b(i|i'm|i've|i'd|me|my)\b", re.I)
N_DENSE = 16


def normalise(text: str) -> str:
    """Lower-case and squeeze whitespace, keeping punctuation (it carries questions)."""
    return _SPACE.sub(" ", text.replace("\u2019", "'")).strip().lower()


def make_vectorizers() -> tuple[Any, Any]:
    """Return fresh (word, char) TF-IDF vectorizers with Fulcrum's settings."""
    word = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w[\w']*\b|[?!]",  # noqa: S106 -- a regex, not a password
        max_features=40000,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=3,
        sublinear_tf=True,
        max_features=60000,
        dtype=np.float32,
    )
    return word, char


def _dense(texts: Sequence[str], turns: Sequence[Turn]) -> Any:
    n = len(texts)
    out = np.zeros((n, N_DENSE), dtype=np.float32)
    for i, t in enumerate(texts):
        words = len(t.split())
        prev = texts[i - 1] if i > 0 else ""
        nxt = texts[i + 1] if i + 1 < n else ""
        prev_same = i > 0 and turns[i - 1].role == turns[i].role
        out[i] = (
            math.log1p(words),
            1.0 if t.endswith("?") else 0.0,
            min(t.count("?"), 3) / 3,
            1.0 if "?" in t else 0.0,
            i / max(n - 1, 1),
            1.0 if i == 0 else 0.0,
            math.log1p(len(prev.split())),
            math.log1p(len(nxt.split())),
            1.0 if prev.endswith("?") else 0.0,
            1.0 if _AFFIRM.match(nxt) else 0.0,
            1.0 if _STARTS_WH.match(t) else 0.0,
            1.0 if _STARTS_AUX.match(t) else 0.0,
            min(len(_YOU.findall(t)), 5) / 5,
            min(len(_I.findall(t)), 5) / 5,
            1.0 if prev_same else 0.0,
            1.0 if words <= 3 else 0.0,
        )
    return sp.csr_matrix(out)


def fit_vectorizers(sessions: Sequence[Sequence[Turn]]) -> tuple[Any, Any]:
    """Fit the word and char vectorizers on every text of the training sessions."""
    word, char = make_vectorizers()
    texts = [normalise(t.text) for s in sessions for t in s]
    word.fit(texts)
    char.fit(texts)
    return word, char


def session_features(turns: Sequence[Turn], word: Any, char: Any) -> Any:
    """Return one sparse feature row per turn (CSR, float32)."""
    texts = [normalise(t.text) for t in turns]
    n = len(texts)
    if n == 0:
        width = len(word.vocabulary_) * 3 + len(char.vocabulary_) + N_DENSE
        return sp.csr_matrix((0, width), dtype=np.float32)
    w = word.transform(texts).tocsr()
    c = char.transform(texts).tocsr()
    empty = sp.csr_matrix((1, w.shape[1]), dtype=np.float32)
    prev = sp.vstack([empty, w[:-1]]) if n > 1 else empty
    nxt = sp.vstack([w[1:], empty]) if n > 1 else empty
    return sp.hstack([w, c, prev, nxt, _dense(texts, turns)], format="csr", dtype=np.float32)
