"""A coder learned with scikit-learn from a labelled corpus the user has.

Two passes, one linear model per role in each (see docs/transcript-analysis.md):

1. **Text.** A class-balanced linear SVM reads the turn's hashed word and character
   TF-IDF, the previous and next turns' words and a few dense cues (features.py).
2. **Context.** A second SVM reads the same row plus the first pass's scores for the
   turn, its neighbours on either side, the same speaker's previous and next turns, the
   speaker's nearby turns and the whole session. While training, those scores come from
   first-pass models that never saw the session (grouped cross-validation), so the
   second pass learns how far to trust them on unseen text (stacked sequential learning).

Small SVMs on the first-pass row give the subtypes. Confidence is a softmax of the
second pass's margins: a ranking aid, not a calibrated probability.

Training data never ships with Fulcrum (docs/decisions/0002). A trained coder is turned
into bytes here — a NumPy archive of bucket maps and weights, no pickle and no corpus
text (docs/decisions/0004) — and the command line decides where to keep them.
"""

from __future__ import annotations

import io
import itertools
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp

from fulcrum.core.errors import InvalidInput
from fulcrum.core.transcripts.coding.base import (
    BEHAVIOUR_LABELS,
    CLIENT_LABELS,
    SUBTYPES,
    Code,
    Role,
    Turn,
)
from fulcrum.core.transcripts.coding.features import (
    N_DENSE,
    SessionText,
    Weighting,
    fit_weightings,
    neighbours,
    session_text,
    text_features,
)

FORMAT = "fulcrum-learned-coder"
FORMAT_VERSION = 2
ROLES: tuple[Role, ...] = ("practitioner", "client")
_LABELS: dict[Role, tuple[str, ...]] = {
    "practitioner": BEHAVIOUR_LABELS,
    "client": CLIENT_LABELS,
}
# Where each role's first-pass scores sit in the 7-wide score row of every turn.
_SLOTS: dict[Role, tuple[int, int]] = {"practitioner": (0, 4), "client": (4, 7)}
_WIDTH = 7
N_CONTEXT = _WIDTH * 7


@dataclass(frozen=True, slots=True)
class LabelledTurn:
    """A training example: the turn, its label and (for behaviour) its subtype.

    ``label`` is ``None`` for a turn the corpus does not code (a help-seeker's turn in a
    corpus that labels only the helper): it is read as context, never learned from.
    That is what lets corpora that label different things be trained on together.
    """

    turn: Turn
    label: str | None
    subtype: str | None = None


@dataclass(frozen=True, slots=True)
class TrainingSettings:
    """How a coder is trained.

    ``c`` is each SVM's regularisation (smaller is smoother), ``context_weight`` scales
    the first-pass scores in the second pass, ``folds`` is how many grouped folds make
    the out-of-fold scores. Defaults were chosen by grouped cross-validation on three of
    the five folds of the AnnoMI development file (docs/transcript-analysis.md).
    """

    c_practitioner: float = 0.1
    c_client: float = 0.05
    c_subtype: float = 0.1
    context_weight: float = 0.3
    folds: int = 5


@dataclass(frozen=True, slots=True)
class LinearModel:
    """``scores = X @ coef + intercept``; one column per class, in ``classes`` order."""

    classes: tuple[str, ...]
    coef: Any
    intercept: Any

    def scores(self, x: Any) -> Any:
        return np.asarray(x @ self.coef, dtype=np.float32) + self.intercept

    def predict(self, x: Any) -> list[str]:
        return [self.classes[k] for k in self.scores(x).argmax(axis=1)]


def _fit(x: Any, y: Any, c: float) -> LinearModel:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=c, class_weight="balanced", max_iter=4000, random_state=0)
    with warnings.catch_warnings():
        # A few thousand passes are plenty for a usable margin; liblinear's stopping
        # rule is stricter than the coder needs.
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(x, y)
    coef = np.asarray(svm.coef_.T, dtype=np.float32)
    intercept = np.asarray(svm.intercept_, dtype=np.float32)
    if coef.shape[1] == 1:  # binary: one margin, positive for the second class
        coef = np.hstack([-coef, coef])
        intercept = np.concatenate([-intercept, intercept])
    return LinearModel(tuple(str(k) for k in svm.classes_), np.ascontiguousarray(coef), intercept)


