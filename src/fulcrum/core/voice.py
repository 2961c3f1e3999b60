"""The client's voice: four short answers after a session, set beside the practitioner's account.

A client who is offered a private link answers four items (choice, voice, safety and
respect, each 0 to 10) in Fulcrum's own words. ``compare_voice`` sets those answers
beside what the practitioner's check-in recorded for the same session and names where
the two views part:

* **contradiction** — the client rates an item low on a session where the check-in
  records the very thing that should have supported it (choices offered, consent
  checked, signals tracked …);
* **unseen** — the client rates an item low and the check-in says nothing either way;
* **shared** — the client rates an item low and the check-in also records the matching
  concern: both saw it, so it is not a gap, but it is still worth a word;
* **reflection** — every answer is perfect while the check-in (or the client's recent
  drift warnings) shows under-use. All 10s can also mean it is hard to say otherwise.

Contradictions and unseen lows are flagged as gaps for supervision. Every finding is a
prompt for reflection, never a verdict on the session or on the client's answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from fulcrum.core.catalogue import Catalogue, load_catalogue
from fulcrum.core.errors import InvalidInput

__all__ = [
    "DEFAULT_VOICE_PARAMS",
    "ITEM_EVIDENCE",
    "ITEM_IDS",
    "SCALE_MAX",
    "SCALE_MIN",
    "VOICE_ITEMS",
    "Evidence",
    "FindingKind",
    "ItemId",
    "SessionAccount",
    "VoiceAnswers",
    "VoiceComparison",
    "VoiceFinding",
    "VoiceItem",
    "VoiceParams",
    "compare_voice",
    "voice_item",
]

SCALE_MIN, SCALE_MAX = 0, 10

ItemId: TypeAlias = Literal["choice", "voice", "safety", "respect"]
FindingKind: TypeAlias = Literal["contradiction", "unseen", "shared", "reflection"]


@dataclass(frozen=True)
class VoiceItem:
    """One of the four things the client is asked, as the client sees it."""

    id: ItemId
    label: str
    statement: str
    low_end: str
    high_end: str
    # Asked in supervision when the client's answer contradicts the check-in.
    contradiction_question: str


VOICE_ITEMS: tuple[VoiceItem, ...] = (
    VoiceItem(
        id="choice",
        label="Choice",
        statement="Today I had a say in what we did and how we did it.",
        low_end="No say at all",
        high_end="Every say I wanted",
        contradiction_question=(
            "What would have turned the choices you offered into choices this client "
            "felt free to make?"
        ),
    ),
    VoiceItem(
        id="voice",
        label="Voice",
        statement="I could say what was on my mind, including when I disagreed.",
        low_end="I held back",
        high_end="I said it all",
        contradiction_question=(
            "While you were tracking the client, what might still have made it hard for "
            "them to speak up?"
        ),
    ),
    VoiceItem(
        id="safety",
        label="Safety",
        statement="I knew I could slow down, pause or stop whenever I needed to.",
        low_end="I didn't feel I could",
        high_end="I knew I could",
        contradiction_question=(
            "You checked in and kept the frame; what could the client still not tell you "
            "about feeling unsafe?"
        ),
    ),
    VoiceItem(
        id="respect",
        label="Respect",
        statement="My time, my body and my own view of things were taken seriously.",
        low_end="Not at all",
        high_end="Fully",
        contradiction_question=(
            "What did the client experience as a lack of respect that your account of "
            "the session doesn't show?"
        ),
    ),
)
ITEM_IDS: tuple[ItemId, ...] = tuple(item.id for item in VOICE_ITEMS)


def voice_item(id: str) -> VoiceItem:
    """Return the item with this id; raise InvalidInput if there is none."""
    for item in VOICE_ITEMS:
        if item.id == id:
            return item
    raise InvalidInput(f"There is no client-voice item called {id!r}.")


@dataclass(frozen=True)
class Evidence:
    """Check-in indicators that bear on one item.

    ``supports``: noted when the practitioner did what should foster the item.
    ``concerns``: noted when something in the session may have worked against it.
    """

    supports: frozenset[str]
    concerns: frozenset[str]


ITEM_EVIDENCE: Mapping[ItemId, Evidence] = {
    "choice": Evidence(
        supports=frozenset({"choices_offered", "consent_checked"}),
        concerns=frozenset({"no_choices_offered", "consent_not_obtained", "unnecessary_treatment"}),
    ),
    "voice": Evidence(
        supports=frozenset({"signals_tracked", "respect_modelled"}),
        concerns=frozenset({"role_overidentification", "self_disclosure_practitioner_need"}),
    ),
    "safety": Evidence(
        supports=frozenset({"consent_checked", "secure_draping", "boundary_held"}),
        concerns=frozenset(
            {
                "careless_draping",
                "consent_not_obtained",
                "sexualised_contact",
                "confidentiality_breached",
                "scope_creep",
            }
        ),
    ),
    "respect": Evidence(
        supports=frozenset({"respect_modelled", "policy_explained"}),
        concerns=frozenset({"late_start", "overran_end", "unnecessary_treatment"}),
    ),
}


@dataclass(frozen=True)
class VoiceParams:
    """Thresholds for reading the answers; one place to tune them."""

    # An answer at or below this is low enough to set beside the check-in.
    low_at_or_below: int = 5
    # Every answer at or above this counts as "uniformly perfect".
    perfect_at_or_above: int = 10

    def __post_init__(self) -> None:
        if not SCALE_MIN <= self.low_at_or_below < self.perfect_at_or_above <= SCALE_MAX:
            raise InvalidInput(
                f"Client-voice thresholds must satisfy {SCALE_MIN} <= low < perfect <= "
                f"{SCALE_MAX}; got low={self.low_at_or_below}, "
                f"perfect={self.perfect_at_or_above}."
            )


DEFAULT_VOICE_PARAMS = VoiceParams()


@dataclass(frozen=True)
class VoiceAnswers:
    """The client's four answers, each a whole number from 0 to 10."""

    choice: int
    voice: int
    safety: int
    respect: int

    def __post_init__(self) -> None:
        for item_id in ITEM_IDS:
            value = getattr(self, item_id)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(f"The {item_id} answer must be a whole number, not {value!r}.")
            if not SCALE_MIN <= value <= SCALE_MAX:
                raise InvalidInput(
                    f"The {item_id} answer must be between {SCALE_MIN} and {SCALE_MAX}; "
                    f"got {value}."
                )

    def score(self, item_id: str) -> int:
        """The answer to one item."""
        voice_item(item_id)
        value: int = getattr(self, item_id)
        return value

    def pairs(self) -> tuple[tuple[VoiceItem, int], ...]:
        """Each item with its answer, in the order the client saw them."""
        return tuple((item, self.score(item.id)) for item in VOICE_ITEMS)


