"""The client's power in the room: cues in what the client says, and what they suggest.

Power runs both ways (docs/power-model.md). A client can lean on a recognised role ("as
a judge..."), on what they know ("as a nurse, I know..."), on a threat ("I've filed
complaints before"), on what they give ("I pay you three hundred dollars an hour"), on
being admired ("you may have seen me on TV") or on their manner (flattery, charm, guilt,
intimidation). This module finds those moves in the client's turns, one cue per kind
and turn, each naming the words that triggered it, and turns them into indicators and a
suggestion for the client's side of the power map.

These are prompts for reflection and supervision: a cue says "look at this moment",
never that the client is threatening or manipulating anyone. Which kinds the words point
to is a reading in Fulcrum's own words, not a published instrument.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fulcrum.core.transcripts.coding.base import Role
from fulcrum.core.transcripts.model import Transcript

KINDS: tuple[str, ...] = ("legitimate", "expert", "coercive", "referent", "reward", "personal")


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_AS_A = r"(?:as an?|i(?:'m| am) an?|i work as an?|i(?:'ve| have) been an?|speaking as an?)"
_OFFICE = (
    r"(?:judge|magistrate|senator|congress(?:man|woman)|mayor|councillor|council member|ceo|cfo|"
    r"director|executive|chairman|chair|president|vice president|partner at|head of|principal|"
    r"senior partner|managing partner|dean|police officer|officer|detective|sergeant|captain|"
    r"colonel|commander|pastor|priest|"
    r"minister|board member|trustee|manager|supervisor|employer|landlord|business owner|"
    r"governor|prosecutor|social worker|parole officer|parent with custody)"
)
_PROFESSION = (
    r"(?:doctor|physician|surgeon|psychiatrist|psychologist|psychotherapist|therapist|counsell?or|"
    r"nurse|clinician|social worker|lawyer|attorney|solicitor|barrister|paralegal|pharmacist|"
    r"physio(?:therapist)?|massage therapist|chiropractor|osteopath|professor|lecturer|"
    r"researcher|scientist|neuroscientist|teacher|engineer|accountant|psychoanalyst|"
    r"medical student|resident|consultant)"
)

# (kind, rule, pattern). The rule names the move in Fulcrum's words.
RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "legitimate",
        "a recognised role or office",
        _rx(
            rf"\b{_AS_A} (?:\w+ )?{_OFFICE}\b",
            r"\bi(?:'m| am) (?:the|a) (?:head|chair|owner|director|president|boss|ceo) of\b",
            r"\bi (?:run|own|head|chair|manage|direct) (?:a|an|the|my|our) (?:company|business|"
            r"firm|"
            r"department|team|hospital|clinic|school|practice|board|organi[sz]ation|agency)\b",
            r"\b(?:in|given) my (?:position|office|role|rank|standing)\b",
            r"\b(?:people|staff|everyone|employees)(?: who| that)? (?:answer|report|"
            r"reports) to me\b",
            r"\bi (?:sit|serve) on (?:the|a) (?:board|bench|council|committee)\b",
            r"\bi have (?:full |sole )?custody\b",
        ),
    ),
    (
        "expert",
        "professional knowledge",
        _rx(
            rf"\b{_AS_A} (?:\w+ )?{_PROFESSION}\b",
            r"\b(?:in|from) my (?:training|field|profession|practice|line of work|clinical work)\b",
            r"\bi(?:'m| am) (?:trained|qualified|licensed|certified) (?:in|as|to)\b",
            r"\bi (?:have|hold|did|got) (?:a|my) (?:phd|doctorate|master'?s|degree|"
            r"licen[cs]e) in\b",
            r"\bi know (?:how|what) (?:this|therapy|these (?:things|sessions)|it|the process|"
            r"complaints|boards|the law|the (?:research|literature|evidence)) (?:works?|says?|"
            r"is)\b",
            r"\bi(?:'ve| have) (?:read|studied|looked at) (?:the|all the|a lot of|plenty of) "
            r"(?:research|literature|studies|evidence|papers|dsm)\b",
            r"\b(?:that's|that is|it's|it is) not what (?:the )?(?:research|literature|evidence|"
            r"studies|textbooks?) (?:says?|shows?)\b",
            r"\bwith my (?:training|background|licen[cs]e|qualifications|expertise)\b",
            r"\b(?:i|we) (?:diagnose|treat|prescribe|teach this|do this) for a living\b",
        ),
    ),
    (
        "coercive",
        "a threat of a complaint, a lawsuit, a review or leaving",
        _rx(
            r"\b(?:file|filed|make|made|lodge|lodged|put in|submit|submitted|write|raise) (?:a |"
            r"an )?"
            r"(?:formal |official )?(?:complaints?|grievances?)\b",
            r"\bcomplaints? (?:against|about) you\b",
            r"\b(?:report|reporting|reported) you\b",
            r"\b(?:licen[cs]ing|state|medical|professional|regulatory) board\b",
            r"\b(?:your|the) (?:board|regulator|licen[cs]e|registration|insurer|malpractice)\b",
            r"\b(?:sue|suing|sued) (?:you|them|my (?:last|old|previous|former))\b",
            r"\b(?:lawsuit|legal action|take you to court|see you in court|my (?:lawyer|attorney) "
            r"(?:will|would|could|is going to|says))\b",
            r"\b(?:bad|negative|terrible|one-star|1-star|one star|1 star|scathing|"
            r"honest) reviews?\b",
            r"\b(?:review|post about|write about) you (?:online|on (?:google|yelp|facebook))\b",
            r"\b(?:i'?ll|i will|i'm going to|i could|maybe i should|i might) (?:stop coming|quit|"
            r"leave(?! (?:you )?(?:a|an) [\w-]+ review)|walk out|cancel|find (?:someone|"
            r"somebody) else|go (?:somewhere|elsewhere)|"
            r"switch|not come back|never come back)\b",
            r"\b(?:find|look for|get|see) (?:a |an )?(?:new|different|another|better) "
            r"(?:therapist|counsell?or|practitioner|massage therapist|doctor|coach|physio)\b",
            r"\b(?:you'?ll|you will|you're going to) regret\b|\bor else\b",
            r"\b(?:ruin|end|destroy|finish) your (?:career|licen[cs]e|practice|business|"
            r"reputation)\b",
            r"\bi know where you (?:live|park)\b",
            r"\bi know how (?:complaints|these complaints|boards|lawsuits) work\b",
        ),
    ),
    (
        "referent",
        "fame or status others look up to",
        _rx(
            r"\bi(?:'m| am) (?:kind of |quite |pretty |fairly |very )?(?:famous|well[- ]known|a "
            r"celebrity|a public figure|recogni[sz]ed everywhere)\b",
            r"\byou (?:might|may|must|probably) have (?:seen|heard (?:of|about)) me\b",
            r"\bi (?:was|am|'ve been|have been) on (?:tv|television|the news|the radio|"
            r"the cover)\b",
            r"\bmy (?:followers|fans|subscribers|audience|show|podcast|channel)\b",
        ),
    ),
    (
        "reward",
        "payment, praise, gifts or referrals",
        _rx(
            r"\bi(?:'m| am)? (?:pay|paying|paid) (?:you|for this|for these|good money|a lot|"
            r"top dollar|"
            r"cash|extra|double|in full)\b",
            r"\b(?:\$\s?\d[\d,]*|\d[\d,]* (?:dollars|pounds|euros|bucks)|(?:a|one|two|three|four|"
            r"five)"
            r" hundred (?:dollars|pounds|euros|bucks)?) (?:an|a|per|each) (?:hour|session|visit|"
            r"week)\b",
            r"\b(?:a |an )?(?:tip|bonus|extra) for you\b|\bkeep the change\b",
            r"\b(?:refer|referred|send|sent|recommend|recommended) (?:you to )?(?:all )?(?:my|our) "
            r"(?:whole |entire )?(?:friends|colleagues|family|clients|patients|staff|office|team|"
            r"network)\b",
            r"\b(?:send|sending|give|bring|get|steer) you (?:\w+ ){0,3}(?:referrals|clients|"
            r"patients|business|customers)\b",
            r"\b(?:told|telling|tell) (?:everyone|all my friends|my friends|people) about you\b",
            r"\b(?:a|this|little|small) (?:gift|present|something) for you\b",
            r"\bi (?:got|brought|bought|made|baked) (?:you|this for you|something for you)\b",
            r"\b(?:best|greatest|only good) (?:therapist|counsell?or|massage therapist|"
            r"practitioner|"
            r"doctor|coach|physio|massage)\b[^.?!]{0,30}\b(?:ever|i've (?:ever )?(?:had|seen|"
            r"met))\b",
            r"\byou(?:'re| are) (?:so much |far |way |much )?better than (?:my|the|any) (?:last|"
            r"other|"
            r"previous|old)\b",
            r"\b(?:leave|give|write) you (?:a |an )?(?:great|good|glowing|five-star|5-star|"
            r"five star)"
            r" review\b",
        ),
    ),
    (
        "personal",
        "flattery, charm, guilt or intimidation",
        _rx(
            r"\byou(?:'re| are) (?:so |really |very |such a )?(?:beautiful|gorgeous|handsome|"
            r"attractive|"
            r"pretty|hot|sexy|cute|stunning)\b",
            r"\byou (?:look|smell) (?:so |really )?(?:great|amazing|beautiful|lovely|gorgeous|"
            r"good) "
            r"(?:today|tonight|in that)\b",
            r"\b(?:drink|dinner|coffee|lunch|a date|go out) with me\b",
            r"\byou(?:'re| are) (?:so |much |far |way |so much )?(?:wiser|smarter|kinder|cleverer|"
            r"more (?:\w+ )?(?:insightful|intelligent|understanding|caring|gifted|talented)) than "
            r"(?:anyone|anybody|everyone|any (?:other )?(?:person|man|woman|one))\b",
            r"\byou (?:always |just |really |even )?(?:make|made) me feel (?:so |really )?"
            r"(?:guilty|bad|terrible|awful|selfish|like a (?:burden|failure|bad person))\b",
            r"\b(?:nobody|no one|no-one) (?:else )?(?:understands|gets|knows) me (?:like|"
            r"the way) you\b",
            r"\byou(?:'re| are) the only (?:one|person) (?:who|that) (?:really |truly |"
            r"ever )?(?:understands|gets|can help|"
            r"listens)\b",
            r"\bafter (?:all|everything) (?:i(?:'ve| have)|i) (?:done|paid|given|told you)\b",
            r"\byou (?:owe|promised) me\b|\bhow could you\b|\bif you (?:really|actually|"
            r"truly) cared\b",
            r"\bi thought you (?:cared|were different|were on my side)\b",
            r"\b(?:don't you dare|you(?:'d)? better|you had better|i'm warning you|shut up|watch "
            r"yourself|don't push me)\b",
            r"\b(?:are|were) you even (?:qualified|listening|trained|licensed)\b",
            r"\byou(?:'ll| will) be sorry\b",
            r"\bjust between (?:us|you and me)\b|\bour little secret\b",
            r"\b(?:special|different from) (?:your )?other (?:clients|patients)\b",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class ClientPowerCue:
    """One move of one kind of power in one client turn, and the words that triggered it."""

    position: int
    utterance: int
    speaker: str
    kind: str
    rule: str
    matched: str
    start: float | None = None


@dataclass(frozen=True, slots=True)
class KindSuggestion:
    """What a session's cues suggest for one kind of the client's power.

    ``rating`` is on the power map's 0-4 scale; ``current`` is the client's rating on the
    map it is compared with, if any. ``raise_it`` is true when the cues suggest more
    than the map shows.
    """

    kind: str
    rating: int
    moments: tuple[int, ...]
    current: int | None
    raise_it: bool
    question: str


@dataclass(frozen=True, slots=True)
class ClientPowerReading:
    """The client's power in one session: every cue, and a suggestion per kind cued."""

    cues: tuple[ClientPowerCue, ...]
    suggestions: tuple[KindSuggestion, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(s.kind for s in self.suggestions)


_QUESTIONS = {
    "legitimate": "The client spoke from a recognised role. Does their standing shape what you "
    "feel able to say, or how the work would be judged if questioned?",
    "expert": "The client drew on their own expertise. Where does it meet yours, and where "
    "does it make your judgement easier to question?",
    "coercive": "The client mentioned a complaint, a lawsuit, a review or leaving. How did it "
    "land in you, and what would keep you and the work safe?",
    "referent": "The client mentioned their fame or status. Is admiration softening what you "
    "would otherwise raise?",
    "reward": "The client spoke of payment, praise, gifts or referrals. Could what they give, "
    "or could hold back, be shaping what you are willing to raise?",
    "personal": "The client used flattery, charm, guilt or pressure. What did it invite you "
    "to do, and did you do it?",
}


# A threat said as one the client would never make is no threat: "I would never file a
# complaint against you", "I'm not going to report you" (the denial within three words
# of it, in the same clause: "if you don't help me I'll sue you" is a threat). "Don't
# make me…" still is one.
_DENIED_BEFORE = re.compile(
    r"\b(?:never|not|no intention of|no plans? to|(?:wo|would|could|did|do|does|is|was|"
    r"are|were|ca|should)n'?t)(?!\s+make me\b)"
    r"(?:\s+(?!(?:and|but|or|so|if|unless|then|because|i|i'll|i'm|i'd|i've|ill|im)\b)"
    r"[\w']+){0,3}\s*$",
    re.IGNORECASE,
)
_DENIABLE = frozenset({"coercive"})


def _first_cue(kind: str, pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    for m in pattern.finditer(text):
        if kind in _DENIABLE and _DENIED_BEFORE.search(text, 0, m.start()):
            continue
        return m
    return None


@lru_cache(maxsize=4096)
def cues_in(text: str) -> tuple[tuple[str, str, str], ...]:
    """Each kind's first cue in ``text`` as (kind, rule, matched words)."""
    out: list[tuple[str, str, str]] = []
    for kind, rule, pattern in RULES:
        m = _first_cue(kind, pattern, text)
        if m:
            out.append((kind, rule, m.group(0).strip()))
    return tuple(out)


def client_power_cues(transcript: Transcript, roles: Sequence[Role]) -> tuple[ClientPowerCue, ...]:
    """Every client-power cue in the client's turns, in the order of the session."""
    out: list[ClientPowerCue] = []
    for position, (u, role) in enumerate(zip(transcript.utterances, roles, strict=True)):
        if role != "client":
            continue
        for kind, rule, matched in cues_in(u.text):
            out.append(ClientPowerCue(position, u.index, u.speaker, kind, rule, matched, u.start))
    return tuple(out)


def suggested_rating(kind: str, moments: int) -> int:
    """The client's rating a session's cues point to: 2 for one moment, 3 for two or more,
    4 for four or more; a threat of a complaint or a lawsuit counts from 3 at once."""
    if moments <= 0:
        return 0
    rating = 2 if moments == 1 else 3 if moments < 4 else 4
    return max(rating, 3) if kind == "coercive" else rating


def suggest_for_map(
    cues: Sequence[ClientPowerCue], current: Mapping[str, int] | None = None
) -> tuple[KindSuggestion, ...]:
    """A suggestion per kind the cues name, compared with the client's ``current`` ratings."""
    out: list[KindSuggestion] = []
    for kind in KINDS:
        moments = tuple(dict.fromkeys(c.utterance for c in cues if c.kind == kind))
        if not moments:
            continue
        rating = suggested_rating(kind, len(moments))
        now = None if current is None else current.get(kind)
        out.append(
            KindSuggestion(
                kind, rating, moments, now, now is None or rating > now, _QUESTIONS[kind]
            )
        )
    return tuple(out)


def read_client_power(
    transcript: Transcript, roles: Sequence[Role], current: Mapping[str, int] | None = None
) -> ClientPowerReading:
    """The session's client-power cues and what they suggest for the client's power map."""
    cues = client_power_cues(transcript, roles)
    return ClientPowerReading(cues, suggest_for_map(cues, current))


IndicatorSpec = tuple[str, str, float | None, str, str, tuple[int, ...]]


def client_power_indicator_specs(
    transcript: Transcript, roles: Sequence[Role]
) -> tuple[IndicatorSpec, ...]:
    """The client-power indicators as (id, label, value, unit, explanation, positions).

    Positions are places in the transcript's utterances, as the session indicators take
    them: the count of client turns with any cue, its rate per client turn, and a count
    per kind.
    """
    cues = client_power_cues(transcript, roles)
    n_client = sum(1 for r in roles if r == "client")
    turns = tuple(dict.fromkeys(c.position for c in cues))
    specs: list[IndicatorSpec] = [
        (
            "client_power_moments",
            "Moments of the client's power",
            float(len(turns)),
            "count",
            "Client turns that lean on a role, expertise, a threat, fame, what they give, or "
            "their manner. A prompt to look at those moments, not a judgement of the client.",
            turns,
        ),
        (
            "client_power_moments_rate",
            "Moments of the client's power per client turn",
            len(turns) / n_client if n_client else None,
            "rate",
            "Client turns with a client-power cue, as a share of the client's turns.",
            turns,
        ),
    ]
    for kind in KINDS:
        at = tuple(dict.fromkeys(c.position for c in cues if c.kind == kind))
        specs.append(
            (
                f"client_power_{kind}",
                f"Client's {kind} power in words",
                float(len(at)),
                "count",
                f"Client turns that point to {kind} power ({_rule_of(kind)}).",
                at,
            )
        )
    return tuple(specs)


def _rule_of(kind: str) -> str:
    return next(rule for k, rule, _ in RULES if k == kind)


def client_power_as_dict(reading: ClientPowerReading) -> dict[str, Any]:
    """The reading as JSON-ready data (the ``client_power`` part of the analysis JSON)."""
    return {
        "cues": [
            {
                "utterance": c.utterance,
                "speaker": c.speaker,
                "kind": c.kind,
                "rule": c.rule,
                "matched": c.matched,
                "start": c.start,
            }
            for c in reading.cues
        ],
        "suggestions": [
            {
                "kind": s.kind,
                "rating": s.rating,
                "current": s.current,
                "raise": s.raise_it,
                "moments": list(s.moments),
                "question": s.question,
            }
            for s in reading.suggestions
        ],
    }