def _softmax(scores: Any) -> Any:
    z = np.atleast_2d(scores).astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z * 2.0)
    return e / e.sum(axis=1, keepdims=True)


def _score_row(models: dict[Role, LinearModel | None], x: Any, roles: Any) -> Any:
    """The 7-wide first-pass score row of every turn (zeros in the other role's slots)."""
    out = np.zeros((x.shape[0], _WIDTH), dtype=np.float32)
    for role in ROLES:
        rows = np.flatnonzero(roles == role)
        model = models.get(role)
        if len(rows) == 0 or model is None:
            continue
        lo = _SLOTS[role][0]
        s = model.scores(x[rows])
        wanted = [model.classes.index(k) if k in model.classes else -1 for k in _LABELS[role]]
        for slot, k in enumerate(wanted):
            if k >= 0:
                out[rows, lo + slot] = s[:, k]
    return out


def context_features(scores: Any, roles: Any, prev_same: Any, next_same: Any) -> Any:
    """Each turn's context from first-pass scores: itself, the turns either side, the
    same speaker's previous and next turns, the speaker's three turns either side
    (mean), and the whole session (each role's mean)."""
    n = scores.shape[0]
    zero = np.zeros((1, _WIDTH), dtype=np.float32)
    padded = np.vstack([scores, zero])

    def at(index: Any) -> Any:
        return padded[np.where(index >= 0, index, n)]

    session = np.zeros_like(scores)
    nearby = np.zeros_like(scores)
    for role in ROLES:
        lo, hi = _SLOTS[role]
        rows = np.flatnonzero(roles == role)
        if len(rows) == 0:
            continue
        own = scores[rows, lo:hi]
        session[:, lo:hi] = own.mean(axis=0)
        cum = np.vstack([np.zeros((1, hi - lo), dtype=np.float32), np.cumsum(own, axis=0)])
        k = np.arange(len(rows))
        a = np.maximum(k - 3, 0)
        b = np.minimum(k + 4, len(rows))
        counts = np.maximum(b - a - 1, 1)[:, None]
        nearby[rows, lo:hi] = (cum[b] - cum[a] - own) / counts
    return np.hstack(
        [
            scores,
            at(neighbours(n, -1)),
            at(neighbours(n, 1)),
            at(prev_same),
            at(next_same),
            nearby,
            session,
        ]
    )


def _shift_down(a: Any) -> Any:
    """Row i gets row i-1 (zeros first): the previous turn's contribution."""
    out = np.zeros_like(a)
    out[1:] = a[:-1]
    return out


def _shift_up(a: Any) -> Any:
    """Row i gets row i+1 (zeros last): the next turn's contribution."""
    out = np.zeros_like(a)
    out[:-1] = a[1:]
    return out


class _Compiled:
    """Every model's coefficients regrouped by feature block, so a session is scored
    with one sparse product per block instead of building each model's feature rows."""

    def __init__(
        self, models: Sequence[LinearModel], word_width: int, char_width: int, n_dense: int
    ) -> None:
        cols = [0]
        for m in models:
            cols.append(cols[-1] + len(m.classes))
        self.slices = [slice(a, b) for a, b in itertools.pairwise(cols)]
        w, c = word_width, char_width
        blocks = {
            "own": (0, w),
            "char": (w, w + c),
            "prev": (w + c, 2 * w + c),
            "next": (2 * w + c, 3 * w + c),
            "dense": (3 * w + c, 3 * w + c + n_dense),
        }
        end = 3 * w + c + n_dense

        def stack(lo: int, hi: int) -> Any:
            parts = [
                m.coef[lo:hi] if m.coef.shape[0] >= hi else np.zeros((hi - lo, len(m.classes)))
                for m in models
            ]
            return np.ascontiguousarray(np.hstack(parts), dtype=np.float32)

        self.word = np.hstack(
            [stack(*blocks["own"]), stack(*blocks["prev"]), stack(*blocks["next"])]
        )
        self.char = stack(*blocks["char"])
        self.dense = stack(*blocks["dense"])
        self.context = stack(end, end + N_CONTEXT)
        self.intercept = np.concatenate([m.intercept for m in models]).astype(np.float32)
        self.width = cols[-1]

    def base(self, s: SessionText) -> Any:
        """Every model's score from the text features alone (no context scores)."""
        k = self.width
        ws = np.asarray(s.words @ self.word)
        return (
            ws[:, :k]
            + _shift_down(ws[:, k : 2 * k])
            + _shift_up(ws[:, 2 * k :])
            + np.asarray(s.chars @ self.char)
            + s.dense @ self.dense
            + self.intercept
        )


