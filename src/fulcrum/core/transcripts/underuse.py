"""Cues of the practitioner's role held back when the session called for it.

Under-use is not following. Listening, reflecting, letting the client do most of the
talking and guiding without commanding are the skilful use of the role, so none of
them counts here on its own. What counts is an *episode*: something in the session
asked the practitioner to use the role — a request that crosses a practice policy,
the client setting the frame, inappropriate words or behaviour, friendship talk, a
long chatty stretch, a session with no frame at all — and the practitioner's words
show it held back. Every episode keeps the turns behind it and the words that
triggered it, so the report can show why.

How much the practitioner talks enters only inside an episode: a chatty stretch
weighs more when the practitioner said almost nothing through it.

Pure: texts and roles in, episodes out. The word lists are Fulcrum's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.transcripts.coding.base import Role

__all__ = [
    "UNDERUSE_CUES",
    "UnderuseCue",
    "UnderuseEpisode",
    "find_underuse",
]


@dataclass(frozen=True, slots=True)
class UnderuseCue:
    """A kind of under-use episode: its id, how much one episode weighs in the index,
    and the check-in sign it corresponds to (``None`` when the form has none)."""

    id: str
    weight: float
    checkin_sign: str | None


@dataclass(frozen=True, slots=True)
class UnderuseEpisode:
    """One episode: the cue, the positions of the turns behind it (0-based, in session
    order), the words that triggered it, and its strength (1 for a plain episode)."""

    cue: str
    positions: tuple[int, ...]
    matched: tuple[str, ...]
    strength: float = 1.0


UNDERUSE_CUES: tuple[UnderuseCue, ...] = (
    UnderuseCue("policy_accepted", 1.0, "policy_not_enforced"),
    UnderuseCue("frame_yielded", 0.75, None),
    UnderuseCue("behaviour_unaddressed", 1.5, "behaviour_not_addressed"),
    UnderuseCue("friendship_talk", 1.0, "friendship_drift"),
    UnderuseCue("not_redirected", 1.0, "session_not_redirected"),
    UnderuseCue("no_structure", 0.5, None),
)

# How many practitioner turns after a request, a steer or a remark may answer it.
REPLY_WINDOW = 2
# A chatty stretch needs this many client words and off-topic cues: this many distinct
# ones with at least one turn of conversation ("by the way", "did I tell you"), or this
# many distinct small-talk topics on their own.
CHATTY_MIN_WORDS = 100
CHATTY_MIN_CUES = 2
SMALL_TALK_MIN_TOPICS = 4
# A short practitioner turn that does not redirect keeps a chatty stretch going
# ("Oh, which hotel?", "Pressure okay?").
STRETCH_MAX_REPLY_WORDS = 12
# Hands-on work, where a chatty client keeps the body from settling: a long stretch
# needs only one off-topic cue. The session is hands-on when the practitioner's words
# name this many of the bodywork terms below.
BODYWORK_MIN_TERMS = 2
BODYWORK_CHATTY_MIN_WORDS = 150
# An episode keeps at most this many of the words that triggered it.
MATCHED_MAX = 6
# ... and weighs double when the practitioner's share of its words is below this.
SILENT_SHARE = 0.1
# Apologies that are not sympathy, this many or more in one session (counted as said,
# so "Sorry, sorry" is two), are one episode.
APOLOGY_MIN = 3
# A session needs this many practitioner turns before a missing frame counts; each
# missing end (the start, the close) adds half an episode.
STRUCTURE_MIN_TURNS = 12
STRUCTURE_EDGE = 3
# A personal answer to a personal question counts from this many words.
PERSONAL_ANSWER_MIN_WORDS = 18


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


_SENTENCE = re.compile(r"(?<=[.?!])\s+")

# --- requests that cross a practice policy, and policy lapses ---------------------------

_ASKING = _rx(
    r"\b(?:can|could|would|will|may|might) (?:we|i|you)\b",
    r"\bdo you (?:want|fancy|mind|ever|do)\b",
    r"\b(?:how|what) about\b",
    r"\blet's\b",
    r"\bwe should\b",
    r"\bi was (?:wondering|hoping|thinking)\b",
    r"\bis (?:it|that|there any way) (?:ok|okay|alright|all right|possible|fine|a problem)\b",
    r"\bwould it be\b",
    r"\bi'd (?:like|love|prefer)\b",
    r"\bmind if\b",
    r"\bany chance\b",
    r"\bwhy don't we\b",
    r"\bare you (?:free|around|up for)\b",
    r"\bi(?:'ll| will) (?:add|follow|text|call|message|friend|email|dm) you\b",
    r"\?",
)
_POLICY_TOPIC = _rx(
    # time
    r"\b(?:go|run|stay|keep going|carry on) (?:a (?:bit|little|few minutes) |a little bit )?"
    r"(?:longer|later|past (?:the|our) time)\b"
    r"(?! (?:on|with|in|at|over) (?:my|the|this|that|your))",
    # "go over" is time only when nothing is being gone over ("go over what we did")
    r"\b(?:go|run)(?: a (?:bit|little|few minutes)| a little bit)? over\b(?! (?:what|the|it|this|"
    r"that|my|your|some|things|everything|how|where|why|those|these|them|his|her|a few "
    r"(?:things|points|ideas)))",
    r"\bover (?:our|the|my) (?:time|hour)\b",
    r"\b(?:a few|five|ten|fifteen|twenty|\d+) (?:more|extra) minutes\b",
    r"\bextra (?:time|minutes|half hour|half an hour)\b",
    r"\b(?:another|an extra) (?:half )?(?:an )?hour\b",
    r"\b(?:fit|squeeze) me in\b",
    r"\b(?:full|whole|extra) hour for\b",
    # money
    r"\bdiscount\b",
    r"\bcheaper\b",
    r"\b(?:lower|reduce|drop|cut) (?:the|your) (?:fee|rate|price)\b",
    r"\bknock (?:a bit|something|some|a little) off\b",
    r"\bmates'? rates\b",
    r"\bfor free\b",
    r"\bfree (?:session|one|of charge)\b",
    r"\bpay (?:you )?(?:later|next (?:time|week|month)|another time|when i can|at the end)\b",
    r"\b(?:can't|cannot|couldn't) pay (?:you|for (?:this|today|the session)|today)\b",
    r"\b(?:on|put it on) (?:credit|a tab|my tab)\b",
    r"\b(?:skip|waive|drop|forget|let (?:me )?off|without) (?:me )?(?:the )?"
    r"(?:cancellation |late |missed[- ]session |no[- ]show )?(?:fee|charge)\b",
    r"\b(?:not|don't|wouldn't|won't) (?:charge|bill) me\b",
    # contact outside sessions
    r"\b(?:your|a) (?:personal |private |mobile |cell |home |own )?(?:phone )?number\b",
    r"\b(?:text|call|ring|message|whatsapp|email) you (?:at home|in the evenings?|at night|"
    r"on (?:the )?weekends?|any ?time|whenever|after hours|between sessions|outside)\b",
    r"\b(?:add|follow|friend) (?:you|me) on\b",
    r"\bkeep in touch\b",
    r"\b(?:email|text|message|call|ring) you (?:now and then|sometimes|afterwards|after (?:this|we "
    r"finish|the sessions|we end))\b",
    r"\b(?:facebook|instagram|whatsapp|snapchat|tiktok)\b",
    # meeting socially, or in a setting the practice does not offer
    r"\b(?:grab|get|have|go for|meet for|go out for) (?:a |some )?(?:coffee|drinks?|beers?|pint|"
    r"lunch|dinner|a bite|a meal)\b",
    r"\bcome (?:to|round to|over to|along to) (?:my|our)\b",
    r"\bhang out\b",
    r"\bmeet up\b",
    r"\b(?:outside|after) (?:of )?(?:the |our |these )?(?:sessions?|work|here|hours)\b",
    r"\bas friends\b",
    r"\b(?:come|visit) (?:to )?my (?:house|home|place|flat|apartment)\b",
    r"\bhome visit\b",
)
# A lapse the client reports; the practitioner then holds the policy or lets it slide.
_LAPSE = _rx(
    r"\b(?:cancel(?:l?ed|l?ing)?|missed|skipped|didn't (?:come|turn up|show)|no[- ]show)\b"
    r"[^.?!]*\b(?:last (?:minute|week|time|session)|again|this morning|an hour|yesterday|"
    r"at the last)\b",
    r"\b(?:forgot|left|haven't got|don't have) (?:my |the )?(?:wallet|purse|card|cash)\b",
    r"\b(?:can't|cannot|couldn't) (?:afford|pay) (?:you|for (?:this|today|the session|"
    r"these sessions|last)|this (?:week|month|time)|today)\b",
    r"\b(?:late|behind) (?:again|with (?:the )?(?:payment|paying|fees?|invoices?))\b",
    r"\b(?:still )?owe you\b",
)
# A bare "okay" or "sure" accepts only in a short reply; a longer turn that opens with
# one is usually a reflection or a question.
_WEAK_ACCEPT = _rx(
    r"^\W*(?:oh,? |well,? |um,? |ah,? |ha,? |haha,? |aw,? |aww,? )?(?:sure|of course|"
    r"absolutely|definitely|yes|yeah|yep|okay|ok|fine|alright|all right|go on then)\b",
)
WEAK_ACCEPT_MAX_WORDS = 10
_ACCEPT = _rx(
    r"^\W*(?:oh,? |well,? |um,? |ah,? |ha,? |aw,? )?(?:no problem|no worries|why not)\b",
    r"\bgo ahead\b",
    r"\b(?:we|i) (?:can|could) (?:do that|do it|go over|run over|make (?:that|it|an exception)|"
    r"fit you in|squeeze you in|manage that|sort that|arrange that|stay (?:a bit|later|longer)|"
    r"keep going|meet|grab|get (?:a|one)|leave it|skip it|waive|give you)\b",
    r"\bmake an exception\b",
    r"\b(?:that's|that is|it's|that'd be|that would be) (?:absolutely |totally |perfectly |"
    r"completely |really |quite |more than )?(?:fine|okay|ok|no problem|alright|all right|"
    r"no bother|no trouble)\b",
    r"\bno need to (?:explain|apologi[sz]e|worry|pay|rush)\b",
    r"\bnot a problem\b",
    r"\bi don't mind\b",
    r"\b(?:of )?course you can\b",
    r"\byou can (?:text|call|ring|message|email|pay|leave|go|bring|keep)\b",
    r"\bfeel free\b",
    r"\bdon't worry(?: about (?:it|that|the \w+))?\b",
    r"\bno (?:worries|problem|bother)\b",
    r"\bhappy to\b",
    r"\bjust this (?:once|time)\b",
    r"\bi(?:'d| would) (?:love|like) (?:to|that)\b",
    r"\b(?:that|it) (?:would|'d|will) be (?:lovely|nice|great|fun)\b",
    r"\bsounds (?:lovely|great|fun|good|nice)\b",
    r"\bforget (?:about )?(?:it|the fee|that)\b",
    r"\bi won't charge\b",
    r"\bwe(?:'ll| will) (?:sort|work) (?:it|something) out\b",
    r"\bhere's my\b",
    r"\bi (?:suppose|guess) (?:so|we could|that's|i could|it's)\b",
    r"\bwhatever (?:you (?:want|like|need|prefer|say)|suits you|works for you)\b",
    r"\bpay (?:me )?(?:whenever|when you can|next time)\b",
    r"\bthat works\b",
    r"\bwhy don't we\b",
)
_HOLD = _rx(
    r"\bpolic(?:y|ies)\b",
    r"\bi (?:can't|cannot|am not able|'m not able|'m unable|am unable)\b",
    r"\bi won't\b(?! (?:charge|bill|mind|tell))",
    r"\b(?:not something|nothing) (?:i|we) (?:do|can|offer)\b",
    r"\bi (?:don't|do not) (?:meet|see clients|socialise|socialize|give out|share|do (?:that|this|"
    r"discounts|home)|text|offer|take|answer|reply|usually)\b",
    r"\bi keep (?:my|our|sessions|contact|work|things|to)\b",
    r"\b(?:the|our|my) (?:fee|cancellation fee|charge|agreement|contract|time|hours?) "
    r"(?:still )?(?:applies|stands|is the same)\b",
    r"\bi(?:'d| would) rather (?:not|keep|we)\b",
    r"\bi (?:need|have) to (?:keep|hold|stick|charge|stop|finish|end|say no)\b",
    r"\b(?:what|as) we agreed\b",
    r"\bwe agreed\b",
    r"\bboundar(?:y|ies)\b",
    r"\b(?:i'm|i am) going to (?:say no|have to|hold|keep|charge|stop|stick)\b",
    r"^\W*no\b(?![- ](?:problem|worries|bother))",
    r"\bthe full fee\b",
    r"\bi(?:'ll| will) (?:need|have) to (?:charge|keep|stop|end|say)\b",
    r"\bstick (?:to|with)\b",
    r"\bprofessional\b",
    r"\bwe(?:'ll| will) (?:need|have) to (?:stop|finish|end|leave it)\b",
    r"\b(?:bring|save|keep|leave) (?:it|that|this) (?:for|to|until|till) (?:next|our)\b",
    r"\b(?:our|the) (?:time|session) is (?:up|over|finished)\b",
    r"\b(?:only|just) (?:in|during) (?:our |the )?sessions\b",
    r"\bnot (?:able|going) to (?:do|offer|make|meet|give)\b",
    r"\bwe(?:'ll| will) (?:still )?(?:finish|end|stop) (?:at|on|as)\b",
    r"\b(?:i'm|i am) your (?:coach|therapist|counsell?or|practitioner|physio|massage therapist|"
    r"bodyworker|osteopath)\b",
    r"\b(?:rather than|not|instead of) (?:a|your) friend\b",
    r"\b(?:end|finish|stop) on time\b",
    r"\boutside (?:of )?what (?:i|we) (?:offer|do)\b",
    r"\bi'm afraid (?:not|i can't|that's not|i don't|i won't)\b",
    r"\bunfortunately\b",
)
# Waiving a policy unasked.
_WAIVE = _rx(
    r"\b(?:i )?(?:won't|will not|am not going to|'m not going to|don't need to|not going to|"
    r"shan't) (?:charge|bill)\b",
    r"\bno charge\b",
    r"\bon the house\b",
    r"\b(?:skip|forget|waive|drop|let go of|not worry about|never mind) (?:about )?the "
    r"(?:cancellation |late |missed[- ]session |no[- ]show )?(?:fee|charge|payment)\b",
    r"\bdon't worry about (?:the )?(?:fee|paying|payment|the money|money|cancell\w*|"
    r"being late|last week|missing)\b",
    r"\bpay (?:me )?(?:whenever|when(?:ever)? you can|next time|another time)\b",
    r"\b(?:text|call|ring|message|email) me (?:any ?time|whenever|at home|on my (?:mobile|cell)|"
    r"in the evenings?|at night|on (?:the )?weekends?|now and then)\b",
    r"\b(?:here's|this is|take) my (?:personal |private |mobile |cell |home )?(?:number|mobile)\b",
    r"\b(?:we can|let's|happy to|i don't mind if we) (?:go|run|keep going) (?:a bit |a little )?"
    r"(?:over|longer)\b",
    r"\bfree (?:session|of charge)\b",
)

# --- the client setting the frame, and the role disclaimed ------------------------------

_STEER = _rx(
    r"\b(?:let's|can we|could we|i(?:'d| would) rather|i want to|i'm going to|i'll|we'll|"
    r"i need to|i have to|i've got to|i'll have to|i'm gonna|mind if we|mind if i|is it ok if "
    r"(?:we|i)|is it okay if (?:we|i)|can i|could i) (?:just )?(?:have to |need to |got to )?"
    r"(?:just )?(?:finish|stop|end|leave|"
    r"skip|cut|go|head off|duck out|wrap up)(?: \w+){0,4} (?:early|now|short|sooner)\b",
    r"\b(?:let's|can we|could we|i(?:'d| would) rather|i want to|i'll|we'll) (?:just )?"
    r"(?:skip|cut|leave) (?:the rest|this bit|it|that part|the (?:check-in|forms?|exercise|"
    r"homework))\b",
    r"\b(?:do|have) (?:it|this|the session|today) (?:over|on) the phone\b",
    r"\b(?:my|a) (?:friend|partner|mum|mother|boyfriend|girlfriend|husband|wife) (?:sit|stay|"
    r"come) in\b",
    r"\b(?:answer|take|get) (?:this|the|my) (?:call|phone)\b",
    r"\b(?:keep|leave) my phone on\b",
    r"\bbring (?:my|the|a) dog\b",
    r"\b(?:smoke|vape|eat) in here\b",
    r"\bjust (?:chat|talk) (?:today|instead|this time)\b",
    r"\b(?:skip|forget) (?:the|your) (?:intake|forms?|paperwork|consent)\b",
    r"\b(?:come|turn up) (?:whenever|when(?:ever)? i (?:like|want|can))\b",
)
_DISCLAIM = _rx(
    r"\bi (?:don't|do not) want to (?:impose|push|be pushy|be bossy|force|tell you what|"
    r"seem bossy|sound bossy|come across|overstep|pressure|boss)\b",
    r"\byou(?:'re| are) the boss\b(?! of)",
    r"\b(?:who am i|it's not my place|not my place) to\b",
    r"\byou (?:always )?know (?:best|what's best)\b",
    r"\bi (?:don't|do not) want (?:to have )?(?:any )?power\b",
    r"\bwhatever you say\b",
    r"\bi(?:'ll| will) (?:just )?(?:go along with|do) whatever\b",
    r"\bif you (?:say|think) so\b",
    r"\bi(?:'m| am) (?:so |really )?sorry,? (?:i (?:shouldn't|didn't mean)|to (?:ask|bother|push|"
    r"interrupt)|for (?:asking|bringing|interrupting|pushing))\b",
)
# Handing the client authority over their own life is autonomy support, not the role
# given away.
_OWN_LIFE = _rx(
    r"\byour (?:own )?(?:life|health|body|decision|decisions|choice|choices|call|future|"
    r"drinking|smoking|eating|recovery|goals?|treatment|change)\b",
)
_APOLOGY = _rx(r"\b(?:sorry|i apologi[sz]e|apologies|my bad)\b")
_SYMPATHY = _rx(
    r"\bsorry (?:to hear|that (?:happened|you|this|it|he|she|they)|you|for your loss|"
    r"about (?:your|that|the|this|what)|it's been|things are|for what)\b",
    r"\b(?:so|really|very|terribly) sorry (?:that|for you|about)\b",
    r"\b(?:i'm|i am) (?:so|really|very|truly|terribly) sorry\b(?!,? (?:i|to|for))",
    r"\bsorry,? (?:that|this|it) (?:sounds|must|is|was|has)\b",
)

# --- inappropriate words or behaviour from the client -----------------------------------

_INAPPROPRIATE = _rx(
    # sexual remarks and requests toward the practitioner
    r"\byou(?:'re| are| look)(?: so| really| very| such a| looking)? (?:hot|sexy|gorgeous|"
    r"stunning|cute|babe|a babe|a hottie)\b",
    r"\b(?:nice|great|sexy|cracking|fit) (?:legs|body|ass|arse|boobs|tits|chest|figure|bum|lips)\b",
    r"\b(?:kiss|date|marry|touch) me\b(?! (?:on the|if|when|where)\b)",
    r"\bgo out with me\b",
    r"\bhappy ending\b",
    r"\b(?:touch|rub|massage|work on|go near|kiss) (?:me )?(?:between my legs|down there|"
    r"my (?:groin|crotch|penis|dick|cock|nipples|breasts|chest))\b",
    r"\b(?:don't need|no need for|take off|get rid of|lose|without) (?:the|this|that) "
    r"(?:drape|sheet|towel)\b",
    r"\bturn(?:s|ed|ing)? me on\b",
    r"\bwhat are you wearing\b",
    r"\b(?:sexy|kinky|naughty) (?:you|one|lady|girl|boy|thing|hands)\b",
    r"\b(?:babe|baby|sweetheart|darling|gorgeous|sexy),? (?:come|you|lie|sit|get)\b",
    r"\byour (?:tits|boobs|arse|ass|breasts)\b",
    r"\byou should smile\b",
    r"\byou(?:'d| would) (?:look |be )(?:proper |really |so |even )?(?:pretty|hot|gorgeous|"
    r"sexy|stunning)\b",
    r"\b(?:see you|bye|cheers|night),? (?:gorgeous|sexy|babe|beautiful|sweetheart)\b",
    r"\b(?:you got|have you got|got yourself|do you have) a (?:fella|bloke|man|boyfriend|"
    r"girlfriend|missus)\b",
    r"\bare you single\b",
    r"\bsit on my (?:lap|knee)\b",
    r"\b(?:lock|shut) the door\b[^.?!]*\b(?:just us|nobody|no one)\b",
    r"\bbloody foreigners\b",
    r"\b(?:women|girls) should (?:just )?(?:shut|stay|know)\b",
    r"\[(?:shouts?|shouting|yells?|yelling|swears?|swearing|slams?|throws?|kicks?|storms?|"
    r"punches|bangs)\b",
    r"\bi(?:'ve| have) been drinking\b",
    # insults, slurs and abuse
    r"\byou(?:'re| are)(?: a| an| such a| so| fucking| bloody| just| completely| totally)* "
    r"(?:idiot|moron|stupid|useless|pathetic|incompetent|joke|bitch|cow|prick|dick|twat|loser|"
    r"worthless|a fraud|fraud|clueless)\b",
    r"\bfuck (?:you|off)\b",
    r"(?:^|[.!?]\s+)\W*(?:oh,? |just |you )?shut (?:the fuck |the hell )?up\b",
    r"\b(?:stupid|dumb|silly|fucking|useless) (?:bitch|cow|cunt)\b",
    r"\b(?:you|you're a|you are a|stupid|dumb|silly|fucking|little) (?:bitch|slut|whore|"
    r"retard|cunt)\b",
    r"\b(?:slut|whore|retard(?:ed)?)\b",
    r"\b(?:those|these|all|bloody|fucking|filthy) (?:immigrants|foreigners|gays|queers|"
    r"muslims|jews|blacks|gypsies|arabs|poles)\b",
    # threats of harm (a complaint, a review or a lawsuit is the client's right: it is read
    # as the client's power in the room, client_power.py, not as behaviour to be named)
    r"\bi(?:'ll| will|'m going to|'m gonna| am going to| could) (?:hurt|hit|punch|smack|kill|"
    r"ruin|destroy|wreck) you\b",
    r"\b(?:know|find out|found out|looked up) where you live\b",
    r"\byou(?:'ll| will) (?:regret|be sorry)\b",
    # behaviour
    r"\bi(?:'m| am) (?:a bit |a little |kind of |pretty |so |really |totally )?(?:drunk|high|"
    r"stoned|wasted|hammered)\b(?![- ](?:strung|functioning|risk|alert|up|on (?:life|adrenaline)))",
    r"\b(?:had|had a few|had some|had a couple of) (?:drinks|beers|pints|wine|joints?|lines) "
    r"(?:before|on the way|just now|in the car)\b",
    r"\b(?:recording|filming|taping) (?:this|you|us|the session)\b",
    r"\b(?:took|taking|take|snapped) (?:a )?(?:photo|picture|pic)s? of you\b",
    r"\bfollowed you (?:home|to|back|from)\b",
    r"\bwaited (?:for you )?(?:outside your|by your car|at your (?:house|home|car))\b",
    r"\bdr(?:o|i)ve (?:past|by) your (?:house|home|place)\b",
    r"\byour home address\b",
)
_ADDRESS = _rx(
    r"\bnot (?:okay|ok|appropriate|acceptable|alright|all right|on)\b",
    r"\b(?:isn't|aren't|wasn't|is not|are not|was not) (?:okay|ok|acceptable|appropriate|"
    r"alright|all right|on|something i)\b",
    r"\b(?:inappropriate|unacceptable|disrespectful)\b",
    r"\bi(?:'m| am) not (?:comfortable|okay|ok|willing)\b",
    r"\b(?:please )?(?:don't|do not) (?:say|speak|call|touch|talk|use|record|film|photograph|"
    r"come)\b",
    r"\bi need you to\b",
    r"\bi(?:'d| would) like you (?:not|to stop|to put|to turn|to delete)\b",
    r"\b(?:i want to|i'd like to|let's|i'm going to|we need to|i need to) (?:pause|stop)\b",
    r"\b(?:that|those|your) (?:comment|comments|words?|language|remark|kind of (?:talk|comment|"
    r"language))\b",
    r"\bwhat you just (?:said|did)\b",
    r"\bboundar(?:y|ies)\b",
    r"\bcross(?:es|ed|ing)? (?:a|the) line\b",
    r"\b(?:end|stop|finish) (?:the|this|our|today's) session\b",
    r"\bkeep (?:this|it|things|our work) professional\b",
    r"\bi won't (?:continue|carry on|work|be spoken|accept|have)\b",
    r"\bcan't (?:continue|carry on|work with you)\b",
    r"\bi (?:notice|noticed|heard) (?:you|that you) (?:said|called|used)\b",
    r"\bthat's not something (?:i|we)\b",
    r"\b(?:put|turn|switch) (?:the|your|that) (?:phone|camera) (?:away|off)\b",
    r"\b(?:delete|stop) (?:the|that|this) (?:recording|video|photo|picture)\b",
    r"\b(?:reschedule|come back when|another day when)\b",
    r"\bfeel safe\b",
    r"\b(?:here|in (?:this|my) (?:room|practice|work)) (?:we|i) (?:don't|do not|keep)\b",
    r"\bnot (?:here|in here|in this room|in this work)\b",
    r"\bask you (?:not|to stop|to leave|to put)\b",
    r"\brespect(?:ful|fully)?\b",
    r"\bthat's a line\b",
    r"\bwhat just happened\b",
    r"\bthat (?:doesn't|does not|won't|will not) (?:work|happen) (?:for me|here)\b",
)

# --- friendship talk --------------------------------------------------------------------

_PLAN = _rx(
    r"\b(?:you and (?:me|i)|the two of us|join (?:me|us)|come (?:along|with (?:me|us)|to (?:my|"
    r"our))|you should come|you have to come|you must come|you'd love)\b",
    r"\b(?:come|go|hang out|out|along)(?: \w+){0,3} with (?:me|us)\b",
    r"\b(?:we should|let's|shall we|why don't we|we could|we must|we can) (?:(?:really|"
    r"definitely|totally|all) )?(?:grab|get|go for|have|go out|hang out|meet up|meet for|meet "
    r"at|catch up|go to|do) ",
    r"\b(?:want|fancy|like) to (?:grab|get|go for|have) (?:a |some )?(?:coffee|drinks?|beers?|"
    r"pint|lunch|dinner|bite)\b",
    r"\bare you free\b",
)
_SOCIAL_ACTIVITY = _rx(
    r"\b(?:coffee|drinks?|beers?|pint|lunch|dinner|brunch|party|concert|gig|match|movie|film|"
    r"cinema|hike|golf|shopping|barbecue|bbq|festival|pub|bar|hang out|wedding|round of|"
    r"meet up|market|playdate|playmate|retreat|holiday|trip|yoga|spa|gym|class together)\b",
    r"\b(?:one|this|next|on a|some) (?:saturday|sunday|weekend|evening|night|day)\b",
)
_YOU = _rx(r"\byou\b|\byour\b|\bwe\b|\blet's\b|\bus\b")
_YOU_KNOW = _rx(r"\byou know\b|\byou see\b|\byou mean\b")
# Plans the speaker makes with someone else ("my husband and I, we should go out more").
_THIRD_PARTY = _rx(
    r"\b(?:my (?:husband|wife|partner|boyfriend|girlfriend|kids|children|son|daughter|family|"
    r"friends?|mum|mom|mother|dad|father|sister|brother|parents|colleagues?|boss)|he|she|they) "
    r"and (?:i|me)\b",
    r"\b(?:me|i) and my\b",
    r"\b(?:we|us) (?:two|both|all)\b(?! of us)",
)
_FRIEND_NAMED = _rx(
    r"\byou(?:'re| are) (?:like |more like |basically |practically |really |kind of |almost )?"
    r"(?:a|my|an old) (?:best |good |real )?(?:friend|mate|buddy|pal)\b",
    r"\bwe(?:'re| are) (?:like |basically |practically |really |kind of |almost |becoming |"
    r"real )?(?:friends|mates|pals|buddies)\b",
    r"\b(?:we|us|you and (?:me|i)) (?:could |can |should |might |would )?(?:be|as|like) "
    r"(?:friends|mates)\b",
    r"\b(?:friends|mates) with you\b",
    r"\bmore (?:like )?(?:a )?friend(?:s)? than\b",
    r"\byou(?:'re| are) (?:honestly |really |literally |basically |like |now |already )*"
    r"(?:one of )?my (?:closest |best |dearest |good |real |new )?(?:friends?|mates?|bestie)\b",
)
_PERSONAL_QUESTION = _rx(
    r"\b(?:how|what) (?:was|were|is|are|about|'s) your (?:weekend|holiday|holidays|vacation|"
    r"trip|date|kids|children|son|daughter|husband|wife|partner|boyfriend|girlfriend|family|dog|"
    r"cat|mum|mother|dad|father|birthday|christmas|evening|wedding|love life|day off)\b",
    r"\bdid you (?:have a (?:good|nice|great|lovely) (?:weekend|holiday|time|christmas|"
    r"birthday|break)|go (?:anywhere|away|out))\b",
    r"\bwhat did you (?:do|get up to)\b",
    r"\b(?:tell me about|how's|how is) your (?:weekend|holiday|family|kids|husband|wife|"
    r"partner|dog|love life|date|life)\b",
    r"\b(?:do|have) you (?:got |have )?(?:kids|children|a (?:family|partner|husband|wife|"
    r"boyfriend|girlfriend|dog))\b",
    r"\bare you (?:married|seeing anyone)\b",
    r"\b(?:was|is) that your (?:son|daughter|kid|kids|husband|wife|partner|boyfriend|"
    r"girlfriend|dog|mum|mom|dad|family)\b",
    r"\bsaw you (?:at|in|with|on)\b",
    r"\bwhat about you\b",
    r"\band you\?",
)
_PERSONAL_ANSWER = _rx(
    r"\b(?:i|we) (?:went|had|took|got|did|saw|spent|stayed|finally|just|love|were|was)\b",
    r"\bmy (?:husband|wife|partner|boyfriend|girlfriend|kids|children|son|daughter|family|dog|"
    r"cat|mum|mom|mother|dad|father|sister|brother|weekend|holiday|friends?|own|life)\b",
)
_BACK_TO_CLIENT = _rx(
    r"\b(?:but|anyway|enough about me)\b[^.?!]*\b(?:you|your|back|today|focus)\b",
    r"\b(?:this is|it's) your (?:time|session|hour)\b",
    r"\bback to you\b",
    r"\blet's (?:get back|come back|focus on you|turn to you|talk about you)\b",
)

# --- chatty, off-topic stretches --------------------------------------------------------

_OFF_TOPIC = _rx(
    r"\bdid i (?:tell|show) you\b",
    r"\bguess what\b",
    r"\boh,? and another thing\b",
    r"\bspeaking of\b",
    r"\bby the way\b",
    r"\bthat reminds me\b",
    r"\byou(?:'ll| will|'d) never (?:guess|believe)\b",
    r"\bwhere was i\b",
    r"\boh,? before i forget\b",
    r"\bi have to tell you\b",
    r"\bhave you (?:seen|heard|watched|been to|tried|read)\b",
    r"\bsuch a (?:laugh|hoot|scream)\b",
    r"\boh,? (?:and|also),? (?:did|have|you know what|guess)\b",
    r"\byou know what (?:else|happened)\b",
    r"\bgetting back to the (?:story|point)\b",
    r"\bthe other day\b",
    r"\bcan you believe\b",
    r"\b(?:anyway|anyhow),? (?:so|did|the other day|where|what was i)\b",
)
# Topics that are small talk in most sessions; alone they need to pile up.
_SMALL_TALK = _rx(
    r"\b(?:telly|tv|television|netflix|box set|series|episode|season finale|football|the match|"
    r"the game last|cricket|rugby|celebrit\w*|the royals|gossip|the news|traffic|parking|the "
    r"weather|recipe|bake off|the sales|black friday|cruise|my hairdresser|reality show|"
    r"love island|strictly|x factor|eastenders|coronation street|kardashians|soap|podcast|"
    r"the lottery|new phone|new car|the neighbou?rs'|next door's|the shops|my holiday|"
    r"the holiday|our holiday|the beach|the hotel|the flight|the airport|the wedding|"
    r"the dress|the cake|the concert|the film|the movie|the restaurant|the menu|"
    r"the queue|the price of|bargain|sale on|the garden centre|the builders|premier league|"
    r"the final|the score|the goal|box office|the charts|the album|the band|tickets|the "
    r"barbecue|the bbq|the sun came|sunburn|the pool|the villa|the resort|the ferry|"
    r"the crossword|the quiz|the puzzle|the dog show|the vet|my horoscope|the gossip|"
    r"golf|a round of|the pub|the club|the gig)\b",
)
_BODYWORK = _rx(
    r"\b(?:massage|the table|sheet|drape|draping|face (?:down|up)|face cradle|oil|towel|"
    r"knead\w*|bolster|turn over|lie (?:down|face|on your))\b",
)
_BACKCHANNEL = _rx(
    r"^\W*(?:(?:mm+|mhm+|mm-hmm|uh-huh|hm+|yeah|yes|yep|right|oh|ah|wow|really|ha(?:ha)*|"
    r"no way|i see|okay|ok|sure|totally|true|gosh|goodness|wonderful|lovely|brilliant|nice|"
    r"amazing|oh dear|oh no|is that right|did (?:she|he|they|you)|that's (?:funny|great|nice|"
    r"lovely|mad|crazy|hilarious|amazing|awful|terrible|a shame)|fancy that|how funny|"
    r"good for you|never|no|go on|and then)\b[\W]*)+$",
)
_BACKCHANNEL_MAX_WORDS = 6
_REDIRECT = _rx(
    r"\b(?:let's|let us|can we|could we|shall we|i'd like (?:us )?to|i want (?:us )?to|i'm going "
    r"to|may i|can i|let me|i'll|we should|i wonder if we (?:could|can))(?: \w+){0,3} "
    r"(?:back|return)\b",
    r"\bback to (?:what|the|why|your|you|where|our|today|this|how)\b",
    r"\b(?:i notice|i'm noticing|i'm aware|i've noticed|i'm mindful|i'm conscious)\b",
    r"\b(?:let's|can we|could we|shall we) (?:focus|return|pause|slow down|stay with|get to|"
    r"look at what|turn to|use the)\b",
    r"\b(?:can|may|could) i (?:interrupt|stop you|pause|jump in|bring|gently)\b",
    r"\b(?:i'm going to|let me|i'll|i need to|i'd like to) (?:interrupt|stop you|pause|jump in|"
    r"bring us|gently)\b",
    r"\blet (?:the (?:talking|chat|chatting|words)|your (?:mind|thoughts|jaw|voice))\b",
    r"\b(?:have|take|try|allow|enjoy) (?:some|a (?:few )?(?:minutes?|moments?|bit) of|a little) "
    r"(?:quiet|silence)\b",
    r"\b(?:go|be|stay|keep) quiet\b",
    r"\bin (?:quiet|silence)\b",
    r"\bwithout (?:talking|chatting)\b",
    r"\b(?:stop|pause the) (?:talking|chatting|chat)\b",
    r"\b(?:quieten|quiet down|settle into|drop into)\b",
    r"\b(?:this part|the work|this work|this stroke|it) (?:works|goes|helps) (?:better|best)\b",
    r"\b(?:where were we|we(?:'ve| have) (?:drifted|wandered|got sidetracked|gone off)|off "
    r"(?:topic|track)|sidetracked|tangent)\b",
    r"\b(?:how|what) does (?:this|that|all (?:of )?this) (?:connect|relate|fit|have to do)\b",
    r"\b(?:what you came|why you came|what brought you) (?:in|here|for|to)\b",
    r"\b(?:we have|there's|we've got) (?:only )?(?:\w+ )?(?:minutes?|time) (?:left|remaining)\b",
    r"\b(?:notice|bring your attention|attention to|focus on|tune into|breathe into) (?:your|the|"
    r"how|what)\b",
    r"\b(?:i'd like|i want|i need) (?:us )?to (?:use|keep|spend) (?:our|the|this) time\b",
    r"\bmake sure we (?:have|leave|get|keep) (?:time|room)\b",
    r"\blet (?:the )?(?:conversation|talk|chatter) (?:go|rest|settle)\b",
    r"\b(?:relax|sink|settle|melt) into (?:the table|the work|this)\b",
)

# --- a session with no frame ------------------------------------------------------------

_FRAME_START = _rx(
    r"\b(?:today|this session|our session|this time|the hour|(?:\d+|thirty|forty|forty-five|"
    r"fifty|sixty|ninety) minutes|an hour|half an hour)\b",
    r"\bwhat (?:would you like|do you want|shall we|brings you|brought you|should we|are you "
    r"hoping|did you want|is on your mind)\b",
    r"\b(?:plan|agenda|focus|goal)s? (?:for|is|today|of)\b",
    r"\b(?:last|previous|first) (?:time|week|session|visit|appointment)\b",
    r"\b(?:start|begin) (?:by|with|face)\b",
    r"\bfirst,? (?:we'll|i'll|let's|i'd like|i want)\b",
    r"\bbefore we (?:begin|start|get started)\b",
    r"\bcheck in\b",
    r"\bwhat we(?:'ll| will| are going to) (?:do|cover|work on)\b",
    r"\b(?:talk|talking|chat|look|work|think) (?:with you |together )?about\b",
    r"\bwanted to (?:talk|spend|bring up|check|ask|see|go over|follow up)\b",
    r"\b(?:a (?:few|couple of) minutes|a little time|some time together)\b",
    r"\bsince (?:we|i) (?:last|saw|spoke|met)\b",
    r"\b(?:prompted|brought) you\b",
    r"\bmy name is\b",
    r"\byou (?:said|mentioned) (?:you wanted|that you wanted|you'd like)\b",
)
_FRAME_END = _rx(
    r"\b(?:next|same time|see you) (?:time|week|session|month|on|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|then|soon)\b",
    r"\b(?:we're|we are|we've|we have) (?:coming|nearly|almost|getting|near|close)\b[^.?!]*"
    r"\b(?:end|time)\b",
    r"\b(?:few|five|ten|couple of|couple) (?:more )?minutes (?:left|to go|remaining)\b",
    r"\b(?:time|need|have|going) to (?:stop|finish|wrap|end|close)\b",
    r"\bbefore we (?:finish|stop|end|close|wrap)\b",
    r"\b(?:homework|between now and|until next|till next|for next)\b",
    r"\b(?:sum (?:up|things up)|wrap (?:up|things up)|summar\w+|to recap)\b",
    r"\b(?:book|schedule) (?:in|the next|another|your next)\b",
    r"\b(?:out of|running out of) time\b",
    r"\bthat's (?:all|it|time) for today\b",
    r"\b(?:for today|that's (?:our )?time|our time (?:is|for))\b",
    r"\b(?:see|meet) you (?:next|on|then|in|at|again|later)\b",
    r"\bnext (?:appointment|visit|time|week|session|month)\b",
    r"\bbefore (?:i|we|you) (?:leave|go|finish)\b",
    r"\banything else\b",
    r"\bcome back\b",
    r"\b(?:in|after) (?:a|one|two|three|\d+) (?:weeks?|months?|days?)\b",
    r"\bfollow[- ]up\b",
    r"\bquestions (?:do you|you) (?:still )?have\b",
)


_GREETING = _rx(
    r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|welcome|come (?:on )?in)\b",
    r"\b(?:nice|good|great|lovely) to (?:meet|see) you\b",
    r"\bthanks for coming\b",
)
_PARTING = _rx(
    r"\b(?:bye|goodbye|take care|see you|thanks (?:so much|very much|a lot)?\W*$|thank you\W*$|"
    r"have a (?:good|great|nice|lovely))\b",
)


def _match(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(0).strip(" ,.;:!?") if m else None


def _words(text: str) -> int:
    return len(text.split())


def _replies(roles: Sequence[Role], after: int) -> list[int]:
    """The next practitioner turns after position ``after``, up to the reply window,
    stopping at the client's next turn that follows a practitioner reply."""
    out: list[int] = []
    for j in range(after + 1, len(roles)):
        if roles[j] == "practitioner":
            out.append(j)
            if len(out) == REPLY_WINDOW:
                break
        elif out:
            break
    return out


