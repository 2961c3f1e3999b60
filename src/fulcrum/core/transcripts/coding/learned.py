"""A coder learned with scikit-learn from a labelled corpus the user has.

One linear SVM per role (practitioner behaviour, client talk) over word and character
TF-IDF of the utterance, the neighbouring turns' words and a few shape cues (see
features.py); small linear SVMs for the subtypes. Confidence is a softmax of the
margins: a ranking aid, not a calibrated probability.

Training data never ships with Fulcrum (see docs/decisions/0002); the trained coder is
turned into bytes here and the command line decides where to keep them.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.svm import LinearSVC

from fulcrum.core.errors import InvalidInput
from fulcrum.core.transcripts.coding.base import (
    BEHAVIOUR_LABELS,
    CLIENT_LABELS,
    SUBTYPES,
    Code,
    Role,
    Turn,
)
from fulcrum.core.transcripts.coding.features import fit_vectorizers, session_features

FORMAT = "fulcrum-learned-coder"
FORMAT_VERSION = 1
ROLES: tuple[Role, ...] = ("practitioner", "client")


@dataclass(frozen=True, slots=True)
class LabelledTurn:
    """A training example: the turn, its label and (for behaviour) its subtype."""

    turn: Turn
    label: str
    subtype: str | None = None


# Regularisation per role, chosen by grouped cross-validation on the AnnoMI development
# file only; client talk is noisier, so it gets the stronger penalty.
_C: dict[str, float] = {"practitioner": 0.1, "client": 0.05, "subtype": 0.1}


def _classifier(c: float) -> Any:
    return LinearSVC(C=c, class_weight="balanced")


def _softmax(scores: Any) -> Any:
    z = np.atleast_2d(scores).astype(np.float64)
    if z.shape[1] == 1:  # binary: one margin column
        z = np.hstack([-z, z])
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z * 2.0)
    return e / e.sum(axis=1, keepdims=True)


class LearnedCoder:
    """A trained coder. Build it with :func:`train_coder` or :func:`coder_from_bytes`."""

    def __init__(self, state: dict[str, Any]) -> None:
        self._state = state

    @property
    def name(self) -> str:
        return f"learned ({self._state['corpus']}, {self._state['n_train']} utterances)"

    @property
    def kind(self) -> Literal["rules", "learned"]:
        return "learned"

    @property
    def metadata(self) -> dict[str, Any]:
        """The stamp saved with the model: format, version, scikit-learn, corpus, sizes."""
        return {k: v for k, v in self._state.items() if not k.startswith("_")}

    def code(self, turns: Sequence[Turn]) -> tuple[Code, ...]:
        if not turns:
            return ()
        s = self._state
        x = session_features(turns, s["_word"], s["_char"])
        codes: list[Code | None] = [None] * len(turns)
        for role in ROLES:
            idx = [i for i, t in enumerate(turns) if t.role == role]
            if not idx:
                continue
            model = s["_models"][role]
            xr = x[idx]
            probs = _softmax(model.decision_function(xr))
            best = probs.argmax(axis=1)
            labels = [str(c) for c in model.classes_]
            subtypes: dict[int, str] = {}
            if role == "practitioner":
                for label, sub_model in s["_subtypes"].items():
                    rows = [j for j in range(len(idx)) if labels[int(best[j])] == label]
                    if rows:
                        for j, sub in zip(rows, sub_model.predict(xr[rows]), strict=True):
                            subtypes[j] = str(sub)
            for j, i in enumerate(idx):
                k = int(best[j])
                codes[i] = Code(
                    role=role,
                    label=labels[k],
                    subtype=subtypes.get(j),
                    confidence=round(float(probs[j, k]), 4),
                )
        return tuple(c for c in codes if c is not None)


def train_coder(
    sessions: Sequence[Sequence[LabelledTurn]], *, corpus: str = "corpus"
) -> LearnedCoder:
    """Train a coder on labelled sessions (each a sequence of turns in order)."""
    if not any(sessions):
        raise InvalidInput("Cannot train a coder without any labelled utterances.")
    for role, known in (("practitioner", BEHAVIOUR_LABELS), ("client", CLIENT_LABELS)):
        seen = {lt.label for s in sessions for lt in s if lt.turn.role == role}
        unknown = seen - set(known)
        if unknown:
            raise InvalidInput(f"Unknown {role} label(s): {', '.join(sorted(unknown))}.")
        if len(seen) < 2:
            raise InvalidInput(
                f"Training needs at least two different {role} labels; "
                f"found {sorted(seen) or 'none'}."
            )
    turn_sessions = [[lt.turn for lt in s] for s in sessions]
    word, char = fit_vectorizers(turn_sessions)
    x = sp.vstack([session_features(ts, word, char) for ts in turn_sessions], format="csr")
    roles = np.array([lt.turn.role for s in sessions for lt in s])
    y = np.array([lt.label for s in sessions for lt in s])
    subtypes = np.array([lt.subtype or "" for s in sessions for lt in s])
    models: dict[str, Any] = {}
    for role in ROLES:
        idx = np.flatnonzero(roles == role)
        models[role] = _classifier(_C[role]).fit(x[idx], y[idx])
    subtype_models: dict[str, Any] = {}
    for label, options in SUBTYPES.items():
        idx = np.flatnonzero((roles == "practitioner") & (y == label) & (subtypes != ""))
        if options and len(set(subtypes[idx].tolist())) >= 2:
            subtype_models[label] = _classifier(_C["subtype"]).fit(x[idx], subtypes[idx])
    state: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "sklearn": sklearn.__version__,
        "corpus": corpus,
        "n_train": int(x.shape[0]),
        "n_sessions": len(sessions),
        "_word": word,
        "_char": char,
        "_models": models,
        "_subtypes": subtype_models,
    }
    return LearnedCoder(state)


def coder_to_bytes(coder: LearnedCoder) -> bytes:
    """Serialise a trained coder (pickle) with a format/version stamp."""
    return pickle.dumps(coder._state, protocol=pickle.HIGHEST_PROTOCOL)


def coder_from_bytes(data: bytes) -> LearnedCoder:
    """Load a coder saved by :func:`coder_to_bytes`; refuse other formats or versions.

    Only load bytes Fulcrum wrote itself on this machine: unpickling runs code.
    """
    try:
        state = pickle.loads(data)  # noqa: S301 -- the user's own model cache, never downloaded
    except Exception as exc:
        raise InvalidInput(f"The saved coder could not be read ({exc}); train it again.") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise InvalidInput("The saved file is not a Fulcrum coder; train it again.")
    if state.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            f"The saved coder has format version {state.get('version')}, this Fulcrum reads "
            f"version {FORMAT_VERSION}; train it again."
        )
    if state.get("sklearn") != sklearn.__version__:
        raise InvalidInput(
            f"The saved coder was trained with scikit-learn {state.get('sklearn')}, this "
            f"installation has {sklearn.__version__}; train it again."
        )
    return LearnedCoder(state)