class LearnedCoder:
    """A trained coder. Build it with :func:`train_coder` or :func:`coder_from_bytes`."""

    def __init__(
        self,
        meta: dict[str, Any],
        word: Weighting,
        char: Weighting,
        first: dict[Role, LinearModel | None],
        second: dict[Role, LinearModel | None],
        subtypes: dict[str, LinearModel],
    ) -> None:
        self._meta = meta
        self._word = word
        self._char = char
        self._first = first
        self._second = second
        self._subtypes = subtypes
        named: list[tuple[str, LinearModel]] = []
        for role in ROLES:
            for stage, models in (("first", first), ("second", second)):
                m = models.get(role)
                if m is not None:
                    named.append((f"{stage}.{role}", m))
        named.extend((f"subtype.{label}", m) for label, m in subtypes.items())
        self._compiled = _Compiled([m for _, m in named], word.width, char.width, N_DENSE)
        self._slice = {name: sl for (name, _), sl in zip(named, self._compiled.slices, strict=True)}

    @property
    def name(self) -> str:
        return f"learned ({self._meta['corpus']}, {self._meta['n_train']} utterances)"

    @property
    def kind(self) -> Literal["rules", "learned"]:
        return "learned"

    @property
    def metadata(self) -> dict[str, Any]:
        """The stamp saved with the model: format, version, corpus, sizes, settings."""
        return dict(self._meta)

    def _first_row(self, base: Any, roles: Any) -> Any:
        out = np.zeros((base.shape[0], _WIDTH), dtype=np.float32)
        for role in ROLES:
            model = self._first.get(role)
            rows = np.flatnonzero(roles == role)
            if model is None or len(rows) == 0:
                continue
            lo, _ = _SLOTS[role]
            s = base[rows, self._slice[f"first.{role}"]]
            for slot, label in enumerate(_LABELS[role]):
                if label in model.classes:
                    out[rows, lo + slot] = s[:, model.classes.index(label)]
        return out

    def code(self, turns: Sequence[Turn]) -> tuple[Code, ...]:
        if not turns:
            return ()
        s = session_text(turns, self._word, self._char)
        roles = np.array([t.role for t in turns])
        base = self._compiled.base(s)
        context = None
        if any(self._second.values()):
            weight = float(self._meta["settings"]["context_weight"])
            first = self._first_row(base, roles)
            context = context_features(first, roles, s.prev_same, s.next_same) * weight
        codes: list[Code | None] = [None] * len(turns)
        for role in ROLES:
            idx = np.flatnonzero(roles == role)
            if len(idx) == 0:
                continue
            stage = "second" if self._second.get(role) is not None else "first"
            model = self._second.get(role) or self._first.get(role)
            if model is None:
                continue
            sl = self._slice[f"{stage}.{role}"]
            raw = base[idx, sl]
            if stage == "second" and context is not None:
                raw = raw + context[idx] @ self._compiled.context[:, sl]
            probs = _softmax(raw)
            best = probs.argmax(axis=1)
            labels = [model.classes[int(k)] for k in best]
            subtypes: list[str | None] = [None] * len(idx)
            if role == "practitioner":
                for label, sub_model in self._subtypes.items():
                    rows = [j for j, lab in enumerate(labels) if lab == label]
                    if rows:
                        sub = base[idx[rows], self._slice[f"subtype.{label}"]].argmax(axis=1)
                        for j, k in zip(rows, sub, strict=True):
                            subtypes[j] = sub_model.classes[int(k)]
            for j, i in enumerate(idx):
                codes[int(i)] = Code(
                    role=role,
                    label=labels[j],
                    subtype=subtypes[j],
                    confidence=round(float(probs[j, best[j]]), 4),
                )
        return tuple(c for c in codes if c is not None)