def _accepts(text: str) -> str | None:
    found = _match(_ACCEPT, text) or _match(_WAIVE, text)
    if found is None and _words(text) <= WEAK_ACCEPT_MAX_WORDS:
        found = _match(_WEAK_ACCEPT, text)
    return found


def _policy_episodes(texts: Sequence[str], roles: Sequence[Role]) -> list[UnderuseEpisode]:
    episodes: list[UnderuseEpisode] = []
    used: set[int] = set()
    for i, role in enumerate(roles):
        if role != "client":
            continue
        trigger: tuple[str, str] | None = None
        for sentence in _SENTENCE.split(texts[i]):
            topic = _match(_POLICY_TOPIC, sentence)
            if topic and _ASKING.search(sentence):
                trigger = ("policy_accepted", topic)
                break
            lapse = _match(_LAPSE, sentence)
            if lapse:
                trigger = ("policy_accepted", lapse)
                break
            steer = _match(_STEER, sentence)
            if steer:
                trigger = ("frame_yielded", steer)
                break
        if trigger is None:
            continue
        for j in _replies(roles, i):
            if _HOLD.search(texts[j]):
                break
            accepted = _accepts(texts[j])
            if accepted:
                episodes.append(UnderuseEpisode(trigger[0], (i, j), (trigger[1], accepted)))
                used.add(j)
                break
    for j, role in enumerate(roles):
        if role != "practitioner" or j in used:
            continue
        waived = _match(_WAIVE, texts[j])
        if waived and not _HOLD.search(texts[j]):
            episodes.append(UnderuseEpisode("policy_accepted", (j,), (waived,)))
    return episodes


