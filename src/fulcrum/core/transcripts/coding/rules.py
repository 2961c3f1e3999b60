"""A transparent coder: hand-written cues, and every code says which cue fired.

No training data is needed. Precedence for practitioner turns, when several cues fire:
an acknowledgement ("Mm-hmm.") is other; then input (advice, options, negotiation,
information) in the last sentence; a short greeting, thanks or apology is other; a
statement said as a question that reads as a reflection ("So you're tired of it?") is a
reflection; then a question in the last sentence, a reflection, any question or input
anywhere, else a fallback. The last sentence decides first because a turn usually ends
on what it does ("Okay. What brings you in?" is a question).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from fulcrum.core.transcripts.coding.base import Code, Cue, Turn


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_SENTENCE = re.compile(r"(?<=[.?!])\s+")
_YOU = re.compile(r"\b(?:you|your|you're|you've|yourself)\b", re.IGNORECASE)
_I_WE = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|we|we're|our|us|people|there's|there)\b", re.IGNORECASE
)
_ACK_WORDS = (
    r"okay|ok|yeah|yes|yep|right|sure|mm|mm-hmm|mhm|hmm|uh-huh|hm|oh|ah|wow|great|good|"
    r"all right|alright|cool|fine|nice|excellent|perfect|gotcha|i see|thank you|thanks|"
    r"hi|hello|bye|goodbye|welcome|absolutely|exactly|of course|no|um|uh|well|so|and|wonderful"
)
ACKNOWLEDGEMENT = re.compile(
    rf"^\W*(?:(?:{_ACK_WORDS})\b[\s,.!-]*)+(?:(?:\w+\W*){{0,2}})?$", re.IGNORECASE
)
_FILLER = r"(?:(?:so|and|okay|ok|well|now|um|uh|yeah|right|alright|all right)[,.]?\s+)*"

# Greetings, thanks, apologies and goodbyes: the social frame of a session ("other").
SOCIAL = _rx(
    rf"^\W*{_FILLER}(?:hi|hello|hey|good (?:morning|afternoon|evening)|nice to (?:meet|see) you|"
    r"(?:it's )?(?:good|great|lovely) to (?:meet|see) you|thanks|thank you|welcome|"
    r"(?:i'm|i am) (?:sorry|glad)|sorry|bye|goodbye|see you|take care|"
    r"have a (?:good|great|nice))\b",
)
SOCIAL_MAX_WORDS = 15
OPEN_QUESTION = _rx(
    rf"^\W*{_FILLER}(?:what|how|why|where|when|who|which)\b",
    r"\btell me (?:more|about|what|how)\b",
    r"\bwhat (?:else|do you|would|might|makes|brings)\b",
    r"\bhow (?:do|does|did|would|might|could) (?:you|that|it)\b",
    r"\bi(?:'m| am) (?:wondering|curious) (?:what|how|why)\b",
)
CLOSED_QUESTION = _rx(
    rf"^\W*{_FILLER}(?:do|does|did|is|are|was|were|have|has|had|can|could|would|will|should|"
    r"may|might|shall|any|anything)\b[^.!]*\?",
    r"\b(?:right|okay|yeah|correct|huh|no)\?\s*$",
    r"\bi(?:'m| am) wondering (?:if|whether)\b",
)
ADVICE = _rx(
    r"\byou (?:really |just |definitely |probably |seriously |still )?"
    r"(?:should|ought to|need to|have to|must|might want to|may want to|could try)\b",
    r"\bi(?:'d| would)? (?:recommend|suggest|advise|encourage you)\b",
    r"\bmy (?:advice|recommendation|suggestion)\b",
    r"\b(?:try to|make sure (?:you|that)|it(?:'s| is|'d| would be) (?:best|important|a good idea) "
    r"(?:to|that|for you))\b",
    r"\bwhy don't you\b",
    r"\b(?:stop|quit|cut (?:down|back)) (?:drinking|smoking|using)\b",
)
OPTIONS = _rx(
    r"\b(?:some|other) (?:people|folks|patients|clients) (?:find|try|have found|choose|decide)\b",
    r"\b(?:one|another|an) (?:option|choice|possibility|way)\b",
    r"\byou (?:can|could) (?:choose|decide|pick)\b",
    r"\b(?:would|do) you (?:prefer|rather)\b",
    r"\bit(?:'s| is) (?:up to you|your (?:choice|call|decision))\b",
    r"\b(?:there are|we have) (?:a (?:few|couple of|number of)|several|many|some) "
    r"(?:options|choices|ways|things)\b",
    r"\bwould you like (?:to )?\w+(?: \w+){0,4} or\b",
)
NEGOTIATION = _rx(
    r"\b(?:let's|let us|shall we|we could|we can|we'll)\b",
    r"\b(?:next (?:time|session|week)|plan|goal|agree(?:ment)?|come back|follow up|"
    r"set (?:a|up|some))\b",
)
INFORMATION = _rx(
    r"\b(?:research|studies|evidence|guidelines?|doctors?|experts?) "
    r"(?:shows?|says?|suggests?|recommends?|indicates?)\b",
    r"\b(?:the )?(?:recommended|safe) (?:limit|amount|level)s?\b",
    r"\b(?:increases?|reduces?|raises?|lowers?) (?:your|the) (?:risk|chance)s?\b",
    r"\b(?:per (?:day|week)|a week|a day)\b.*\b\d+\b|\b\d+\b.*\b(?:per (?:day|week)|drinks?)\b",
    r"\bwhat (?:this|that|it) means is\b",
    r"\b(?:the results?|your (?:results?|scores?|levels?|test))\b",
    r"\b(?:can|could|will|may) (?:cause|lead to|damage|affect|harm)\b",
    r"\bwe (?:know|see) that\b",
    r"\bwhat we (?:also )?(?:find|know|see)\b",
    r"\b(?:people|those|someone|anyone) who\b",
    r"\bthere(?:'s| is| are) (?:a lot of|lots of|some|certainly|good|also)\b",
    r"\b(?:is|are) (?:linked|associated|related) (?:to|with)\b",
    r"\b(?:risks?|sign|symptoms?|side effects?|consequences?) of\b",
    r"\bi(?:'m| am) (?:a (?:little|bit) )?(?:concerned|worried)\b",
    r"\bi (?:wanna|want to|would like to|'d like to) (?:share|talk|mention|tell)\b",
    r"\b(?:i|we) (?:noticed|see here|looked at)\b",
    r"\b(?:it's|that's) your (?:decision|choice)\b",
)
REFLECTION_COMPLEX = _rx(
    r"\b(?:it )?(?:sounds|seems|looks) (?:like|as if|as though)\b",
    r"\byou(?:'re| are)? (?:feel|feeling|worried|concerned|wondering|thinking|not sure|torn|"
    r"frustrated|scared|afraid|angry|tired|ready)\b",
    r"\b(?:on (?:the )?one hand|part of you|at the same time|and yet)\b",
    r"\byou (?:really )?(?:want|care|value|wish|hope|don't want)\b",
    r"\bit(?:'s| is) (?:been )?(?:hard|difficult|important to you|frustrating)\b",
    r"\bfor you\b.*\b(?:is|means)\b",
)
REFLECTION_SIMPLE = _rx(
    rf"^\W*{_FILLER}(?:so )?you(?:'re|'ve|'d| are| have| were| had| just| kind of| said)?\b",
    r"^\W*(?:so|and) (?:it's|that's|the|this|your)\b",
    r"\bwhat i(?:'m| am) hearing\b",
    r"\bif i understand\b",
)
PERMISSION = _rx(
    r"\b(?:would it be|is it|would that be) (?:okay|ok|alright|all right)\b",
    r"\b(?:can|could|may) i (?:share|tell|give|offer|suggest|make a suggestion|mention)\b",
    r"\bwould you (?:like|want|be interested in) (?:me to|to hear|some (?:information|ideas))\b",
    r"\bdo you mind if\b",
    r"\bwith your permission\b",
    r"\bif you(?:'re| are) (?:interested|open to)\b",
)
# Handing the client a choice: between named options ("face up or face down"), over the
# agenda ("what would you like to start with?"), or of control ("it's up to you", "you
# can change your mind"). A question with "or" in it is not a choice by itself ("Was it
# the shoulder or the neck?"): the client must be asked what they want, not what is.
_WANT = r"(?:prefer|rather|like|want|fancy)"
CHOICE = _rx(
    rf"\b(?:would|do|did|will|'d) you {_WANT}\b[^.?!]{{0,80}}\bor\b",
    r"\b(?:would|do) you (?:prefer|rather)\b",
    rf"\bor (?:would|do) you {_WANT}\b",
    r"\b(?:shall|should|could|can) (?:we|i)\b[^.?!]{0,60}\bor\b[^.?!]{0,60}\?",
    rf"\bwhich (?:one |of (?:those|these|them|the two) )?(?:would|do) you {_WANT}\b",
    r"\bwhich (?:would|do) you (?:like|want|prefer)\b",
    r"\bwhich (?:feels|sounds|seems) (?:better|best|right|more useful)\b",
    r"\b(?:what|where|which \w+|how) would you like (?:to|me to|us to) (?:start|begin|focus|work|"
    r"spend|go|look|talk|leave|finish|end)\b",
    r"\bhow would you like (?:to|me to|us to)\b",
    r"\bwhat would you like "
    r"(?:to (?:work on|focus on|talk about|start with|begin with|do)|me to)\b",
    r"\bwhere (?:would|do) you (?:like|want) (?:to|me to) (?:start|begin)\b",
    r"\byou (?:can|could|may|get to|are free to|'re free to) "
    r"(?:choose|decide|pick|say no|say stop|stop me|change your mind|tell me to stop)\b",
    r"\b(?:it's|it is|that's|that is|it'll be|totally|entirely|completely) (?:entirely |completely "
    r"|totally |really |always )?(?:up to you|your (?:choice|call|decision))\b",
    r"(?:^|[,.;:!?\u2014-]\s*|\b(?:and|so|then|now|okay|ok)\s+)you decide\b(?! to)",
    r"\byour call\b",
    r"\b(?:whichever|whatever|however) (?:you (?:prefer|like|want|choose|decide)|feels? (?:right|"
    r"better|best|comfortable|good))\b",
    r"\b(?:either|or)\b[^.?!]{0,40}\b(?:you choose|your choice|up to you)\b",
    r"\b(?:let me know|tell me|say)\b[^.?!]{0,20}\b(?:if|whether|when) you(?:'d)? "
    r"(?:prefer|like|want|rather|need)\b",
    r"\b(?:there are|we have|you have) (?:a (?:few|couple of|number of)|several|two|three|some) "
    r"(?:options|choices|ways (?:we|you) (?:could|can))\b",
    r"\b(?:would|do) you (?:like|want) (?:to|me to) (?:start|begin) (?:with|on)\b"
    r"[^.?!]{0,60}\bor\b",
)
DIRECTIVE = _rx(
    r"\byou (?:need to|have to|must|should|'ve got to|have got to|gotta)\b",
    rf"^\W*{_FILLER}(?:stop|quit|don't|do not|take|go|lie|sit|turn|put|keep|make sure|try|"
    r"call|come|breathe|relax|roll|move|cut)\b(?!\s+(?:you|we)\b)",
    r"\bi(?:'m| am) going to (?:need|ask) you to\b",
    r"\bi want you to\b",
)
SELF_DISCLOSURE = _rx(
    r"\bi (?:also|too) (?:have|had|feel|felt|struggle|struggled|went|used to|drink|smoke|was)\b",
    r"\bwhen i was (?:a |younger|little|your age|in|at|going)\b",
    r"\bmy own\b",
    r"\bmy (?:wife|husband|partner|kids?|children|son|daughter|mother|father|mum|mom|dad|"
    r"brother|sister|family|divorce|boyfriend|girlfriend|childhood)\b",
    r"\bi(?:'ve| have) (?:been through|had (?:the same|a similar)|struggled)\b",
    r"\b(?:same|similar) (?:thing )?(?:happened )?(?:to|with) me\b",
    r"\b(?:personally|in my (?:own )?life|for me personally)\b",
)

CHANGE_TALK = _rx(
    r"\bi (?:want|would like|wanna|need|have|got|'d like|hope|plan|am going|'m going|will|'ll|"
    r"could|can|should|must) (?:to )?(?:stop|quit|cut|change|reduce|try|start|do something|"
    r"get (?:better|healthy|help)|lose|work on|be healthier)\b",
    r"\bi(?:'m| am) (?:ready|willing|going to|trying|"
    r"thinking about (?:quitting|stopping|cutting))\b",
    r"\b(?:i'?ve|i have) (?:cut|stopped|quit|started|been trying|tried)\b",
    r"\b(?:i|it)(?:'s| is)? (?:worried|concerned|scared|afraid)\b",
    r"\b(?:it'?s|that'?s) (?:a problem|not good|bad for me|affecting|hurting|too much)\b",
    r"\b(?:i don't|i do not) want to (?:end up|keep|be like|lose|die|get)\b",
    r"\b(?:it would be|i'd be) (?:better|good|nice|healthier)\b",
    r"\b(?:probably|maybe) (?:should|could)\b",
)
SUSTAIN_TALK = _rx(
    r"\bi (?:don't|do not|can't|cannot|won't|will not) (?:think|see|want to (?:stop|quit|change|"
    r"cut)|need to|have a problem|wanna)\b",
    r"\b(?:it'?s|that'?s) (?:not (?:a (?:big )?(?:problem|deal)|that (?:bad|much|big))|"
    r"fine|no big deal)\b",
    r"\bi (?:like|love|enjoy) (?:it|drinking|smoking|to drink|to smoke|the)\b",
    r"\b(?:it|that) (?:helps|relaxes|calms) me\b",
    r"\b(?:everyone|everybody|all my friends) (?:does|drinks|smokes)\b",
    r"\bi(?:'m| am) (?:fine|not (?:going to|gonna) (?:stop|quit)|okay with)\b",
    r"\b(?:just|only) (?:a (?:few|couple)|one or two|on weekends)\b",
    r"\b(?:too hard|impossible|no way|never going to)\b",
)


def _hit(pattern: re.Pattern[str], text: str, rule: str) -> Cue | None:
    m = pattern.search(text)
    return Cue(rule=rule, matched=m.group(0).lstrip(" ,.;:!?\u2014-").strip()) if m else None


def _question(sentence: str) -> tuple[Literal["open", "closed"], Cue] | None:
    cue = _hit(OPEN_QUESTION, sentence, "open question")
    if cue and (sentence.rstrip().endswith("?") or cue.matched.lower().startswith(("tell", "i"))):
        return "open", cue
    cue = _hit(CLOSED_QUESTION, sentence, "closed question")
    if cue:
        return "closed", cue
    if sentence.rstrip().endswith("?"):
        if OPEN_QUESTION.search(sentence):
            return "open", Cue("open question", sentence.rstrip()[-40:])
        return "closed", Cue("question mark", sentence.rstrip()[-40:])
    return None


def _input(text: str) -> tuple[str, Cue] | None:
    for subtype, pattern in (
        ("options", OPTIONS),
        ("advice", ADVICE),
        ("information", INFORMATION),
        ("negotiation", NEGOTIATION),
    ):
        cue = _hit(pattern, text, subtype)
        if cue:
            return subtype, cue
    return None


def _reflection(text: str) -> tuple[Literal["simple", "complex"], Cue] | None:
    cue = _hit(REFLECTION_COMPLEX, text, "complex reflection")
    if cue:
        return "complex", cue
    cue = _hit(REFLECTION_SIMPLE, text, "simple reflection")
    if cue:
        return "simple", cue
    return None


def code_practitioner(text: str) -> Code:
    """Code one practitioner utterance from its own words."""
    sentences = [s for s in _SENTENCE.split(text.strip()) if s.strip()]
    last = sentences[-1] if sentences else text
    words = len(text.split())
    ack = ACKNOWLEDGEMENT.match(text)
    if ack:
        return Code(
            "practitioner", "other", None, 1.0, (Cue("acknowledgement", ack.group(0).strip()),)
        )
    inp = _input(last)
    if inp and not last.rstrip().endswith("?"):
        return Code("practitioner", "input", inp[0], 1.0, (inp[1],))
    social = SOCIAL.match(text)
    if social and words <= SOCIAL_MAX_WORDS and not last.rstrip().endswith("?"):
        return Code("practitioner", "other", None, 1.0, (Cue("social", social.group(0).strip()),))
    q = _question(last)
    if q and q[1].rule == "question mark":
        # A statement said with a rising voice ("So you're tired of it?") hands the
        # client's words back more often than it asks something new.
        r = _reflection(last)
        if r:
            return Code("practitioner", "reflection", r[0], 1.0, (r[1],))
    if q:
        return Code("practitioner", "question", q[0], 1.0, (q[1],))
    for sentence in reversed(sentences):
        r = _reflection(sentence)
        if r:
            return Code("practitioner", "reflection", r[0], 1.0, (r[1],))
    inp = _input(text)
    if inp:
        return Code("practitioner", "input", inp[0], 1.0, (inp[1],))
    for sentence in reversed(sentences[:-1]):
        q = _question(sentence)
        if q:
            return Code("practitioner", "question", q[0], 1.0, (q[1],))
    you = len(_YOU.findall(text))
    me = len(_I_WE.findall(text))
    if words >= 4 and me > you:
        # An uncued statement about the speaker's own view is more often input.
        return Code(
            "practitioner", "input", "information", 0.5, (Cue("first-person statement", last[:40]),)
        )
    if words >= 2:
        # Otherwise an uncued statement most often hands the client's words back.
        return Code(
            "practitioner",
            "reflection",
            "simple" if words < 12 else "complex",
            0.5,
            (Cue("uncued statement", last[:40]),),
        )
    return Code("practitioner", "other", None, 0.5, ())


def code_client(text: str) -> Code:
    """Code one client utterance: change or sustain talk where a cue fires, else neutral."""
    sustain = _hit(SUSTAIN_TALK, text, "sustain talk")
    change = _hit(CHANGE_TALK, text, "change talk")
    if sustain and not change:
        return Code("client", "sustain", None, 1.0, (sustain,))
    if change and not sustain:
        return Code("client", "change", None, 1.0, (change,))
    if change and sustain:
        # Ambivalence: the cue nearer the end usually carries where the client lands.
        later = (
            change
            if text.lower().rfind(change.matched.lower())
            > text.lower().rfind(sustain.matched.lower())
            else sustain
        )
        label = "change" if later is change else "sustain"
        return Code("client", label, None, 0.5, (change, sustain))
    return Code("client", "neutral", None, 0.5, ())


class RulesCoder:
    """Fulcrum's transparent coder; needs no training data."""

    @property
    def name(self) -> str:
        return "rules"

    @property
    def kind(self) -> Literal["rules", "learned"]:
        return "rules"

    def code(self, turns: Sequence[Turn]) -> tuple[Code, ...]:
        return tuple(
            code_practitioner(t.text) if t.role == "practitioner" else code_client(t.text)
            for t in turns
        )


def permission_cue(text: str) -> Cue | None:
    """The cue if ``text`` asks permission before offering something, else ``None``."""
    return _hit(PERMISSION, text, "asks permission")


def choice_cue(text: str) -> Cue | None:
    """The cue if ``text`` offers the client a choice, else ``None``."""
    return _hit(CHOICE, text, "offers a choice")


def directive_cue(text: str) -> Cue | None:
    """The cue if ``text`` tells the client what to do, else ``None``.

    Imperatives are looked for at the start of every sentence ("Yes. Don't move.").
    """
    for sentence in _SENTENCE.split(text.strip()):
        cue = _hit(DIRECTIVE, sentence, "directive")
        if cue:
            return cue
    return None


def self_disclosure_cue(text: str) -> Cue | None:
    """The cue if ``text`` carries first-person personal content, else ``None``."""
    return _hit(SELF_DISCLOSURE, text, "self-disclosure")
