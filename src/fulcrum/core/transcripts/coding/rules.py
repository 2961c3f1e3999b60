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

# Chat drops apostrophes ("im", "ive", "dont") and word processors curl them:
# every pattern written with "i'm" also reads "im", and a curled apostrophe reads as a
# straight one. Only the contractions that cannot be another word lose their apostrophe
# ("we're" is not "were", "i'll" is not "ill", "let's" is not "lets").
_BARE_APOSTROPHE = re.compile(r"(?<=[a-z(:|])(?<!\blet)(?<!\bwe)'(?=(?:m|ve|s|t|d|re)\b)")
_CURLY = str.maketrans("\u2019", "'")


class _Rx:
    """A case-blind pattern that searches lower-cased text without ``re.IGNORECASE``.

    Python's case-blind matching costs about a third more, and every turn meets dozens
    of these patterns. Text whose lower-casing changes its length (a few non-English
    letters) falls back to the case-blind pattern, so match positions always hold.
    """

    __slots__ = ("_blind", "_lower", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        chat = _BARE_APOSTROPHE.sub("'?", pattern)
        self._lower = re.compile(chat)
        self._blind = re.compile(chat, re.IGNORECASE)

    def _prepared(self, text: str) -> tuple[re.Pattern[str], str]:
        low = text.lower()
        if len(low) != len(text):
            return self._blind, text.translate(_CURLY)
        return self._lower, low.translate(_CURLY) if "\u2019" in low else low

    def search(self, text: str) -> re.Match[str] | None:
        pattern, prepared = self._prepared(text)
        return pattern.search(prepared)

    def match(self, text: str) -> re.Match[str] | None:
        pattern, prepared = self._prepared(text)
        return pattern.match(prepared)


def _rx(*patterns: str) -> _Rx:
    return _Rx("|".join(f"(?:{p})" for p in patterns))


def _words_of(text: str, m: re.Match[str]) -> str:
    """The words a match covers, as the speaker wrote them."""
    return text[m.start() : m.end()]


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
_OPENER = (
    r"(?:(?:hi|hello|hey|oh|ah|wow|okay|ok|so|and|well|now|um|uh|yeah|right|alright|all right|"
    r"sorry|great|good|i see|i understand|thanks|thank you|there)\b[\s,.!-]*)*"
)
OPEN_QUESTION = _rx(
    rf"^\W*{_OPENER}(?:what|how|why|where|when|who|which)\b",
    r"[,;:\u2014-]\s*(?:so |and |but )?(?:what|how|why|where|when|who|which)\b[^,;:]*\?\s*$",
    r"\btell me (?:more|about|what|how)\b",
    r"\bwhat (?:else|do you|would|might|makes|brings)\b",
    r"\bhow (?:do|does|did|would|might|could) (?:you|that|it)\b",
    r"\bi(?:'m| am) (?:wondering|curious) (?:what|how|why)\b",
)
UNMARKED_MAX_WORDS = 20
UNMARKED_OPEN = _rx(
    rf"^\W*{_OPENER}(?:what|how|why|where|when|who|which)\s+(?:is|are|was|were|do|does|did|have|"
    r"has|had|can|could|would|will|should|long|much|many|often|old|about|kind|sort|type|else|"
    r"made|makes|happened|r|u|come|exactly|specifically)\b",
    # "what other type of work do you do", "how many hours a week do you work"
    rf"^\W*{_OPENER}(?:what|how|why|where|when|who|which)(?: \w+){{1,4}} (?:do|does|did|are|is|was|"
    r"were|have|has|had|can|could|would|will|should) (?:you|u|they|he|she|we)\b",
)
UNMARKED_CLOSED = _rx(
    rf"^\W*{_OPENER}(?:do|does|did|is|are|was|were|have|has|had|can|could|would|will|should)\s+"
    r"(?:you|u|it|that|they|he|she|we|there|your|this|things|anyone|anything)\b",
)
CLOSED_QUESTION = _rx(
    rf"^\W*{_OPENER}(?:do|does|did|is|are|was|were|have|has|had|can|could|would|will|should|"
    r"may|might|shall|any|anything)\b[^.!]*\?",
    r"\b(?:right|okay|yeah|correct|huh|no)\?\s*$",
    r"\bi(?:'m| am) wondering (?:if|whether)\b",
)
# Advice and suggestions: "you should", "I'd suggest", "maybe you could...", "it might
# help to...", "try...", and the suggestions said as questions ("Have you tried...?",
# "How about asking her?"), which hand over an idea rather than ask for information.
# Words that end like a gerund but are not one: "something can help" is not a suggestion.
_THING = r"(?:some|any|every|no)thing|things?|morning|evening|during|bring|king|ring|sing|spring"
_DO = (
    r"(?:try|talk|speak|ask|tell|reach|go|get|find|make|take|start|join|look|use|contact|call|"
    r"write|set|create|consider|think about|keep|focus|practi[cs]e|spend|plan|give|let|visit|"
    r"search|check|read|listen|watch|exercise|do something|work on|put|stay|avoid|limit|stop|"
    r"distract|treat|reward|seek|apply|attend|schedule|sign up|volunteer|pick up|open up|be more|"
    r"be honest|express|share|explain|approach|confront|ignore|distance|cut|reduce|switch|move|"
    r"provide|send|meet|buy|bring|invite|join|download|sign|register|book|prepare|remain|"
    r"allow|accept|forgive|breathe|relax|rest|sleep|eat|drink|journal|pray|meditate|"
    r"celebrate|enjoy|surround|connect|hang out|spend time|open|ask for|speak up|google)"
    r"(?!['\u2019,])"
)
ADVICE = _rx(
    r"\byou(?<!\bwhat you)(?<!\bif you)(?<!\bunless you) "
    r"(?:really |just |definitely |probably |seriously |"
    r"still |may |might |could )?"
    r"(?:should|ought to|need to|have to|must(?! (?:be|have been|feel)\b)|might want to|"
    r"may want to|"
    r"could try|might try|"
    r"may try|might consider|may consider|could consider|could look|might look|should try)\b",
    r"\bi(?:'d| would)? (?:recommend|suggest|advise|encourage you|highly recommend)\b",
    r"\bmy (?:advice|recommendation|suggestion)\b",
    # "Try to" from someone else's doing is not advice: "I (just) try to", "I'll try to"
    # (chat's "ill try to"), "I'm going to try to".
    r"\btry to\b(?<!\bi try to)(?<!\bto try to)(?<!\bwe try to)(?<!\bthey try to)(?<!\bshe try to)"
    r"(?<!\bhe try to)(?<!\bi'll try to)(?<!\bi will try to)(?<!\bi just try to)"
    r"(?<!\bwe just try to)(?<!\bi always try to)(?<!\bill try to)(?<!\bgoing to try to)"
    r"(?<!\bgonna try to)"
    r"(?<!\bi usually try to)(?<!\bi often try to)(?<!\bi also try to)(?<!\bi really try to)",
    r"\b(?:see|visit|talk to|speak to|call) (?:a|your|an|someone|somebody|the) (?:\w+ )?(?:doctor|"
    r"therapist|counsell?or|professional|specialist|gp|psychologist|psychiatrist)\b",
    r"\b(?:that's|that is|this is) what i(?:'d| would) do\b|\bworth (?:of )?trying\b",
    r"\bhave you (?:ever )?(?:tried|thought about|considered)\b|\bi (?:wouldn't|would not|would "
    r"just|'d just|would never|would definitely|'d definitely) (?!be (?:surprised|shocked)\b)\w+",
    rf"\b(?!{_THING}\b)\w+ing\b(?: \w+){{0,5}} (?:can|could|may|might|will|would|should) "
    r"(?:really |also |often )?help\b",
    r"\bit(?:'s| is|'d| would be|'s often|'s sometimes| is sometimes) (?:for the best|better|wise|"
    r"helpful|good|smart) to\b",
    r"\b(?:make sure (?:you|that)|it(?:'s| is|'d| would be) (?:best|important|a good idea) "
    r"(?:to|that|for you|if you))\b",
    r"\bwhy don't you\b",
    r"\bwhy not (?:try|just|\w+ing|talk|ask|go|get|call|see|give|take|make|look)\b",
    r"\b(?:stop|quit|cut (?:down|back)) (?:drinking|smoking|using)\b",
    r"\b(?:(?:it's|it is|maybe it's|maybe its|it might be) (?:time|worth) to|(?:won't|wouldn't|"
    r"doesn't|can't|never) hurts? to|it (?:never )?hurts to ask)\b",
    r"\b(?:you|u) could (?:also |always |even |maybe |perhaps |just )?(?!(?:be|have|lose|get|feel|"
    r"see|tell|imagine|say|hear|end up|hurt|die|do it|do this|not|go (?:to jail|to prison))\b)\w+",
    r"\b(?:maybe|perhaps|then|also|always|still)[, ]+(?:you|u) (?:can|could|might|may)\b",
    r"\b(?:you|u) (?:can|could) (?:also|always|even|still|just|definitely) (?!(?:be|feel|see|tell|"
    r"imagine|hear|say|relate|understand|handle|do it|do this|get through|talk to me)\b)\w+",
    r"\b(?:the )?best (?:way|thing|option|course of action|advice|bet)\b[^.?!]{0,40}\b(?:is|would "
    r"be|might be|may be) (?:to|for you to|that you)\b",
    r"\bworth (?:a (?:try|shot|go)|trying|considering|looking into|a look|checking)\b",
    rf"\byou (?:can|could|might|may) (?:always |also |still |just |maybe |even |then )?{_DO}\b",
    r"\bit (?:might|may|could|would|will|can) (?:also |really )?(?:help|be (?:good|helpful|useful|"
    r"worth|nice|a good idea|beneficial|wise|great|best)) (?:to|if you|for you to)\b",
    r"\b(?:might|may|would|could) be (?:worth|a good idea|helpful to|good to|wise to|best to)\b",
    r"\b(?:that|this|it) (?:might|may|would|could) (?:be|work) (?:best|for the best|better)\b",
    # a habit or a thing offered by what it does: "a planner may keep you organised",
    # "warm baths are good for sleep"
    r"(?<!\bi )(?<!\bwe )\b(?:can|could|may|might|often|really) "
    r"(?:really |also |often |definitely )?(?:keep you|calm|relax|ease|relieve|improve|boost|lift|"
    r"clear your|do wonders|work wonders|do you (?:a (?:lot|world) of )?good|"
    r"make a (?:big )?difference)\b",
    # "sometimes it helps to step away", "writing a list can make it easier", "perhaps a
    # chat with your manager would clear the air"
    r"\bit (?:really |often |sometimes |always |also |usually )?helps (?:to|if you|when you)\b"
    r"(?! (?:know|understand|hear)\b)",
    rf"\b(?!{_THING}\b)\w+ing\b(?: \w+){{0,6}} (?:can|could|may|might|will|would) "
    r"(?:really |also )?make (?:it|things|you|life) (?:feel )?"
    r"(?:easier|better|calmer|lighter|more manageable)\b",
    r"\b(?:maybe|perhaps),? (?:a|an|some) \w+(?: \w+){0,5} (?:would|could|might|may|will|can) "
    r"(?:really |also )?(?:help|clear the air|do you good|ease|make (?:a|the|all the) difference|"
    r"be (?:good|helpful|worth|useful|a good idea))\b",
    r"\b\w+(?:ing|s)\b(?: \w+){0,4} (?:is|are) (?:really |very |so |also )?"
    r"(?:good|great|helpful|useful|a (?:great|good) way) (?:for|to)\b",
    r"\bif i (?:were|was) you\b",
    r"\bi(?:'d| would) (?:try|go|talk|start|look|consider|think about|focus|make|ask|tell|get|"
    r"avoid|take|stick|stay|keep|limit|spend|join|find|write|call|reach|give it|wait (?:a|until|"
    r"till|for)|sleep on it|hold off|leave it)\b",
    r"\b(?:one|another|the (?:best|first|other)) (?:thing|option|idea|step|way) "
    r"(?:(?:that )?(?:you|u) (?:can|could|might|may|should)|(?:that )?(?:might|may|could|can|"
    r"would) (?:help|work)|to (?:try|do|consider)|is to)\b",
    r"\b(?:something|things) (?:that )?(?:you|u) (?:can|could|might) (?:try|do)\b",
    rf"^\W*(?:(?:so|and|but|well|then|also|maybe|perhaps|just|please|ok|okay|yeah|yes|no|oh|always|"
    r"never|sometimes|"
    r"hmm|first|next|second|finally|instead)[,.!]?\s+)*"
    rf"(?:{_DO}|remember|don't|do not|be)\b(?!\s+(?:you|we|i|me|worried|sorry|afraid|scared)\b)"
    r"(?!\s+to (?:you|u) (?:later|soon|again|tomorrow|another time)\b)",
    r"\b(?:look|looking) into\b|\breach(?:ing)? out (?:to|for)\b",
    r"\b(?:helps?|helped|help(?:ing)?) (?:a lot )?(?:is|was|to|if you) (?:\w+ing|to)\b",
    # what a thing will do for the client, said of the thing: "that may help", "it'll
    # help", "getting fresh air, can help clear your head", "staying off your phone also
    # helps"; but not under the client's doubt or the speaker's hope ("you're not sure it
    # will help", "you doubt that it'll help", "hopefully this will help"). The lookahead
    # keeps the lookbehinds off every other word.
    r"\b(?=(?:that|this|which|it)(?: (?:may|might|could|would|will|can|should)|'ll) )"
    r"(?<!sure )(?<!sure that )(?<!doubt )(?<!doubt that )(?<!doubts )(?<!doubts that )"
    r"(?<!\bif )(?<!\bwhether )(?<!n.t think )(?<!n.t think that )(?<!nt think )(?<!\bnot think )"
    r"(?<!\bhope )(?<!\bhope that )(?<!\bhoping )(?<!\bhoping that )(?<!\bhopefully )"
    r"(?:that|this|which|it)(?: (?:may|might|could|would|will|can|should)|'ll) "
    r"(?:likely |probably |really |also |definitely |even |actually |surely )?help(?! me\b)"
    r"(?! (?:us|me) (?:understand|know|see)\b)",
    r"\b(?:would|will|could|may|might) (?:likely|probably|definitely|surely) help\b",
    rf"\b(?!{_THING}\b)\w+ing\b(?:,? \w+){{0,6}},? (?:can|could|may|might|will|would) (?:really |"
    r"also |often |usually |definitely |likely |probably )?help\b(?! me\b)",
    rf"\b(?!{_THING}\b)\w+ing\b(?: \w+){{0,6}} "
    r"(?:also|really|often|usually|always|definitely) helps\b",
    # a resource named for its use: "reddit is a great resource", "that site has a good
    # article"
    r"\b(?:is|are|has|have)(?<!\byou have)(?<!\bu have)(?<!\balready have)(?<!\bstill have) "
    r"(?:a |an |some |lots of |a lot of )?(?:really |very |so )?"
    r"(?:great|good|wonderful|excellent|helpful|useful|amazing|fantastic) (?:\w+ )?"
    r"(?:resources?|sites?|websites?|apps?|tools?|books?|podcasts?|articles?|programs?|programmes?|groups?|courses?|"
    r"classes|platforms?|services?|forums?|communit(?:y|ies)|videos?|outlets?)\b",
    # a suggestion introduced by "maybe": "maybe talking to a professional would..."
    rf"(?:^|[.,;:!?]\s*|\b(?:and|or|but) )(?:maybe|perhaps),? (?!(?:{_THING}|being|feeling)\b)"
    r"\w+ing\b(?! (?:you|to you|like)\b)",
    r"\b(?:may|might|can|could) i (?:suggest|recommend)\b",
    # an idea or a first step put forward as such: "one idea is...", "a good first step
    # might be...", "you might benefit from...", "if you can, try..."
    r"\b(?:one|another|an|my|a (?:good|small|simple)) idea (?:is|would be|might be|could be)\b",
    r"\b(?:a )?(?:good |small |simple |gentle )?first step (?:is|would be|might be|could be)\b"
    r"(?! (?:the |always |often |usually |so |really )?(?:hardest|toughest|scariest|most|hard)\b)",
    r"\b(?:you|u) (?:might|may|could|would|will) (?:really |also )?benefit from\b",
    rf"(?:^|[,;.]\s*)(?:if (?:you|u) can|if possible|when you(?:'re| are)? (?:can|ready)),? "
    rf"(?:{_DO}|remember)\b(?!\s+(?:me|us|(?:to|with) (?:me|us))\b)",
)
# The client's own words handed back ("you said it helps when you go for a run", "you
# mentioned you should rest more"): a suggestion inside them is the client's, not the
# helper's, so advice is looked for only after the clause that reports them.
_REPORTED = _rx(
    rf"^\W*{_FILLER}(?:so )?(?:you|u) (?:(?:'ve|have) )?(?:just |also |already )?(?:said|say|"
    r"mentioned|told me|were saying|found|find|noticed)\b[^,;:\u2014]*",
    # likewise the client's doubt or fear handed back: "you're not sure walking will
    # help", "you wonder whether you should leave" ("…, but you could try" is still advice)
    rf"^\W*{_FILLER}(?:so )?(?:it (?:sounds|seems) like )?(?:you|u)(?:'re| are) (?:still |just )?"
    r"(?:not sure|unsure|worried|afraid|scared|wondering|doubtful)\b[^,;:\u2014]*",
    rf"^\W*{_FILLER}(?:so )?(?:it (?:sounds|seems) like )?(?:you|u) (?:still )?(?:doubt|wonder|"
    r"fear|worry|don't think|do not think|aren't sure|are not sure)\b[^,;:\u2014]*",
)
# A suggestion said as a question: asking whether the client has tried something, or
# proposing it ("How about...?", "Could you talk to her?").
_PROPOSAL = re.compile(r"(?:how|what) about|why not|what if", re.IGNORECASE)
ADVICE_QUESTION = _rx(
    r"\bi (?:wonder|was wondering|am wondering|'m wondering) if (?:you|u) (?:can|could|might) "
    r"(?!(?:tell|share|say|describe|explain|talk about|let|help me)\b)",
    r"\b(?:see|visit|talk to|speak to|call) (?:a|your|an|someone|somebody|the) (?:\w+ )?(?:doctor|"
    r"therapist|counsell?or|professional|specialist|gp|psychologist|psychiatrist)\b",
    r"\b(?:anything|something|things) (?:that )?(?:you|u) (?:can|could|might) (?:do|try|keep|use|"
    r"take|bring|carry|practi[cs]e|read|watch|listen)\b",
    r"\bmaybe (?:it's|its|it is) time\b",
    rf"^\W*(?:(?:maybe|just|so|and|or|also|then)[, ]+)*(?!tell me|let me)(?:{_DO})\b"
    r"(?!\s+(?:you|we|i|me|about)\b)",
    r"\b(?:have|did|had) (?:you|u) (?:guys |all |two )?(?:ever |already |maybe )?"
    r"(?:tried|considered|contemplated|looked for|checked out|thought (?:about|"
    r"of)|had a (?:talk|chat|conversation)|talked (?:to|with) (?:her|him|them)|"
    r"looked (?:into|at)|consulted|reached out|talked to (?:a|your|an|any|someone|anyone)|"
    r"spoken to (?:a|your|an|any|someone|anyone)|asked (?:for|a|your|him|her|them|someone))\b",
    r"\b(?:how|what) about (?:\w+ing|you \w+|getting|asking|taking)\b",
    r"\bwhat if (?:you|u) (?:just |maybe |also )?(?:tried|asked|talked|told|wrote|called|went|"
    r"started|took|gave|spoke|reached|looked|joined|set|let|kept)\b",
    r"\bwhy not (?:try|just|\w+ing|talk|ask|go|get|call|see|give|take|make|look)\b",
    rf"\b(?:could|can|would|will) (?:you|u) (?:maybe |possibly |perhaps |not |just |also )?"
    rf"(?!(?:go ahead|tell|explain|share|describe|put|talk about|give me|say)\b)(?:{_DO})\b"
    r"(?! (?:me|us|with me|to me|more|about|a (?:little|bit))\b)",
    rf"\bdo (?:you|u) think (?:that )?(?!{_THING}\b)\w+ing\b[^?]{{0,80}}\b"
    r"(?:might|could|would|will|can|may) (?:really |also )?"
    r"(?:help|benefit|make (?:you|things|it|life) (?:feel )?(?:easier|better|calmer|lighter|"
    r"happier|healthier|safer|less (?:stressful|stressed|anxious|lonely|overwhelming)|more "
    r"(?:manageable|relaxed|comfortable|confident|bearable)))\b",
    r"\bdo (?:you|u) think (?:that )?(?:it |you |u )?(?:might|could|would|will) (?:benefit|help|"
    r"be (?:helpful|worth|a good idea|useful))\b",
    r"\b(?:would|could) (?:you|u) (?:be (?:willing|open) to|consider)\b|\b(?:willing|open) to "
    r"(?:try|trying|consider|considering)\b",
    r"\b(?:would|could) it (?:help|be (?:helpful|a good idea|worth it|possible)) (?:if you|to "
    r"(?!(?:give|share|hear|talk about|look at|go over|tell (?:me|us))\b)\w+)\b",
    r"\b(?:is it|would it be|might it be|could it be) (?:worth|a good idea) (?:\w+ing|a (?:try|go|"
    r"shot)|trying|to)\b",
    r"^\W*(?:(?:so|and|but|well|hmm)[, ]+)?ever (?:tried|thought (?:about|of)|considered)\b",
    r"\bany chance (?:you|u) (?:could|can|might) "
    r"(?!(?:go ahead|tell|explain|share|describe|talk about|give me|say)\b)",
    r"\bis (?:there|it) (?:any )?(?:way|possible|someone|anyone|a (?:way|chance|place|friend|"
    r"person|group))\b[^?]*\b(?:you|u) (?:can|could|might)\b",
    r"\b(?:maybe|perhaps) (?:you|u) (?:can|could|should|might) (?!(?:tell|let|share|explain|talk "
    r"about|say|describe)\b)",
    r"\b(?:may|might|can|could) i (?:suggest|recommend) (?!(?:some|any)thing\b)\w+",
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
# Saying what anyone or many would feel is reassurance only when the helper says it as
# their own: at the start of a sentence, or after "I think", "I know" or "honestly". After
# anything else it is most often the client's own words handed back ("so you think
# everyone would be better off without you", "it seems like everybody else is doing
# fine"), and a client's fear that others would be better off, would find out or are
# against them is never reassurance.
_OWN_VOICE = (
    r"(?:^|[.!?]\s+)\W*(?:(?:honestly|i (?:really )?(?:think|know)(?: that)?)[,.]?\s+)*"
    r"(?![^.!?]*\b(?:better off|find out|found out|against (?:you|u))\b)"
)
# Affirming, reassuring and wishing well: "I'm sure you'll get through this", "you're
# doing great", "it's normal to feel that way", "good luck". Helpers say these often;
# they neither ask, inform nor hand the client's words back, so they are "other".
AFFIRMATION = _rx(
    # saying the client's reaction is what anyone's would be
    rf"{_OWN_VOICE}(?:anyone|anybody|everyone|everybody|most people|any (?:parent|person)) "
    r"(?:(?:else )?"
    r"(?:in your (?:position|shoes|situation|place) )?(?:would|could)) (?:feel|be|get|have|find)\b",
    r"\b(?:a (?:very |really |pretty )?common "
    r"(?:problem|feeling|reaction|experience|struggle|worry)|(?:you|u)(?:'re| are| r) "
    r"(?:certainly |definitely |really |so |far from )?not (?:the only one|alone))\b",
    r"\bat least (?:you|u) (?:have|had|found|know|got|are|can|did|tried|still)\b",
    # the client's trouble shared by many: "it has been hard for many people", "everyone
    # is feeling a bit low this year", "we're all human"
    # (feeling better is an outcome offered, not a trouble shared)
    rf"{_OWN_VOICE}(?:many|most|a lot of|lots of|so many) people\b(?! (?:who|that|with)\b)"
    r"[^.!?]{0,30}\b(?:feel|felt|are feeling|struggle|struggling|go through|are going through|"
    r"have been through|hurt)\b(?! better\b)",
    r"\b(?:hard|tough|difficult|rough|stressful) (?:for|on) (?:many|most|a lot of|lots of|so many) "
    r"people\b",
    rf"{_OWN_VOICE}(?:everyone|everybody|we all|we(?:'re| are) all)\b[^.!?]{{0,20}}\b(?:feel|"
    r"feeling|struggl\w*|go through|going through|human|in this together|in the same boat)\b",
    r"\bi (?:really |truly |sincerely |do |just |also )?hope (?:that )?(?:you|u|things|it|"
    r"everything|"
    r"this|that|your|the)\b",
    r"\b(?:i (?:commend|admire|applaud|respect) (?:you|u)|(?:a|such a|what a) (?:great|good|"
    r"wonderful|brilliant|lovely) idea(?! (?:to|for you|if|that you|might|would|could|may|is)\b)|"
    r"i(?:'ll| will)? (?:definitely |also )?(?:pray|say a prayer|"
    r"keep you in my (?:thoughts|prayers)))\b",
    r"\bi (?:really |truly |do )?(?:think|believe|know|feel|can tell) (?:that )?(?:you|u)(?:'re|"
    r" are|"
    r"'ll| will| can| have| did|'ve)(?: \w+){0,3} (?:right|great|good|well|strong|fine|okay|ok|"
    r"capable|brave|smart|amazing|best|get through|make it|handle|do it|succeed|deserve|"
    r"worth|wonderful|caring|kind|awesome)\b",
    r"\b(?:that|this|it) (?:all )?sounds (?:so |really |very |like a )?(?:great|good|wonderful|"
    r"awesome|amazing|lovely|fun|nice|fantastic|exciting|(?:good|great|wonderful) (?:idea|plan|"
    r"start|step))\b",
    r"\byour (?:most |very |so )?welcome\b|\btoo kind\b",
    r"\b(?:thank you|thanks)(?: (?:so|very) much)?(?: (?:for|too)\b[^.!?]{0,40})?\W*$",
    r"\b(?:good ?bye|bye|you too|same to you|take care)\W*$",
    r"\b(?:you|u)(?:'re| are| r) doing (?:so |really |very |such |incredibly )*(?:well|great|"
    r"amazing|brilliantly|fine|(?:a )?(?:great|good|fantastic|wonderful) job)\b",
    # "I know you can...", "you have shown that you can...": belief in the client, not a
    # suggestion of what to do.
    r"\b(?:i (?:really |just |truly |do |still )?(?:know|think|believe|bet|trust)|shown|"
    r"demonstrated|proven|proved) (?:that )?(?:you|u) (?:can|could|will|'ll|are able to)\b",
    r"\bi(?:'m| am) (?:so |very |really )?(?:sure|confident|certain|positive) (?:that )?"
    r"(?:you|u|it|things|everything|this|they|she|he)\b",
    r"\b(?:you|u) (?:can|will|'ll|are going to|'re going to|are gonna|'re gonna) "
    r"(?:do (?:it|this|that|great|well)|get (?:through|better|over|past|back)|make it|handle|"
    r"overcome|recover|heal|figure|find (?:a|the|"
    r"someone|something)|be (?:ok|okay|fine|alright|all right|great))\b",
    r"\b(?:you|u)(?:'re| are| r)(?: doing| being)? (?:so |very |really |such |a )*(?:great|"
    r"strong|brave|amazing|awesome|wonderful|good (?:person|friend|mom|dad|parent)|smart|kind|"
    r"caring|resilient|not alone|welcome|a good)\b",
    r"\b(?:you've|you have) (?:done|been doing) (?:so |really |very )?(?:well|great|a great job|"
    r"everything)\b",
    r"\b(?:it(?:'s| is)|that(?:'s| is)) (?:completely |totally |perfectly |very |so |quite )?"
    r"(?:normal|natural|understandable|okay|ok|fine|alright|common|human) (?:to|that|for)\b",
    r"\b(?:that(?:'s| is)|it(?:'s| is)) (?:completely |totally |perfectly |very |so |absolutely |"
    r"really |just )?(?:understandable|great|awesome|wonderful|amazing|fantastic|good to hear|"
    r"so good|cool|fun|brilliant|lovely|exciting|impressive)\b",
    r"\b(?:nice|great|good|lovely|a pleasure|wonderful) (?:talking|chatting|speaking|to talk|to "
    r"chat) (?:to|with) you\b|\brooting for you\b|\b(?:doing|did|done) (?:the|your) best\b",
    r"\b(?:good luck|best of luck|all the best|i wish you|wishing you|stay (?:safe|strong|"
    r"positive)|"
    r"take care(?! of)|have a (?:good|great|nice|wonderful|lovely|blessed|safe|happy)|"
    r"(?:happy|merry) (?:holidays|christmas|new year|thanksgiving|birthday|easter|diwali|eid)|"
    r"enjoy (?:the rest of )?your "
    r"(?:day|evening|night|weekend|holidays?|christmas)|(?:you|u) should (?:really |definitely )?"
    r"be (?:so |very |really )?proud|glad (?:i|to|"
    r"that i) (?:could )?help|"
    r"my pleasure|you(?:'re| are) (?:very |so |most )?welcome|happy to help|no problem)\b",
    r"^\W*(?:(?:and|but|so|well|also)[, ]+)?(?:i (?:really |truly )?hope|i(?:'m| am) "
    r"(?:really |just |truly )?hoping|hopefully)\b",
    r"\b(?:things|it|everything) (?:will|would|is going to|are going to|'ll) "
    r"(?:get better|be (?:ok|okay|fine|alright|all right|better)|work out|turn around|pass)\b",
    r"\b(?:don't|do not) (?:be (?:so |too )?hard on yourself|blame yourself|give up)\b",
    r"\b(?:proud of (?:you|yourself)|good for you|well done|great job|nice job|i (?:believe|have "
    r"faith) in you)\b",
    r"\b(?:i(?:'m| am) )?(?:so |very |really |truly )?sorry (?:to hear|for (?:your|what)|that|"
    r"about|"
    r"you)\b",
    r"\bi(?:'m| am) (?:still |always |right )?here (?:for you|if you|to (?:listen|help|support|"
    r"talk))\b",
    r"\b(?:no need to thank|i hope (?:i|this|that|our|talking) (?:was|could|has|have|helped|"
    r"help)|glad (?:i|that i) (?:could|was able to|can)|happy (?:i|that i) could)\b",
    # Thanks and appreciation for the client's part in the talk: "I really appreciate you
    # telling me", "thanks for coming in", "I look forward to seeing you".
    r"\bi (?:really |truly |do |just |also |so )?(?:appreciate|respect) (?:you|u|it|that|this|"
    r"your|the fact|how)\b",
    r"\b(?:thanks|thank you)(?: (?:so|very) much)?(?: again)? for (?:coming|talking|sharing|being|"
    r"telling|listening|meeting|stopping|your|opening|reaching|trusting|taking|chatting|speaking)\b",
    r"\bi(?:'m| am)? (?:really |so )?look(?:ing)? forward to (?:seeing|talking|hearing|meeting|"
    r"working|our|next)\b",
    r"\bi(?:'m| am) (?:so |really |very |just )?glad (?:you|u|we|that you|that we|to hear)\b",
)
REFLECTION_COMPLEX = _rx(
    r"\b(?:it )?(?:sounds|seems|looks)(?: to me)? (?:like|as if|as though)\b",
    r"\byou(?:'re| are)? (?:feel|feeling|worried|concerned|wondering|thinking|not sure|torn|"
    r"frustrated|scared|afraid|angry|tired|ready)\b",
    r"\b(?:on (?:the )?one hand|part of you|at the same time|and yet)\b",
    r"\byou (?:really )?(?:want|care|value|wish|hope|don't want)\b",
    r"\bit(?:'s| is) (?:been )?(?:hard|difficult|important to you|frustrating)\b",
    r"\bfor you\b.*\b(?:is|means)\b",
    r"\b(?:you|u) (?:must|might|may) (?:be|have been) (?:feeling|so |very |really )?\w+\b",
    r"\b(?:you|u) (?:seem|sound|look)(?:s)? (?:to be |like |really |very |so |quite )?\w+",
    r"\b(?:that|this|it) (?:must|would|could|might) (?:be|have been|feel) (?:so |very |really |"
    r"quite |incredibly |extremely )?\w+",
    r"\bi can (?:imagine|see|hear|tell|understand) (?:how|that|why|what|you|it|this)\b",
    r"\bi (?:understand|get) (?:how|why|that) (?:you|u|it|this|that|feeling)\b",
    r"\bi understand (?:your|you(?:'re| are)|feeling|the)\b",
)
CHECK_TAG = _rx(
    r"\b(?:is|was) (?:that|this) (?:a )?(?:fair|accurate|correct|right|good) "
    r"(?:understanding|summary|description|way (?:to put it|of putting it))\W*$",
    r"\b(?:is|was) (?:that|this|it) (?:what|how) (?:you(?:'re| are)? ?)(?:feel|feeling|felt|"
    r"mean|meant|saying|said)\b[^.!?]*\W*$",
    r"[,.!]?\s*(?:is that|was that|am i) (?:right|correct|accurate|fair|true|it)\W*$",
    r"[,.!]?\s*(?:does|did) (?:that|this|it) (?:sound|seem|feel) (?:right|correct|accurate|fair|"
    r"about right)(?: to you)?\W*$",
    r"[,.!]?\s*(?:did|have) i (?:get|got|understand|understood) (?:that|this|it|"
    r"you)(?: right)?\W*$",
)
REFLECTION_SIMPLE = _rx(
    rf"^\W*{_FILLER}(?:so )?you(?:'re|'ve|'d| are| have| were| had| just| kind of| said)?\b",
    r"^\W*(?:so|and) (?:it's|that's|the|this|your)\b",
    r"\bwhat i(?:'m| am) hearing\b",
    # the helper saying what they have understood: "from what I can tell, ...", "I take
    # it you two were close", "so what I'm understanding is..."
    r"\bwhat i(?:'m| am) (?:understanding|getting from (?:this|that|what you))\b",
    r"\bfrom what i (?:can tell|understand|gather|can see)\b",
    r"\bi take it\b|\bi hear you say(?:ing)?\b",
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
    r"\b(?:if|when|whether) you (?:choose|pick|decide|get to choose|would like to choose)\b",
    r"\byou(?:'d| would)? (?:like to |want to )?(?:choose|pick|decide) (?:where|what|which|how|"
    r"when|"
    r"whether|if)\b",
    r"\b(?:more or less|less or more|harder or softer|firmer or lighter|lighter or firmer|"
    r"deeper or lighter|faster or slower|slower or faster)\b",
    r"\b(?:let me know|tell me|just say|say so)\b[^.?!]{0,30}\b(?:if|whether|when) (?:you|it|"
    r"anything|something) (?:(?:is|gets|feels|starts to feel) (?:too|uncomfortable|painful|sore)|"
    r"(?:want|need|would like) (?:me to )?(?:stop|change|more|less|a break|to stop|to change))\b",
)
# Asking what the client wants to talk about is a question about the agenda, not a
# choice handed over, when it is the whole of the offer.
AGENDA_QUESTION = _rx(
    r"^(?:what|where|which \w+|how) would you like (?:to|me to|us to)\b",
    r"^what would you like\b",
    r"^where (?:would|do) you (?:like|want) to (?:start|begin)\b",
    r"^how would you like\b",
)
DIRECTIVE = _rx(
    r"\byou (?:need to|have to|must|should|'ve got to|have got to|gotta)\b",
    rf"^\W*{_FILLER}(?:stop|quit|don't|do not|take|go|lie|sit|turn|put|keep|make sure|try|"
    r"call|come|breathe|relax|roll|move|cut)\b(?!\s+(?:you|we)\b)",
    r"\bi(?:'m| am) going to (?:need|ask) you to\b",
    r"\bi want you to\b",
)
# Self-disclosure: the speaker's own life, not their view of the client's. Past
# experience ("I went through a divorce", "when I was your age", "I used to..."), "me
# too" ("I have been there", "same here", "I feel the same"), personal facts ("I'm a
# nurse", "my daughter", "I live in Ohio", "I worked in a library") and feelings about
# their own life ("I get anxious before exams too"). Saying what one thinks, believes,
# understands, hopes or is sorry about is not a disclosure ("I think", "I understand",
# "I'm sure", "I can imagine"), and neither is the helper's role in the room ("I'm here
# to listen", "I was wondering").
_LIFE = (
    r"(?:wife|husband|partner|spouse|kids?|children|son|daughter|mother|father|mum|mom|mama|"
    r"dad|papa|parents?|brother|sister|siblings?|family|divorce|boyfriend|girlfriend|ex|"
    r"childhood|grand(?:mother|father|ma|pa|parents?|kids?|children|son|daughter)|aunt|uncle|"
    r"cousin|nephew|niece|in-laws?|(?:mother|father|sister|brother|son|daughter)[- ]in[- ]law|"
    r"fianc[ée]e?|dog|cat|pets?|boss|teenagers?|toddler|baby|pregnancy|marriage|wedding|"
    r"own (?:experience|life|family|kids|children|mother|father|parents|story|struggles?)|"
    r"oldest|youngest|eldest|late (?:husband|wife|mother|father|mom|dad)|"
    r"(?:last|old|previous|first|current) (?:job|boss|relationship|partner|house|school|company)|"
    r"job(?! (?:is|was|here|as|too|to)\b)|roommates?|neighbou?rs?|hometown|diagnosis|surgery|"
    r"depression|anxiety|therapist|counsell?or|grief|school days|college days|twenties|thirties)"
)
# Verbs after "I" that say what the speaker thinks, feels for the other, says, or does
# in the helper's role ("I think", "I hear you", "I put it on your file", "I look
# forward to"): not the speaker's own life. Any other verb after "I" tells something the
# speaker does or did ("I drink chamomile tea", "I write for a living").
_ADVERB = (
    r"(?:also|really|just|still|usually|often|always|sometimes|actually|personally|even|never|"
    r"recently|finally|once|too|myself|mainly|mostly|honestly|only|probably|kind of|sort of|um|uh|"
    r"er)"
)
_NOT_OWN_LIFE = (
    r"(?:think|thought|understand|understood|know|knew|hope|hoped|wish|believe|guess|suppose|"
    r"imagine|see|saw|sense|hear|heard|agree|feel|felt|mean|meant|want|wanted|would|will|can|"
    r"could|should|may|might|must|am|was|were|is|are|be|been|have|had|do|did|don't|didn't|can't|"
    r"cannot|won't|wouldn't|couldn't|dont|cant|didnt|wont|get|got|gotcha|totally|completely|"
    r"definitely|sure|absolutely|fully|certainly|truly|highly|strongly|sincerely|appreciate|"
    r"apologi[sz]e|recommend|suggest|advise|encourage|wonder|wondered|notice|noticed|ask|asked|"
    r"said|say|told|tell|mention|mentioned|promise|bet|need|needed|like|liked|love|loved|care|"
    r"respect|admire|commend|applaud|congratulate|sympathi[sz]e|empathi[sz]e|relate|try|tried|"
    r"hate|doubt|assume|expect|realize|realise|find|found|read|gather|wanna|gotta|pray|reckon|"
    r"trust|worry|worried|admit|remember|recall|listen|value|support|welcome|enjoyed|thank|"
    r"assure|take|glad|all|look|put|give|gave|wrote|prescribe|prescribed|offer|offered|show|"
    r"showed|check|checked|picked|make sure|talk|talked|"
    r"work (?:here|with|in (?:the|this|our)|at (?:the|this|our))|let|leave|send|sent|"
    r"print|printed|go over|invite|figure|figured|raised|bring|brought|just met)"
)
_SELF_DISCLOSURE_PARTS = (
    # "me too" and shared experience
    r"(?:^|[.,!?;:]\s*)(?:me too|same here|me as well|same with me|same for me|"
    r"same goes for me|so do i|so did i|so am i)\b",
    r"\b(?:i do too|i did too|i am too|i'm the same|i was the same|i can relate|i relate)\b",
    r"\b(?:i've|i have|we've all|we have all|i had|i've also|i have also) (?:been there|"
    r"been through "
    r"(?:that|this|it|something|the same|similar|a lot|a|an|my)|gone through (?:that|this|it|"
    r"something|the same|similar|a|an|my))\b",
    r"\b(?:same|similar) (?:thing |situation |experience |issue |problem )?(?:happened )?"
    r"(?:to|with) me\b",
    r"\b(?:i|i've|i have|i had) (?:had|have had|experienced|faced|dealt with|gone through|been "
    r"through|felt|been in|lived through|struggled with|suffered) (?:the same|similar|a similar|"
    r"something similar|that (?:too|as well|before|myself)|this (?:too|before|myself)|it (?:too|"
    r"before|myself))\b",
    r"\bi (?:often |sometimes |also |do |always )?(?:feel|felt) (?:the same|exactly the same|that "
    r"way (?:too|as well|sometimes|myself)|like that too)\b",
    r"\b(?:what|it|that|this) (?:really |always |usually )?helps me\b",
    r"\bi(?:'ve| have)? (?:have|had) (?:a |some |a few |many |several |one |two |three |"
    r"a couple of |a lot of |lots of )?(?:family|"
    r"friends?|"
    r"relatives|cousins?|co-?workers|colleagues|neighbou?rs|roommates?)(?: members)? (?:who|that|"
    r"with|in|going|dealing)\b",
    r"\bi (?:personally |often |sometimes |also |too |always )find\b|\bi find (?:it |that |"
    r"myself )?"
    r"(?:very |really |so )?(?:annoying|hard|difficult|helpful|relaxing|frustrating|calming|"
    r"stressful)\b",
    r"\bi (?:sometimes|often|always|also|tend to) (?:get|feel|struggle|worry|forget|have to "
    r"remind)\b|\bi do (?:like|love|enjoy)\b",
    r"\bi(?:'m| am| was) in (?:construction|retail|sales|nursing|healthcare|education|tech|finance|"
    r"the (?:army|military|navy)|school|college|high school|university|an office|my (?:20s|30s|"
    r"40s|twenties|thirties|forties))\b",
    r"\bi (?:know|knew) (?:that feeling|how it feels|how that feels|what it(?:'s| is| was) like)\b"
    r"(?!\s*(?:(?:for|to) (?:you|u)\b|to (?:be (?:you|in your)|hear|listen)))",
    r"\bi,?(?:'ve| have)? (?:also|too|myself|personally),? (?:have |had |was |been |felt |feel |"
    r"get |"
    r"find |made |do |am |"
    r"got |went |used |lost |struggled |experienced |dealt |tried |found |worked |lived |"
    r"struggle |suffer |suffered |like |love |enjoy |play |live |grew )",
    r"\b(?:i(?:'ve| have)? (?:had|felt|been|gone through|struggled with|lost|experienced|"
    r"struggle with|get|got|feel|love|loved|like|liked|enjoy|enjoyed|hate|hated|miss|missed|"
    r"went|was|did|do|play|played|used to)|i'm|i am)\b(?:(?!\b(?:you|u|sure|think|noticed|heard|"
    r"hear|see|appreciate|understand|understood|want|wanted)\b)[^.!?]){0,50}\b(?:too|as well)\b"
    r"(?=\s*(?:[.!,;)]|$|(?:but|and|so|because|though)\b))",
    # the negative "me too": "I haven't been out in weeks either"
    r"\bi(?:'ve| have| had|'m| am| was)? (?:not|never|haven't|hadn't|don't|didn't|can't|couldn't|"
    r"cannot|wasn't)\b(?:(?!\b(?:you|u|know|think|understand|see|mind|blame|want|sure)\b)[^.!?]){0,50}"
    r"\beither\b(?=\s*(?:[.!,;)]|$|(?:but|and|so|because|though)\b))",
    # past experience, told in the first person
    r"\bwhen i (?:was (?!first talking|talking|asking|listening)|were|had|went|lost|got|first "
    r"(?:started|moved|had|got|became|lost)|started|lived|worked|moved|did|used|left|quit|broke|"
    r"came)\b",
    r"\bi used to (?!(?:think|say|tell|ask|work with (?:clients|patients)))\b",
    r"\b(?:i|i've|i have) (?:(?:once|also|actually|recently|personally|even|just|too|often|always|"
    r"never|really) ){0,2}(?:lost|went through|took (?:some |a )?(?:time|break|year)|started (?:to|"
    r"going|doing|reading|taking|seeing|working)|grew up|moved|quit|left|struggled|suffered|"
    r"survived|ended up|"
    r"broke up|divorced|got (?:divorced|married|laid off|fired|sick|covid|pregnant)|"
    r"graduated|failed|dealt with|lived through|battled|recovered|"
    r"worked (?:in|at|as|for|two|three|nights|shifts)|lived (?:in|with|alone|abroad|through)|"
    r"spent (?:years|months|a year|time|most of my)|"
    r"been (?:through|divorced|married|single|unemployed|laid off|depressed|anxious|in "
    r"(?:therapy|a similar|the same|your|a bad|an abusive|love))|"
    r"had (?:a (?:similar|hard|tough|rough|bad|difficult|friend|boss|partner|teacher|job|"
    r"breakup|panic|miscarriage)|my (?:heart|first)|to (?:deal|leave|move|quit|learn|go through)|"
    r"the same|similar|anxiety|depression|covid|cancer|surgery|kids)|was (?:a (?:kid|teenager|"
    r"student|single|young)|in (?:high school|college|school|my|a (?:similar|relationship|bad))|"
    r"(?:so |very |really )?(?:depressed|anxious|lonely|scared|stressed|homeless|unemployed|"
    r"bullied|"
    r"married|divorced|laid off|fired|diagnosed|pregnant|young|younger|broke)|born))\b",
    r"\bi (?:remember|recall) (?:when i|being|my|how i|feeling|going through)\b",
    r"\bin (?:my|our) (?:experience|case|life|family|youth|twenties|thirties|marriage|own)\b",
    r"\b(?:for me personally|speaking for myself|from (?:my|personal) experience|helped me|"
    r"worked for me|what helped me|(?:seems?|seemed) to help me|i find myself|i found myself|"
    r"myself included|my experience "
    r"(?:was|is|has been))\b",
    r"\bi(?:'ve| have)? (?:often |always |personally |also |recently )?found (?:that|it|myself|"
    r"a few|some|what|the best|ways?|things)\b(?![^.!?]{0,50}\b(?:clients|patients|"
    r"people i work)\b)",
    r"\bi(?:'ve| have been|'ve been| was| am|'m) (?:also |once |myself )?in (?:this|that|the same|"
    r"a "
    r"similar|your|those|these|a (?:\w+ )?|an |\w+ )(?:position|situation|boat|shoes?|place|spot|"
    r"relationships?|marriage)\b",
    r"\bi(?:'ve| have)? (?:\w+ ){0,2}(?:felt|struggled|lost|had|been|gone|dealt|suffered|"
    r"experienced)\b[^.!?]{0,60}\b(?:myself|before|in the past|at times|once|years ago|last year|"
    r"when i was)\b",
    r"\bi had to (?!(?:ask|say|tell|check|mention|explain|make sure|let you)\b)\w+",
    r"\bi(?:'m| am| was) (?:\d+|sixty|fifty|forty|thirty|twenty|seventy|eighty|nineteen|"
    r"eighteen|seventeen|sixteen|fifteen)\b(?! (?:minutes|percent|%|times))",
    r"\bi tried (?!(?:to (?:explain|ask|say|tell|help|understand|get you|reach you|call you)|"
    r"you)\b)"
    r"(?:to|a|an|some|it|this|that|\w+ing)\b",
    r"\bfor me (?:too|as well)\b|\b(?:was|were|is|has been) (?:\w+ ){0,2}(?:tough|hard|difficult|"
    r"rough|scary|helpful|a struggle) for me\b|\bi myself\b|\b(?:friends?|family|"
    r"relatives) of mine\b",
    r"\bi(?:'ve| have) been (?:seeing|going to|taking|doing|living|dealing|struggling|using|"
    r"feeling|having|suffering)\b(?! (?:you|clients|patients|this work|people))",
    r"\bwhen i(?:'m| am| get| feel) (?:so |really |very )?(?:stressed|anxious|depressed|down|sad|"
    r"worr\w+|"
    r"upset|overwhelmed|nervous|lonely|angry|bored|tired|low)\b",
    r"\bi(?:'m| am) (?:also |too )?(?:a|an) (?!(?:little|bit|lot|good listener|listener|helper|"
    r"firm|"
    r"big|strong|great|huge|counsell?or|therapist|pharmacist|nurse|doctor|case|dentist|"
    r"practitioner|coach)\b)\w+(?! (?:here|at the|with (?:the|your)|in the clinic|on the team|who)"
    r"\b)",
    r"\bi (?:(?:also|just|recently|once|finally|actually|abruptly|eventually|quickly|then) )?"
    r"(?!(?:wanted|noticed|asked|mentioned|talked|wondered|hoped|guessed|suggested|recommended|"
    r"printed|looked|checked|called|received|reviewed|shared|explained|worked with|listed|"
    r"appreciated|emailed|noted|added|used (?:the|your|this)|liked (?:what|that|how|the way)|"
    r"loved (?:what|that|how|hearing)|needed to (?:ask|tell|check)|pulled|followed|assumed|"
    r"expected|missed|spoked|invited|meant|started (?:by|with|the|this)|remembered|raised|gathered|"
    r"needed|picked|covered|summarized|summarised|jotted|asked|realized|realised|showed|"
    r"prepared|booked|arranged|scheduled|referred|contacted|spotted|observed|measured|tested|"
    r"weighed|described|discussed|outlined|mentioned|offered|provided|handed|passed|reached)\b)"
    r"[a-z]{3,}ed\b(?! (?:you|your|that you|to (?:ask|see|check|talk|share|hear)))",
    r"\bi,? (?:also|too),? (?!(?:think|want|wanted|appreciate|noticed|notice|hear|heard|know|"
    r"understand|see|wonder|agree|believe|hope|would|need|wanna|like to (?:ask|know|hear)|"
    r"mentioned|said|just|can|could|will|am (?:glad|happy|sorry|here|concerned|worried)|"
    r"recommend|suggest|encourage)\b)(?:only|go|work|have|had|was|am|live|use|take|struggle|feel|"
    r"get|love|like|enjoy|lost|went|grew|tried|found|do|did|cannot|can't|couldn't|never|struggled|"
    r"suffer|suffered|hate|worry|worried|felt|became|lived|moved|had to)\b",
    r"\b(?:would|it|that|this|they) (?:make|makes|made) me (?:so |really |very )?(?:angry|sad|mad|"
    r"upset|anxious|nervous|crazy|happy|frustrated|furious|scared)\b|\bmy (?:fair )?share of\b",
    r"\bi (?:use|take|am on|'m on|took|used) (?:prozac|zoloft|lexapro|medication|meds|"
    r"antidepressants|anti depressants|therapy|an inhaler)\b",
    r"(?:^|[.!?]\s+)as an? (?:\w+ )?(?:mom|mum|mother|dad|father|parent|student|teenager|woman|man|"
    r"wife|husband|single parent|introvert|immigrant|veteran|caregiver|carer)(?:,? (?:myself|too|"
    r"as well))?,? (?:i|i'm|i've|my)\b",
    r"\b(?:sometimes|often|personally|honestly|usually),? i (?:find|get|feel|struggle|worry)\b",
    r"\b(?:what (?:really |usually |always )?(?:works|worked) for me|(?:it|this|that|they|\w+ing) "
    r"(?:really |always |usually |also )?worked for me|(?:doesn't|didn't|does not|did not|never|"
    r"won't) (?:really |always |ever )?work(?:ed)? for me)\b",
    r"\bi (?:know|remember|recall) (?:that )?i (?:was|had|used to|felt|went|struggled|got|did)\b",
    r"\bi (?:can |could )?(?:personally )?(?:attest|vouch|speak from experience)\b",
    # "me too" said of the same trouble: "I have the same problem", "I'm dealing with the
    # same thing", "that happened to me as well", "that was me two years ago"
    r"\bi (?:have|had|get|got) (?:the (?:same|exact same)|a similar) (?:problem|issue|thing|worry|"
    r"fear|struggle|feeling|situation|habit|trouble)\b",
    r"\bi(?:'m| am|'ve been| have been) (?:also |currently |still )?(?:dealing with|going through|"
    r"struggling with|living with|facing) (?:the same|something similar|similar|that too|this too|"
    r"a similar)\b",
    r"\b(?:that|this|it) (?:also |even )?happened to me\b|\bthat (?:was|used to be) me\b|"
    r"\bhow i felt (?:when|after|too|back|at|with|last|before|during)\b",
    r"\bi(?:'m| am) (?:still |slowly |finally )?(?:recovering|healing) from\b",
    r"\bi(?:'ve| have)? (?:\w+ )?(?:learned|learnt|figured out|realized|realised|discovered) "
    r"(?:in (?:my )?life|the hard way|over the years|from (?:my own |personal )?experience|"
    r"(?:that|how to)\b(?! you\b))",
    r"\bi (?:(?:always|often|sometimes|usually|also|just|try to|have to|had to|make sure to|"
    r"then) )?"
    r"(?:force|remind|push|treat|allow|give|keep|distract|reward|motivate|pamper|forgive|love|"
    r"taught|teach) myself\b",
    r"\bi (?:schedule|plan|organi[sz]e|start|begin|end|spend) my (?:day|days|mornings?|evenings?|"
    r"weekends?|nights?|free time|spare time)\b",
    # anything else the speaker does or did, in the first person
    rf"(?:^|[.!?,;:]\s*|\b(?:and|but|so|because|though|then|now|also|yeah|yes|well|honestly|"
    rf"personally)\s+)i (?:{_ADVERB}\s+)?(?!{_ADVERB}\b|{_NOT_OWN_LIFE}\b)[a-z]+\b(?!')",
    # personal facts
    r"\bi (?:work|do (?:\w+ )?work) (?:in|at|as|for|from home|online|nights|night shifts|"
    r"part[- ]time|full[- ]time|two jobs|remotely)\b(?! (?:you|your|here|(?:the|this|our) "
    r"(?:clinic|practice|office|service|centre|center|pharmacy|hospital|unit)|with clients)\b)",
    rf"\bmy {_LIFE}s?\b",
    r"\bmy (?:friends?|best friend|buddy|pal)\b(?!\s*[!.,?]*\s*$)(?!\s*[!,])",
    r"\bmy \w+ (?:year|years|month|months)[- ]old\b",
    r"\bi(?:'m| am) (?:also |too )?(?:a|an) (?:\w+ )?(?:student|mom|mum|dad|mother|father|parent|"
    r"teacher|nurse|veteran|widow|widower|introvert|extrovert|single (?:mom|mum|dad|parent)|"
    r"grandmother|grandfather|grandparent|immigrant|smoker|former smoker|recovering|survivor|"
    r"only child|twin|caregiver|carer|freelancer|retiree)\b(?![\w ]{0,20}\b(?:here|at the|"
    r"with (?:the|your)|in the clinic|on the team))",
    r"\bi(?:'m| am) (?:almost |nearly |over |about |only |just )?\d+(?: years old)?\b"
    r"(?! (?:minutes|percent|%))",
    r"\bi(?:'m| am) (?:also |too |currently |now |still )?(?:married|divorced|single|retired|"
    r"unemployed|pregnant|engaged|widowed|a parent|in the same boat|going through (?:a|the same|"
    r"something|similar)|from (?:[a-z]\w+|the (?:south|north|east|west|uk|us)))\b",
    r"\bi (?:live|lived|grew up|was born|was raised) (?:in|on|near|with|alone|by|abroad)\b"
    r"(?! (?:with you|here to))",
    r"\bi (?:have|got|own|had) (?:a|an|two|three|four|five|\d+) (?:\w+ )?(?:kids?|children|sons?|"
    r"daughters?|dogs?|cats?|pets?|brothers?|sisters?|siblings|grandkids|grandchildren|husband|"
    r"wife|partner|boyfriend|girlfriend|teenagers?|toddlers?|baby|babies|twins|family|puppy)\b",
    r"\bi (?:have|had|got|suffer from|struggle with|live with) (?:kids|children|anxiety|depression|"
    r"adhd|ocd|ptsd|asthma|diabetes|cancer|insomnia|panic attacks|social anxiety|migraines)\b",
    # feelings about one's own life
    r"\bi (?:get|got|feel|felt|become|became|was) (?:so |very |really |quite |a bit |"
    r"a little |pretty |often |always |sometimes |also )*(?:anxious|nervous|stressed|depressed|"
    r"worried|"
    r"lonely|scared|afraid|sad|angry|frustrated|overwhelmed|exhausted|bored|"
    r"paranoid|upset|isolated|stuck|lost|burnt out|burned out|homesick|jealous|insecure|"
    r"annoyed|irritated|short tempered|unmotivated)\b(?! (?:for you|to hear|that you|about you|"
    r"about your|about the|about this|about that|when you|if you))",
    r"\bi (?:love|like|enjoy|hate|miss|adore) (?:to (?:go|read|cook|run|walk|swim|paint|draw|"
    r"write|listen|knit|bake|garden|hike|meditate|play|watch|travel|dance|sing|work out)|"
    r"music|reading|books?|movies?|video games|sports?|going (?:out|for|to)|playing|watching|"
    r"listening|walking|running|cooking|baking|exercising|anime|yoga|jogging|hiking|"
    r"traveling|travelling|dancing|singing|swimming|gardening|drawing|painting|writing|my)\b",
    r"\bi (?:usually|often|always|sometimes|normally|also) (?:go (?:for|to|out)|run|walk|read|"
    r"watch|listen to|cook|play|exercise|meditate|drink|smoke|eat|sleep|wake up|work out|"
    r"spend time)\b",
    r"\bi (?:tend|try) to (?:go|get out|keep busy|stay|eat|sleep|exercise|work out|walk|run|read|"
    r"meditate|avoid|remind myself|focus on (?:the|my)|distract myself|think positive)\b",
)
SELF_DISCLOSURE = _rx(*_SELF_DISCLOSURE_PARTS)

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


# Words of praise in a statement no other cue reads: the helper approving, not
# reflecting ("It is good that you love your mum so much", "a group is an excellent
# idea"). Praise denied is not praise ("not a good week", "nothing good came of it").
_DENIED = (
    r"(?<!\bnot )(?<!\bno )(?<!n.t )(?<!\bisnt )(?<!\bwasnt )(?<!\bnothing )(?<!\bnever )"
    r"(?<!\bhardly )(?<!\bnot a )(?<!\bnot so )(?<!\bnot too )(?<!\bnot that )(?<!\bnot very )"
)
PRAISE = _rx(
    rf"\b{_DENIED}(?:good|great|awesome|proud|glad|happy|"
    r"wonderful|amazing|excellent|brave|admire|fantastic|nice)\b"
)


# A cue with no words of its own quotes the sentence's start or end, cut between words.
_QUOTE = 40


def _opening(sentence: str) -> str:
    text = sentence.strip()
    if len(text) <= _QUOTE:
        return text
    cut = text.rfind(" ", 0, _QUOTE + 1)
    return text[: cut if cut > 0 else _QUOTE].rstrip(" ,;:")


def _ending(sentence: str) -> str:
    text = sentence.strip()
    if len(text) <= _QUOTE:
        return text
    cut = text.find(" ", len(text) - _QUOTE - 1)
    return text[cut + 1 if cut >= 0 else len(text) - _QUOTE :]


def _hit(pattern: _Rx, text: str, rule: str) -> Cue | None:
    m = pattern.search(text)
    return (
        Cue(rule=rule, matched=_words_of(text, m).lstrip(" ,.;:!?\u2014-").strip()) if m else None
    )


def _question(sentence: str) -> tuple[Literal["open", "closed"], Cue] | None:
    asked = sentence.rstrip().endswith("?")
    cue = _hit(OPEN_QUESTION, sentence, "open question")
    if cue and (asked or cue.matched.lower().startswith(("tell", "i"))):
        return "open", cue
    cue = _hit(CLOSED_QUESTION, sentence, "closed question")
    if cue:
        return "closed", cue
    if asked:
        if OPEN_QUESTION.search(sentence):
            return "open", Cue("open question", _ending(sentence))
        return "closed", Cue("question mark", _ending(sentence))
    if not sentence.rstrip().endswith((".", "!")) and len(sentence.split()) <= UNMARKED_MAX_WORDS:
        # Chat often drops the question mark ("how long have you been there").
        cue = _hit(UNMARKED_OPEN, sentence, "open question")
        if cue:
            return "open", cue
        cue = _hit(UNMARKED_CLOSED, sentence, "closed question")
        if cue:
            return "closed", cue
    return None


def _advice(text: str) -> Cue | None:
    reported = _REPORTED.match(text)
    return _hit(ADVICE, text[reported.end() :] if reported else text, "advice")


def _input(text: str) -> tuple[str, Cue] | None:
    cue = _hit(OPTIONS, text, "options")
    if cue:
        return "options", cue
    cue = _advice(text)
    if cue:
        return "advice", cue
    for subtype, pattern in (("information", INFORMATION), ("negotiation", NEGOTIATION)):
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


def _choice_offer(sentence: str) -> Cue | None:
    """A choice handed over as the point of the turn, not an agenda question.

    "What would you like to talk about?" asks (a question); "It's up to you", "Would it
    help if you choose where we start?" and "Let me know if you want more or less
    pressure" hand the client a choice (input, options).
    """
    cue = _hit(CHOICE, sentence, "offers a choice")
    if cue is None or AGENDA_QUESTION.search(cue.matched):
        return None
    return cue


def code_practitioner(text: str) -> Code:
    """Code one practitioner utterance from its own words."""
    sentences = [s for s in _SENTENCE.split(text.strip()) if s.strip()]
    last = sentences[-1] if sentences else text
    asked = last.rstrip().endswith("?")
    words = len(text.split())
    ack = ACKNOWLEDGEMENT.match(text)
    if ack:
        return Code(
            "practitioner", "other", None, 1.0, (Cue("acknowledgement", ack.group(0).strip()),)
        )
    choice = _choice_offer(last)
    if choice:
        return Code("practitioner", "input", "options", 1.0, (choice,))
    if asked:
        suggestion = _hit(ADVICE_QUESTION, last, "advice as a question")
        proposes = suggestion is not None and _PROPOSAL.match(suggestion.matched)
        if suggestion and (proposes or not OPEN_QUESTION.search(last)):
            return Code("practitioner", "input", "advice", 1.0, (suggestion,))
    affirm = _hit(AFFIRMATION, last, "affirmation")
    if affirm and not asked:
        return Code("practitioner", "other", None, 1.0, (affirm,))
    inp = _input(last)
    if inp and not asked:
        return Code("practitioner", "input", inp[0], 1.0, (inp[1],))
    social = SOCIAL.match(text)
    if social and words <= SOCIAL_MAX_WORDS and not asked:
        return Code(
            "practitioner", "other", None, 1.0, (Cue("social", _words_of(text, social).strip()),)
        )
    check = CHECK_TAG.search(text) if asked else None
    if check:
        # "It sounds like you're lonely. Is that right?": a reflection that checks itself.
        before = text[: check.start()]
        r = _reflection(before) if before.strip() else None
        if r:
            return Code(
                "practitioner",
                "reflection",
                r[0],
                1.0,
                (r[1], Cue("checks", _words_of(text, check))),
            )
    q = _question(last)
    if q and q[1].rule == "question mark":
        # A statement said with a rising voice ("So you're tired of it?") hands the
        # client's words back more often than it asks something new.
        r = _reflection(last)
        if r:
            return Code("practitioner", "reflection", r[0], 1.0, (r[1],))
    if q:
        return Code("practitioner", "question", q[0], 1.0, (q[1],))
    r = _reflection(last)
    if r and r[0] == "complex":
        return Code("practitioner", "reflection", r[0], 1.0, (r[1],))
    for sentence in sentences[:-1]:
        advice = _advice(sentence)
        if advice:
            return Code("practitioner", "input", "advice", 1.0, (advice,))
    affirm = _hit(AFFIRMATION, text, "affirmation")
    if affirm:
        return Code("practitioner", "other", None, 1.0, (affirm,))
    if r:
        return Code("practitioner", "reflection", r[0], 1.0, (r[1],))
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
    affirm = _hit(AFFIRMATION, text, "affirmation")
    if affirm:
        return Code("practitioner", "other", None, 1.0, (affirm,))
    exclaimed = next((x for x in sentences if "!" in x), None) if words >= 2 else None
    if exclaimed:
        # An uncued exclamation cheers, thanks or agrees; it neither informs nor hands
        # the client's words back.
        return Code("practitioner", "other", None, 0.5, (Cue("exclamation", _opening(exclaimed)),))
    you = len(_YOU.findall(text))
    me = len(_I_WE.findall(text))
    if words >= 4 and me > you:
        # An uncued statement about the speaker's own view is more often input.
        return Code(
            "practitioner",
            "input",
            "information",
            0.5,
            (Cue("first-person statement", _opening(last)),),
        )
    praise = _hit(PRAISE, text, "praise") if words >= 2 else None
    if praise:
        # "That is good that you can keep working", "a group is an excellent idea".
        return Code("practitioner", "other", None, 0.5, (praise,))
    if words >= 2:
        # Otherwise an uncued statement most often hands the client's words back.
        return Code(
            "practitioner",
            "reflection",
            "simple" if words < 12 else "complex",
            0.5,
            (Cue("uncued statement", _opening(last)),),
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