def _disclaim_episodes(texts: Sequence[str], roles: Sequence[Role]) -> list[UnderuseEpisode]:
    episodes: list[UnderuseEpisode] = []
    apologies: list[tuple[int, str]] = []
    for j, role in enumerate(roles):
        if role != "practitioner":
            continue
        disclaimed = _match(_DISCLAIM, texts[j])
        if disclaimed and not _OWN_LIFE.search(texts[j]):
            episodes.append(UnderuseEpisode("frame_yielded", (j,), (disclaimed,)))
            continue
        if not _SYMPATHY.search(texts[j]):
            apologies.extend((j, m.group(0)) for m in _APOLOGY.finditer(texts[j]))
    if len(apologies) >= APOLOGY_MIN:
        episodes.append(
            UnderuseEpisode(
                "frame_yielded",
                tuple(dict.fromkeys(j for j, _ in apologies)),
                tuple(dict.fromkeys(m for _, m in apologies)),
            )
        )
    return episodes


# Someone else's words reported ("my dad always said you're useless") are the client's
# story, not a remark to the practitioner.
_REPORTED = _rx(
    r"\b(?:said|says|say|told me|tells me|tell me|called me|calls me|goes|went|yelled|shouted|"
    r"screamed|texted|wrote|like)\W*$",
    r"[\"\u201c]\s*$",
)
_REPORT_LOOKBACK = 30