@dataclass(frozen=True)
class SessionAccount:
    """The practitioner's side of the same session.

    ``observed`` are the indicator ids the check-in noted (ticked and derived);
    ``under_warnings`` counts the client's under-use drift warnings open at the time.
    """

    observed: frozenset[str] = frozenset()
    under_warnings: int = 0

    def __post_init__(self) -> None:
        if self.under_warnings < 0:
            raise InvalidInput("The number of under-use warnings cannot be negative.")


@dataclass(frozen=True)
class VoiceFinding:
    """One place where the client's answers and the check-in meet or part."""

    kind: FindingKind
    item: ItemId | None
    flagged: bool
    title: str
    explanation: str
    question: str
    client_score: int | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class VoiceComparison:
    """Every finding for one session, items in the order the client saw them."""

    findings: tuple[VoiceFinding, ...]

    @property
    def gaps(self) -> tuple[VoiceFinding, ...]:
        """The findings flagged for supervision."""
        return tuple(f for f in self.findings if f.flagged)

    @property
    def flagged(self) -> bool:
        return bool(self.gaps)

    @property
    def reflection(self) -> VoiceFinding | None:
        return next((f for f in self.findings if f.kind == "reflection"), None)


ALL_PERFECT_QUESTION = (
    "All 10s can also mean it is hard to say otherwise to you. What would make it safe "
    "for this client to tell you something less than perfect?"
)


