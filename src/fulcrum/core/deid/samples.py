"""Invented texts to develop and measure the de-identifier on, in Fulcrum's own words.

``vignettes(seed, n)`` writes short practice vignettes about power from templates with
invented people, places, organisations and numbers, and returns each with the spans of
its direct identifiers. ``alias_texts(seed, n)`` seeds a workspace's aliases and codes
into sentences in every form a hurried note takes them (any case, possessive,
hyphenated, quoted, run together, one part alone). ``LOOKALIKES`` are sentences in which
words that look like names are ordinary words. Nothing here comes from a real person.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from fulcrum.core.deid.known import is_ordinary_word
from fulcrum.core.deid.lexicon import load_lexicon

__all__ = ["LOOKALIKES", "AliasText", "Gold", "Sample", "alias_texts", "vignettes"]

FIRST = [
    "Tamsin",
    "Dariusz",
    "Keziah",
    "Oluwaseun",
    "Marguerite",
    "Bryn",
    "Saoirse",
    "Ifeoma",
    "Thorsten",
    "Priya",
    "Anouk",
    "Cormac",
    "Lowri",
    "Jonah",
    "Beatriz",
    "Yusuf",
    "Elspeth",
    "Mateo",
    "Rhiannon",
    "Kwame",
    "Ingrid",
    "Faisal",
    "Niamh",
    "Tobias",
    "Zainab",
    "Eamon",
    "Sunniva",
    "Leopold",
    "Ottilie",
    "Ravi",
    "Morwenna",
    "Caspian",
    "Dagny",
    "Ezinne",
    "Halvard",
    "Imogen",
]
LAST = [
    "Orrell",
    "Kowalczyk",
    "Abernethy",
    "Okonkwo",
    "Delacroix",
    "Penhallow",
    "Strand",
    "Mbeki",
    "Farrow",
    "Quinlan",
    "Hargreaves",
    "Vasquez",
    "Lindqvist",
    "Achterberg",
    "Pennington",
    "Oduya",
    "Castellanos",
    "Wetherby",
    "Brannigan",
    "Sato",
    "Treloar",
    "Vanterpool",
    "Ashdown",
    "Mirembe",
]
PLACES = [
    "Wrenmouth",
    "Little Abbotsford",
    "Kirkby Lonsdale",
    "Penzance",
    "Gdańsk",
    "Lagos",
    "Tromsø",
    "Harrogate",
    "Ballycastle",
    "Porthleven",
    "Oswestry",
    "Dunedin",
    "Saskatoon",
    "Thornbury",
    "Much Wenlock",
    "Aberdaron",
]
ORGS = [
    "Wrenmouth General Hospital",
    "the Harbourside Counselling Centre",
    "St Brigid's Primary School",
    "Northfield Rugby Club",
    "Kestrel Logistics Ltd",
    "the Abbotsford Community Trust",
    "the Eastgate Surgery",
    "Thornbury Methodist Church",
    "Meridian Insurance",
    "the Lonsdale Bodywork Collective",
    "Porthleven Sailing Club",
    "the Dunedin Law Society",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# {P} first name, {F} full name, {L} place, {O} organisation, {D} date, {A} age,
# {T} phone, {E} e-mail, {R} street address, {C} postcode, {N} licence/policy number,
# {H} handle, {U} web address. Everything else is ordinary text and must be kept.
TEMPLATES = (
    "{F} first came to see me in {L} after a referral from {O}.",
    "{P} is {A} and works as a site manager; on {D} she arrived late and angry.",
    "When {P} said she would report me to the board, I felt my Legitimate power shrink.",
    "{P}'s husband, {F}, phoned the practice on {T} to ask what we talked about.",
    "I noticed I was offering {P} fewer choices than usual, and Will, my supervisor, asked why.",
    "Her insurer, {O}, wanted her policy number {N} on every invoice.",
    "She e-mailed me from {E} late at night, which I had not invited.",
    "{P} moved to {R}, {L} {C}, and asked if we could meet nearer her new home.",
    "In our sessions we used EMDR, and Grace in how she held the pause mattered more than technique.",
    "On {D}, {P} brought a gift, and I did not know how to decline it without shaming her.",
    "He follows me on social media as {H} and comments on what I post.",
    "{F}, who is {A}, told me he had already complained about two previous therapists.",
    "I grew up near {L} myself, and that shared ground made me disclose more than I meant to.",
    "After the massage {P} lay still on the table; I stood over her and forgot to ask how the pressure felt.",
    "Her solicitor at {O} wrote on {D} to ask for my notes.",
    "My own licence number, {N}, was quoted back to me in a letter, which unsettled me.",
    "{P} keeps a blog at {U} where she writes about her therapy.",
    "A warm Bath before sessions helped {P} settle, she said, and she wanted to talk about it first.",
    "We met weekly at {O}, in a room with the door half open.",
    "{P}'s mother, {F}, used to drive her to the sessions and wait outside.",
    "When {P} cried, I softened my voice and let the silence last, which felt like skilful use of my role.",
    "The Expert power I held as her therapist was matched by hers as a consultant.",
    "On {D} she cancelled for the third time, and I did not enforce my own policy.",
    "{P} asked me to call her on {T} rather than the practice line.",
    "I noticed Reward power at work when {P} praised me in front of her sister, {F}.",
    "She had moved from {L} to {L2} after her divorce, and the move still shaped how she trusted people.",
    "{F} introduced himself as a friend of my colleague at {O}.",
    "Her son, {P}, is {A} and sometimes waited in the hall.",
    "Hope is a word {P} used often, and I wondered whose hope it was.",
    "My notes from {D} say only that she asked for more time and I said yes.",
    "I offered {P} the choice of starting face up or face down, and she looked surprised to be asked.",
    "Her case reference {N} appeared in the letter from {O}.",
    "The Coercive power in the room came from her threat, not from my role.",
    "{P} said I reminded her of a teacher she had in {L}.",
)
LOOKALIKES = (
    ("grace", "She moved through the difficult session with grace."),
    ("Grace", "Grace under pressure was what I admired in her."),
    ("Will", "Will she come back next week? I could not tell."),
    ("will", "I will raise the gift with my supervisor."),
    ("Will", "Will power alone does not change a pattern like this."),
    ("Bath", "Bath time was when he felt safest as a child."),
    ("bath", "A warm bath before the session helped her settle."),
    ("EMDR", "We used EMDR for the memory of the accident."),
    ("EMDR", "Her EMDR sessions had been with another therapist."),
    ("CBT", "She had tried CBT before and found it too structured."),
    ("Legitimate", "Legitimate power came from my role and my licence."),
    ("Legitimate", "I was relying on my Legitimate power more than I liked."),
    ("Expert", "The Expert power was hers: she is a physician."),
    ("Coercive", "Coercive power entered when he mentioned a lawyer."),
    ("Referent", "Her admiration gave me Referent power I had not asked for."),
    ("Reward", "Reward power showed in how she paid me early each month."),
    ("Personal", "Personal power, her charm, pulled me into longer sessions."),
    ("Hope", "Hope was hard for him to hold that winter."),
    ("Faith", "Faith mattered to her, and I did not share it."),
    ("Joy", "Joy came back slowly over the spring."),
    ("Mark", "Mark the moment when the client goes quiet."),
    ("Rose", "Rose petals were in the oil she brought to the session."),
    ("Trust", "Trust grew when I kept to the time we had agreed."),
    ("Safety", "Safety came first: she chose where to sit."),
    ("Respect", "Respect meant asking before I touched her shoulder."),
    ("Patience", "Patience with the silence was what she needed from me."),
    ("Summer", "Summer holidays broke the rhythm of our work."),
    ("Iris", "Iris colour changes were not something I commented on."),
    ("Frank", "Frank talk about fees was overdue between us."),
    ("Nice", "Nice was the word she used for every session, which worried me."),
    ("Reading", "Reading her notes back, I saw how often I had interrupted."),
    ("Holly", "Holly and ivy decorated the waiting room in December."),
    ("Dawn", "Dawn sessions suited him before his shift."),
    ("Ivy", "Ivy covered the wall outside the treatment room window."),
    ("Sage", "Sage advice from my supervisor kept me steady."),
    ("Charity", "Charity work was how she filled the hours after retiring."),
    ("Will", "Her Will was being contested by her brothers, she told me."),
    ("grace", "Saying grace before meals was part of her family's routine."),
    ("Bath", "The Bath salts she bought me felt like more than a thank-you."),
    ("EMDR", "EMDR was not something I was trained to offer."),
)
ALIAS_FIRST = [
    "Cash",
    "Ash",
    "Moss",
    "River",
    "Kit",
    "Wren",
    "Sky",
    "Jo",
    "Fen",
    "Rook",
    "Lark",
    "Bay",
    "Sol",
    "Oak",
    "Ember",
    "Teal",
]
ALIAS_SECOND = [
    "Jo",
    "Tree",
    "Blue",
    "K",
    "Fen",
    "Stone",
    "Lee",
    "Rae",
    "Day",
    "Hill",
    "Vale",
    "North",
    "Brook",
    "Lin",
]


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Sample:
    text: str
    spans: tuple[Gold, ...]


@dataclass(frozen=True)
class AliasText:
    text: str
    aliases: tuple[str, ...]
    codes: tuple[str, ...]
    spans: tuple[Gold, ...]


_SLOT = re.compile(r"\{(\w+)\}")
_TYPES = {
    "P": "PERSON",
    "F": "PERSON",
    "L": "PLACE",
    "L2": "PLACE",
    "O": "ORGANIZATION",
    "D": "DATE",
    "A": "AGE",
    "T": "PHONE",
    "E": "EMAIL",
    "R": "ADDRESS",
    "C": "POSTCODE",
    "N": "ID",
    "H": "HANDLE",
    "U": "URL",
}


def _value(slot: str, rng: random.Random, person: tuple[str, str]) -> str:
    if slot == "P":
        return person[0]
    if slot == "F":
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if slot in ("L", "L2"):
        return rng.choice(PLACES)
    if slot == "O":
        return rng.choice(ORGS)
    if slot == "D":
        day = rng.randint(1, 28)
        return rng.choice(
            [
                f"{day} {rng.choice(MONTHS)} {rng.randint(2015, 2026)}",
                f"{rng.choice(MONTHS)} {day}, {rng.randint(2015, 2026)}",
                f"{rng.choice(DAYS)} {day} {rng.choice(MONTHS)}",
                f"last {rng.choice(DAYS)}",
                f"{day:02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2026)}",
            ]
        )
    if slot == "A":
        age = rng.randint(19, 79)
        return rng.choice([f"aged {age}", f"{age} years old", f"a {age}-year-old"])
    if slot == "T":
        return rng.choice(
            [
                f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                f"({rng.randint(200, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                f"+1 {rng.randint(200, 989)} {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
            ]
        )
    if slot == "E":
        return f"{person[0].lower()}.{rng.choice(LAST).lower()}@{rng.choice(['mailbox', 'post', 'inbox'])}.example.com"
    if slot == "R":
        return f"{rng.randint(2, 240)} {rng.choice(['Gull', 'Harbour', 'Chapel', 'Mill', 'Orchard'])} {rng.choice(['Street', 'Road', 'Lane', 'Close', 'Avenue'])}"
    if slot == "C":
        return f"{rng.choice(['TR', 'LS', 'SY', 'EX'])}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTUW')}"
    if slot == "N":
        return f"{rng.choice(['PSY', 'MT', 'HCPC', 'POL', 'CR'])}-{rng.randint(100000, 999999)}"
    if slot == "H":
        return f"@{person[0].lower()}_{rng.randint(10, 99)}"
    if slot == "U":
        return f"https://{person[0].lower()}-writes.example.org/notes"
    raise KeyError(slot)


def vignettes(seed: int = 13, n: int = 150, sentences: int = 4) -> list[Sample]:
    """``n`` invented vignettes of ``sentences`` template sentences, with gold spans."""
    rng = random.Random(seed)
    out: list[Sample] = []
    for _ in range(n):
        person = (rng.choice(FIRST), rng.choice(LAST))
        parts: list[str] = []
        spans: list[Gold] = []
        length = 0
        for template in rng.sample(TEMPLATES, sentences):
            pieces: list[str] = []
            at = 0
            for match in _SLOT.finditer(template):
                pieces.append(template[at : match.start()])
                value = _value(match.group(1), rng, person)
                offset = length + sum(len(p) for p in pieces)
                kind = _TYPES[match.group(1)]
                start = offset
                if kind == "ORGANIZATION" and value.startswith("the "):
                    start += 4  # "the" is not the identifier; masking it is optional
                if kind == "AGE" and value.startswith("a "):
                    start += 2
                spans.append(Gold(start, offset + len(value), kind))
                pieces.append(value)
                at = match.end()
            pieces.append(template[at:])
            sentence = "".join(pieces)
            parts.append(sentence)
            length += len(sentence) + 1
        out.append(Sample(" ".join(parts), tuple(spans)))
    return out


_ALIAS_SENTENCES = (
    "I noticed {x} went quiet when I mentioned the fee.",
    "{x} said the last session felt rushed.",
    "It was {x}'s idea to meet earlier.",
    "My note about {x}: offered two choices, took one.",
    'She called herself "{x}" in the text she sent.',
    "The {x}-related paperwork is still open.",
    "Later, ({x}) asked about my holiday.",
    "Whether {x} trusts me yet is the question for supervision.",
)


def _forms(alias: str, rng: random.Random) -> str:
    parts = alias.split()
    form = rng.randrange(8)
    if form == 0:
        return alias.upper()
    if form == 1:
        return alias.lower()
    if form == 2:
        return "-".join(parts)
    if form == 3:
        return "".join(parts)
    if form in (4, 5):
        return rng.choice(parts)
    if form == 6:
        # A part alone in lower case is the alias only when it is name-like ("jo"); an
        # ordinary word ("cash") counts alone only with its capital (core.deid.known).
        part = rng.choice(parts)
        return part if is_ordinary_word(part, load_lexicon()) else part.lower()
    return alias


def _code_form(code: str, rng: random.Random) -> str:
    letter, digits = code.split("-")
    return rng.choice([code, code.lower(), f"{letter}{digits}", f"{letter} {digits}"])


def alias_texts(seed: int = 1, n: int = 500) -> list[AliasText]:
    """``n`` texts of three sentences, each naming an alias or code in one of its forms."""
    rng = random.Random(seed)
    out: list[AliasText] = []
    for _ in range(n):
        aliases = tuple(
            f"{rng.choice(ALIAS_FIRST)} {rng.choice(ALIAS_SECOND)}"
            for _ in range(rng.randint(1, 3))
        )
        codes = tuple(f"{rng.choice('CKT')}-{rng.randint(1, 999):03d}" for _ in aliases)
        text = ""
        spans: list[Gold] = []
        for _ in range(3):
            sentence = rng.choice(_ALIAS_SENTENCES)
            if rng.random() < 0.25:
                value, kind = _code_form(rng.choice(codes), rng), "CODE"
            else:
                value, kind = _forms(rng.choice(aliases), rng), "PERSON"
            before, after = sentence.split("{x}")
            if text:
                text += " "
            start = len(text) + len(before)
            text += before + value + after
            spans.append(Gold(start, start + len(value), kind))
        out.append(AliasText(text, aliases, codes, tuple(spans)))
    return out