def _remark(text: str) -> str | None:
    for m in _INAPPROPRIATE.finditer(text):
        before = text[max(0, m.start() - _REPORT_LOOKBACK) : m.start()]
        if not _REPORTED.search(before):
            return m.group(0).strip(" ,.;:!?")
    return None


def _behaviour_episodes(texts: Sequence[str], roles: Sequence[Role]) -> list[UnderuseEpisode]:
    episodes: list[UnderuseEpisode] = []
    for i, role in enumerate(roles):
        if role != "client":
            continue
        remark = _remark(texts[i])
        if remark is None:
            continue
        replies = _replies(roles, i)
        if any(_ADDRESS.search(texts[j]) for j in replies):
            continue
        episodes.append(UnderuseEpisode("behaviour_unaddressed", (i, *replies), (remark,)))
    return episodes


def _friendship_episodes(texts: Sequence[str], roles: Sequence[Role]) -> list[UnderuseEpisode]:
    episodes: list[UnderuseEpisode] = []
    for i, text in enumerate(texts):
        for sentence in _SENTENCE.split(text):
            named = _match(_FRIEND_NAMED, sentence)
            plan = _match(_PLAN, sentence)
            direct = _YOU.search(_YOU_KNOW.sub(" ", sentence))
            if named or (
                plan
                and direct
                and _SOCIAL_ACTIVITY.search(sentence)
                and not _THIRD_PARTY.search(sentence)
            ):
                replies = _replies(roles, i) if roles[i] == "client" else []
                if any(_HOLD.search(texts[j]) or _ADDRESS.search(texts[j]) for j in replies):
                    break
                episodes.append(
                    UnderuseEpisode("friendship_talk", (i, *replies[:1]), (named or plan or "",))
                )
                break
    for i, role in enumerate(roles):
        if role != "client":
            continue
        asked = _match(_PERSONAL_QUESTION, texts[i])
        if asked is None:
            continue
        replies = _replies(roles, i)[:1]
        if not replies:
            continue
        answer = texts[replies[0]]
        told = _match(_PERSONAL_ANSWER, answer)
        if (
            told
            and _words(answer) >= PERSONAL_ANSWER_MIN_WORDS
            and not _BACK_TO_CLIENT.search(answer)
        ):
            episodes.append(UnderuseEpisode("friendship_talk", (i, replies[0]), (asked, told)))
    return episodes


