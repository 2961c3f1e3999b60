"""Stage 2: identifiers with a shape — dates and relative dates with a day, ages, phone
numbers, e-mail, web addresses, social handles, postcodes, street addresses and the
numbers of licences, insurance policies, cases and records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fulcrum.core.deid.model import EntityType, Treatment

__all__ = ["PatternMatch", "find_patterns", "generalise_age"]

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_LONG_MONTHS = (
    r"(?:January|February|March|April|June|July|August|September|October|November|December)"
)
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Court|Ct|"
    r"Place|Pl|Terrace|Crescent|Square|Sq|Gardens|Grove|Row|Walk|Mews|Parkway|Highway|Hwy)"
)


@dataclass(frozen=True)
class PatternMatch:
    start: int
    end: int
    type: EntityType
    why: str
    treatment: Treatment


_I = re.IGNORECASE
_RULES: tuple[tuple[EntityType, str, Treatment, re.Pattern[str]], ...] = (
    ("EMAIL", "an e-mail address", "mask", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")),
    (
        "URL",
        "a web address",
        "mask",
        re.compile(
            r"(?:https?://|www\.)[^\s<>\"')\]]+"
            r"|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|edu|gov|io|co\.uk|org\.uk|ac\.uk|nhs\.uk|ly|me|info)"
            r"(?:/[^\s<>\"')\]]*)?\b",
            _I,
        ),
    ),
    ("HANDLE", "a social-media handle", "mask", re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}")),
    (
        "ID",
        "a number after a word that names a record, licence or policy",
        "mask",
        re.compile(
            r"\b(?:(?:licen[cs]e|insurance|policy|member(?:ship)?|case|file|npi|nhs|mrn|"
            r"medical record|record|claim|account|patient|client|reference|ref|id|ssn|"
            r"social security|passport|registration|reg)\s*(?:number|no\.?|num|#|id)?,?\s*[:#]?\s*)"
            r"(?P<value>\d{3}[\s\-]\d{3}[\s\-]\d{4}|(?=[A-Z0-9\-/]*\d)[A-Z0-9][A-Z0-9\-/]{3,})\b",
            _I,
        ),
    ),
    ("ID", "a social security number", "mask", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    (
        "ID",
        "a long code of letters and digits",
        "mask",
        re.compile(r"\b(?=[A-Z]*[-/]?\d)(?=\d*[A-Z])[A-Z0-9]{2,}[-/]?\d{4,}[A-Z0-9]*\b"),
    ),
    (
        "PHONE",
        "a phone number",
        "mask",
        re.compile(
            r"(?<![\w+])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,5}\)[\s.\-]?)?\d{2,5}(?:[\s.\-]\d{2,6}){1,3}(?![\w])"
            r"|(?<![\w+])\+?\d{10,13}(?!\w)"
        ),
    ),
    (
        "POSTCODE",
        "a postcode",
        "mask",
        re.compile(
            r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # UK
            r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canada
            r"|(?<=\b[A-Z]{2}\s)\d{5}(?:-\d{4})?\b"  # after a US state code
            r"|(?i:(?<=zip\s)|(?<=zip:\s)|(?<=zip code\s))\d{5}(?:-\d{4})?\b"
        ),
    ),
    (
        "ADDRESS",
        "a street address",
        "mask",
        re.compile(
            r"\b(?:(?:flat|apt|apartment|unit|suite)\s*\d+[A-Z]?,?\s*)?\d{1,5}[A-Za-z]?,?\s+"
            r"(?:[A-Z][a-z'’]+\s+){1,3}" + _STREET + r"\b\.?"
            r"|\b(?:P\.?O\.? Box|PO Box)\s*\d+",
        ),
    ),
    (
        "DATE",
        "a date",
        "mask",
        re.compile(
            r"\b\d{4}-\d{1,2}-\d{1,2}\b"
            r"|\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"
            rf"|\b(?:the\s+)?{_ORD}(?:\s+of)?\s+{_MONTHS}(?:,?\s+{_YEAR})?\b"
            rf"|\b{_MONTHS}\s+(?:the\s+)?{_ORD}(?:,?\s+{_YEAR})?\b"
            rf"|\b(?:(?:early|mid|late)-?\s*)?{_MONTHS}(?:\s+of)?,?\s+{_YEAR}\b",
            _I,
        ),
    ),
    (
        "DATE",
        "a day of the week",
        "mask",
        re.compile(
            rf"\b(?:(?:last|next|this|on|every|that|the)\s+)?{_DAYS}s?"
            r"(?:\s+(?:morning|afternoon|evening|night|before last|after next))?\b"
            r"|\bthe\s+day\s+(?:before|after)\s+(?:yesterday|tomorrow)\b"
            r"|\b(?:christmas|boxing|new year'?s|valentine'?s|thanksgiving|easter|mother'?s|"
            r"father'?s|remembrance|labou?r|memorial|independence|st\.? patrick'?s)\s+(?:day|eve)\b"
            r"|\b(?:christmas|easter|thanksgiving|hanukkah|diwali|eid|ramadan|passover)\b",
            _I,
        ),
    ),
    (
        "DATE",
        "a weekday with a date",
        "mask",
        re.compile(rf"\b{_DAYS}\s+(?:the\s+)?{_ORD}\b(?:\s+(?:of\s+)?{_MONTHS})?", _I),
    ),
    (
        "PLACE",
        "a road number",
        "generalise",
        re.compile(r"\b(?:the\s+)?[ABM]\d{1,4}(?:\([MT]\))?\b(?!\s*(?:size|paper|format))"),
    ),
    (
        "PERSON",
        "an initial standing for a name",
        "mask",
        re.compile(r"(?<![\w.])[B-HJ-Z]\.(?=[\s),;:]|$)(?![\s.]*[A-Z])"),
    ),
    ("DATE", "a month", "mask", re.compile(rf"\b(?:(?:early|mid|late)-?\s*)?{_LONG_MONTHS}\b")),
    (
        "DATE",
        "a month after a word that sets a time",
        "mask",
        re.compile(r"\b(?:in|of|since|until|till|by|early|late|last|next|this)\s+(?P<value>May)\b"),
    ),
    (
        "DATE",
        "a year",
        "mask",
        re.compile(
            rf"\b(?:the\s+)?(?:(?:early|mid|late)-?\s*)?{_YEAR}s?\b|\b(?:the\s+)?['’]\d0s\b"
        ),
    ),
    (
        "AGE",
        "an age",
        "generalise",
        re.compile(
            r"\b(?:aged?|age of|turned|turns|turning)\s+(?P<age>\d{1,3})\b"
            r"|\b(?P<age2>\d{1,3})[\s\-]*(?:years?|yrs?)[\s\-]*old\b"
            r"|\b(?P<age3>\d{1,3})\s*(?:yo|y/o|y\.o\.)(?!\w)",
            _I,
        ),
    ),
)


def generalise_age(text: str) -> str:
    """ "43-year-old" -> "in their 40s": the decade, never the year."""
    digits = re.search(r"\d+", text)
    if digits is None:
        return "[age]"
    age = int(digits.group())
    if age < 13:
        return "a child"
    if age < 20:
        return "in their teens"
    return f"in their {age // 10 * 10}s"


def find_patterns(text: str) -> Iterator[PatternMatch]:
    """Every pattern match; overlapping ones are settled by the caller."""
    # Every e-mail address and handle holds an "@": a text without one is not searched
    # for them.
    at = "@" in text
    for kind, why, treatment, pattern in _RULES:
        if kind in ("EMAIL", "HANDLE") and not at:
            continue
        for match in pattern.finditer(text):
            start, end = match.span("value") if "value" in pattern.groupindex else match.span()
            if kind == "PHONE" and sum(ch.isdigit() for ch in match.group()) < 9:
                continue
            if kind == "PHONE" and re.fullmatch(
                r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", match.group()
            ):
                continue
            if start < end:
                yield PatternMatch(start, end, kind, why, treatment)