def _check_labels(sessions: Sequence[Sequence[LabelledTurn]]) -> None:
    if not any(sessions):
        raise InvalidInput("Cannot train a coder without any labelled utterances.")
    for role, known in _LABELS.items():
        seen = {
            lt.label for s in sessions for lt in s if lt.turn.role == role and lt.label is not None
        }
        unknown = seen - set(known)
        if unknown:
            raise InvalidInput(f"Unknown {role} label(s): {', '.join(sorted(unknown))}.")
        if len(seen) < 2:
            raise InvalidInput(
                f"Training needs at least two different {role} labels; "
                f"found {sorted(seen) or 'none'}."
            )


def _fit_roles(
    x: Any, roles: Any, y: Any, rows: Any, settings: TrainingSettings
) -> dict[Role, LinearModel | None]:
    models: dict[Role, LinearModel | None] = {}
    for role in ROLES:
        idx = rows[(roles[rows] == role) & (y[rows] != "")]
        c = settings.c_practitioner if role == "practitioner" else settings.c_client
        models[role] = _fit(x[idx], y[idx], c) if len(set(y[idx].tolist())) >= 2 else None
    return models


def _out_of_fold(
    x: Any, roles: Any, y: Any, session_of: Any, groups: Sequence[str], settings: TrainingSettings
) -> Any | None:
    """First-pass scores for every training turn from models that never saw its group."""
    from sklearn.model_selection import GroupKFold

    distinct = sorted(set(groups))
    n_folds = min(settings.folds, len(distinct))
    if n_folds < 2:
        return None
    group_of_turn = np.array([groups[k] for k in session_of])
    out = np.zeros((x.shape[0], _WIDTH), dtype=np.float32)
    splitter = GroupKFold(n_splits=n_folds)
    for train_rows, test_rows in splitter.split(np.zeros(len(y)), groups=group_of_turn):
        models = _fit_roles(x, roles, y, train_rows, settings)
        out[test_rows] = _score_row(models, x[test_rows], roles[test_rows])
    return out


def train_coder(
    sessions: Sequence[Sequence[LabelledTurn]],
    *,
    corpus: str = "corpus",
    groups: Sequence[str] | None = None,
    settings: TrainingSettings | None = None,
) -> LearnedCoder:
    """Train a coder on labelled sessions (each a sequence of turns in order).

    ``groups`` names each session's source (e.g. its video) so that sessions cut from
    one recording never score each other while the context pass is trained; by
    default every session is its own group.
    """
    settings = settings or TrainingSettings()
    _check_labels(sessions)
    if groups is not None and len(groups) != len(sessions):
        raise InvalidInput("Give one group per session.")
    group_names = list(groups) if groups is not None else [str(k) for k in range(len(sessions))]
    kept = [k for k, s in enumerate(sessions) if s]
    sessions = [sessions[k] for k in kept]
    group_names = [group_names[k] for k in kept]
    turn_sessions = [[lt.turn for lt in s] for s in sessions]
    word, char = fit_weightings(turn_sessions)
    texts = [session_text(ts, word, char) for ts in turn_sessions]
    x = sp.vstack([text_features(t) for t in texts], format="csr")
    roles = np.array([lt.turn.role for s in sessions for lt in s])
    y = np.array([lt.label or "" for s in sessions for lt in s])
    sub = np.array([lt.subtype or "" for s in sessions for lt in s])
    session_of = np.concatenate([np.full(len(s), k) for k, s in enumerate(sessions)])
    everything = np.arange(len(y))

    first = _fit_roles(x, roles, y, everything, settings)
    second: dict[Role, LinearModel | None] = {"practitioner": None, "client": None}
    oof = _out_of_fold(x, roles, y, session_of, group_names, settings)
    if oof is not None:
        ctx = []
        start = 0
        for k, t in enumerate(texts):
            end = start + len(sessions[k])
            ctx.append(context_features(oof[start:end], roles[start:end], t.prev_same, t.next_same))
            start = end
        x2 = sp.hstack(
            [x, sp.csr_matrix(np.vstack(ctx) * settings.context_weight)],
            format="csr",
            dtype=np.float32,
        )
        second = _fit_roles(x2, roles, y, everything, settings)

    subtype_models: dict[str, LinearModel] = {}
    for label, options in SUBTYPES.items():
        idx = np.flatnonzero((roles == "practitioner") & (y == label) & (sub != ""))
        if options and len(set(sub[idx].tolist())) >= 2:
            subtype_models[label] = _fit(x[idx], sub[idx], settings.c_subtype)

    meta: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "corpus": corpus,
        "n_train": int(np.count_nonzero(y != "")),
        "n_sessions": len(sessions),
        "context_pass": oof is not None,
        "settings": {
            "c_practitioner": settings.c_practitioner,
            "c_client": settings.c_client,
            "c_subtype": settings.c_subtype,
            "context_weight": settings.context_weight,
            "folds": settings.folds,
        },
    }
    return LearnedCoder(meta, word, char, first, second, subtype_models)