def _minimal(text: str) -> bool:
    return _words(text) <= _BACKCHANNEL_MAX_WORDS and bool(_BACKCHANNEL.match(text))


def _keeps_going(text: str) -> bool:
    return _minimal(text) or (
        _words(text) <= STRETCH_MAX_REPLY_WORDS and not _REDIRECT.search(text)
    )


def _chatty_episodes(texts: Sequence[str], roles: Sequence[Role]) -> list[UnderuseEpisode]:
    """Stretches where the client chats off-topic and the practitioner only murmurs.

    A stretch runs over client turns and minimal practitioner replies; any other
    practitioner turn ends it. It is an episode when its client words and distinct
    off-topic cues reach the thresholds and neither the turn that ends it nor any turn
    inside it redirects.
    """
    episodes: list[UnderuseEpisode] = []
    start = 0
    n = len(texts)
    terms = {
        m.group(0).lower()
        for t, r in zip(texts, roles, strict=True)
        if r == "practitioner"
        for m in _BODYWORK.finditer(t)
    }
    hands_on = len(terms) >= BODYWORK_MIN_TERMS
    while start < n:
        if roles[start] != "client":
            start += 1
            continue
        end = start
        while end + 1 < n and (roles[end + 1] == "client" or _keeps_going(texts[end + 1])):
            end += 1
        while roles[end] != "client":
            end -= 1
        span = range(start, end + 1)
        client_words = sum(_words(texts[k]) for k in span if roles[k] == "client")
        prac_words = sum(_words(texts[k]) for k in span if roles[k] == "practitioner")
        turns: dict[str, None] = {}
        topics: dict[str, None] = {}
        for k in span:
            if roles[k] == "client":
                for pattern, found in ((_OFF_TOPIC, turns), (_SMALL_TALK, topics)):
                    for m in pattern.finditer(texts[k]):
                        found.setdefault(m.group(0).lower().strip(" ,.;:!?"), None)
        cues = {**turns, **topics}
        chatty = (
            (turns and len(topics) >= CHATTY_MIN_CUES)
            or len(turns) > CHATTY_MIN_CUES
            or len(topics) >= SMALL_TALK_MIN_TOPICS
        )
        closing = end + 1 if end + 1 < n else None
        redirected = closing is not None and bool(_REDIRECT.search(texts[closing]))
        if hands_on and cues and client_words >= BODYWORK_CHATTY_MIN_WORDS:
            chatty = True
        if client_words >= CHATTY_MIN_WORDS and chatty and not redirected:
            share = prac_words / (prac_words + client_words)
            episodes.append(
                UnderuseEpisode(
                    "not_redirected",
                    tuple(span),
                    tuple(cues)[:MATCHED_MAX],
                    2.0 if share < SILENT_SHARE and client_words >= 2 * CHATTY_MIN_WORDS else 1.0,
                )
            )
        start = end + 1
    return episodes