def compare_voice(
    answers: VoiceAnswers,
    account: SessionAccount,
    *,
    params: VoiceParams = DEFAULT_VOICE_PARAMS,
    catalogue: Catalogue | None = None,
) -> VoiceComparison:
    """Set the client's answers beside the practitioner's check-in for the same session.

    For each item answered at or below ``params.low_at_or_below``: a noted concern for
    that item makes it *shared* (not flagged); otherwise a noted support makes it a
    *contradiction*, and silence makes it *unseen* (both flagged). When every answer is
    at or above ``params.perfect_at_or_above`` and the check-in noted an under-use sign,
    or the client has open under-use warnings, a *reflection* is added (not flagged as a
    gap, but offered in place of reassurance).
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    labels = {i.id: i.label for i in cat.indicators}
    findings: list[VoiceFinding] = []
    for item, score in answers.pairs():
        if score > params.low_at_or_below:
            continue
        evidence = ITEM_EVIDENCE[item.id]
        concerns = _in_catalogue_order(account.observed & evidence.concerns, cat)
        supports = _in_catalogue_order(account.observed & evidence.supports, cat)
        if concerns:
            findings.append(_shared(item, score, concerns, labels))
        elif supports:
            findings.append(_contradiction(item, score, supports, labels))
        else:
            findings.append(_unseen(item, score))
    all_perfect = all(score >= params.perfect_at_or_above for _, score in answers.pairs())
    under = _in_catalogue_order(
        frozenset(i.id for i in cat.indicators if i.mode == "under") & account.observed, cat
    )
    if all_perfect and (under or account.under_warnings):
        findings.append(_reflection(under, account.under_warnings, labels))
    return VoiceComparison(findings=tuple(findings))


def _in_catalogue_order(ids: frozenset[str], cat: Catalogue) -> tuple[str, ...]:
    order = [i.id for i in cat.indicators]
    return tuple(sorted(ids, key=lambda i: order.index(i) if i in order else len(order)))


def _named(ids: tuple[str, ...], labels: Mapping[str, str]) -> str:
    words = [f"“{labels.get(i, i.replace('_', ' '))}”" for i in ids]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _contradiction(
    item: VoiceItem, score: int, supports: tuple[str, ...], labels: Mapping[str, str]
) -> VoiceFinding:
    return VoiceFinding(
        kind="contradiction",
        item=item.id,
        flagged=True,
        title=f"{item.label}: the client's view differs from your check-in",
        explanation=(
            f"The client rated {item.label.lower()} {score} out of {SCALE_MAX}, on a session "
            f"where your check-in notes {_named(supports, labels)}."
        ),
        question=item.contradiction_question,
        client_score=score,
        evidence=supports,
    )


def _unseen(item: VoiceItem, score: int) -> VoiceFinding:
    return VoiceFinding(
        kind="unseen",
        item=item.id,
        flagged=True,
        title=f"{item.label}: low for the client, not in your check-in",
        explanation=(
            f"The client rated {item.label.lower()} {score} out of {SCALE_MAX}; nothing in "
            "your check-in for this session points either way."
        ),
        question=(
            f"What might you not have seen about the client's sense of "
            f"{item.label.lower()}, and how could you ask about it next time?"
        ),
        client_score=score,
        evidence=(),
    )


def _shared(
    item: VoiceItem, score: int, concerns: tuple[str, ...], labels: Mapping[str, str]
) -> VoiceFinding:
    return VoiceFinding(
        kind="shared",
        item=item.id,
        flagged=False,
        title=f"{item.label}: you both noticed",
        explanation=(
            f"The client rated {item.label.lower()} {score} out of {SCALE_MAX}, and your "
            f"check-in also notes {_named(concerns, labels)}."
        ),
        question="What would you like to do differently in the next session?",
        client_score=score,
        evidence=concerns,
    )


def _reflection(under: tuple[str, ...], warnings: int, labels: Mapping[str, str]) -> VoiceFinding:
    reasons = []
    if under:
        reasons.append(f"your check-in notes {_named(under, labels)}")
    if warnings:
        reasons.append(
            f"{warnings} under-use warning{'s are' if warnings != 1 else ' is'} open "
            "for this client"
        )
    return VoiceFinding(
        kind="reflection",
        item=None,
        flagged=False,
        title="Perfect answers beside signs of under-use",
        explanation=(
            "The client gave the top answer to every item, while " + " and ".join(reasons) + "."
        ),
        question=ALL_PERFECT_QUESTION,
        client_score=None,
        evidence=under,
    )