def _put(arrays: dict[str, Any], key: str, model: LinearModel | None) -> None:
    if model is None:
        return
    arrays[f"{key}.classes"] = np.array(model.classes)
    arrays[f"{key}.coef"] = model.coef
    arrays[f"{key}.intercept"] = model.intercept


def _get(arrays: Any, key: str) -> LinearModel | None:
    if f"{key}.coef" not in arrays:
        return None
    return LinearModel(
        tuple(str(k) for k in arrays[f"{key}.classes"]),
        np.asarray(arrays[f"{key}.coef"], dtype=np.float32),
        np.asarray(arrays[f"{key}.intercept"], dtype=np.float32),
    )


def coder_to_bytes(coder: LearnedCoder) -> bytes:
    """Serialise a trained coder as a compressed NumPy archive (no pickle inside)."""
    arrays: dict[str, Any] = {
        "meta": np.array(json.dumps(coder._meta, sort_keys=True)),
        "word.columns": coder._word.columns,
        "word.idf": coder._word.idf,
        "char.columns": coder._char.columns,
        "char.idf": coder._char.idf,
    }
    for role in ROLES:
        _put(arrays, f"first.{role}", coder._first.get(role))
        _put(arrays, f"second.{role}", coder._second.get(role))
    for label, model in coder._subtypes.items():
        _put(arrays, f"subtype.{label}", model)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def coder_from_bytes(data: bytes) -> LearnedCoder:
    """Load a coder saved by :func:`coder_to_bytes`; refuse other formats or versions."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {k: archive[k] for k in archive.files}
        meta = json.loads(str(arrays["meta"]))
    except Exception as exc:
        raise InvalidInput(
            "The saved file is not a Fulcrum coder this version can read; train it again."
        ) from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise InvalidInput("The saved file is not a Fulcrum coder; train it again.")
    if meta.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            f"The saved coder has format version {meta.get('version')}, this Fulcrum reads "
            f"version {FORMAT_VERSION}; train it again."
        )
    try:
        word = Weighting(arrays["word.columns"], arrays["word.idf"])
        char = Weighting(arrays["char.columns"], arrays["char.idf"])
        first = {role: _get(arrays, f"first.{role}") for role in ROLES}
        second = {role: _get(arrays, f"second.{role}") for role in ROLES}
        subtypes = {
            label: m for label in SUBTYPES if (m := _get(arrays, f"subtype.{label}")) is not None
        }
    except KeyError as exc:
        raise InvalidInput(f"The saved coder is incomplete ({exc}); train it again.") from exc
    return LearnedCoder(meta, word, char, first, second, subtypes)