def _structure_episodes(texts: Sequence[str], roles: Sequence[Role]) -> list[UnderuseEpisode]:
    """Half an episode for each end of the session that shows no frame.

    An end is judged only when the transcript visibly contains it — a greeting in its
    first turns, a goodbye or thanks in its last — because a transcript cut from a longer
    session cannot show what was said before or after it.
    """
    prac = [j for j, r in enumerate(roles) if r == "practitioner"]
    if len(prac) < STRUCTURE_MIN_TURNS:
        return []
    edge = max(STRUCTURE_EDGE, len(prac) // 10)
    first, last = prac[:edge], prac[-edge:]
    opening = range(min(len(texts), first[-1] + 1))
    closing = range(last[0], len(texts))
    missing: list[int] = []
    matched: list[str] = []
    strength = 0.0
    greeted = next((m for k in opening if (m := _match(_GREETING, texts[k]))), None)
    if greeted and not any(_FRAME_START.search(texts[j]) for j in first):
        missing.extend(first)
        matched.append(greeted)
        strength += 0.5
    parted = next((m for k in closing if (m := _match(_PARTING, texts[k]))), None)
    if parted and not any(_FRAME_END.search(texts[j]) for j in last):
        missing.extend(last)
        matched.append(parted)
        strength += 0.5
    if not missing:
        return []
    return [UnderuseEpisode("no_structure", tuple(missing), tuple(matched), strength)]


def find_underuse(texts: Sequence[str], roles: Sequence[Role]) -> tuple[UnderuseEpisode, ...]:
    """Find the under-use episodes in a session, in cue order then session order."""
    if len(texts) != len(roles):
        raise ValueError("find_underuse needs one role per text.")
    clean = [_norm(t) for t in texts]
    found = [
        *_policy_episodes(clean, roles),
        *_disclaim_episodes(clean, roles),
        *_behaviour_episodes(clean, roles),
        *_friendship_episodes(clean, roles),
        *_chatty_episodes(clean, roles),
        *_structure_episodes(clean, roles),
    ]
    order = {c.id: k for k, c in enumerate(UNDERUSE_CUES)}
    return tuple(sorted(found, key=lambda e: (order[e.cue], e.positions)))
