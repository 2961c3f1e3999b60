from __future__ import annotations

import pytest

from fulcrum.core.deid import deidentify
from fulcrum.core.deid.patterns import generalise_age


def _found(text: str) -> list[tuple[str, str]]:
    result = deidentify(text, stages=("pattern",))
    return [(f.type, text[f.start : f.end]) for f in result.findings]


@pytest.mark.parametrize(
    ("text", "kind", "surface"),
    [
        ("We met on 3 March 2024 in the end.", "DATE", "3 March 2024"),
        ("We met on March 3, 2024 in the end.", "DATE", "March 3, 2024"),
        ("Seen 12/03/2021, then again.", "DATE", "12/03/2021"),
        ("Seen 2021-03-12, then again.", "DATE", "2021-03-12"),
        ("She came last Tuesday and cried.", "DATE", "last Tuesday"),
        ("It began in 2019 and stopped.", "DATE", "2019"),
        ("A 43-year-old teacher came.", "AGE", "43-year-old"),
        ("He is aged 51 now.", "AGE", "aged 51"),
        ("Call 07700 900123 please.", "PHONE", "07700 900123"),
        ("Call (415) 555-0199 please.", "PHONE", "(415) 555-0199"),
        ("Call +44 20 7946 0958 please.", "PHONE", "+44 20 7946 0958"),
        ("Write to jo.bay@example.org today.", "EMAIL", "jo.bay@example.org"),
        (
            "Her blog https://jo-writes.example.org/notes, she said.",
            "URL",
            "https://jo-writes.example.org/notes",
        ),
        ("He posts as @cashjo_22 daily.", "HANDLE", "@cashjo_22"),
        ("Moved to LS6 2AB last year.", "POSTCODE", "LS6 2AB"),
        ("Moved to 14 Elm Grove Road recently.", "ADDRESS", "14 Elm Grove Road"),
        ("Licence no: PSY-448812 on file.", "ID", "PSY-448812"),
        ("Her policy number, POL-460160, was quoted.", "ID", "POL-460160"),
        ("NPI 1234567890 was on the claim.", "ID", "1234567890"),
        ("SSN 123-45-6789 was on the form.", "ID", "123-45-6789"),
        ("Her NHS number 943 476 5919 was on the letter.", "ID", "943 476 5919"),
        ("Booked for thursday 14th at seven.", "DATE", "thursday 14th"),
        ("The crash on the A38 stayed with her.", "PLACE", "the A38"),
        ("A client (call him R.) booked again.", "PERSON", "R"),
    ],
)
def test_it_finds_identifiers_with_a_shape(text: str, kind: str, surface: str) -> None:
    assert (kind, surface) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "May I ask how the pressure feels?",
        "We had 12 sessions and 3 cancellations.",
        "She rated safety 4 out of 5.",
        "Tomorrow we will talk about fees.",
    ],
)
def test_it_leaves_ordinary_numbers_and_words(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("43-year-old", "in their 40s"), ("aged 17", "in their teens"), ("aged 9", "a child")],
)
def test_it_generalises_an_age_to_its_decade(surface: str, expected: str) -> None:
    assert generalise_age(surface) == expected


def test_an_age_is_proposed_for_generalising_not_masking() -> None:
    [finding] = deidentify("She is aged 47.", stages=("pattern",)).findings
    assert finding.treatment == "generalise"
    assert finding.replacement == "in their 40s"
