"""Rules every typed text and date obeys, whichever door it came in by (page, API or command).

Pure: the forms, the API's schemas and the services all call these, so a text one of
them accepts is a text the others accept too.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

NUL = "\x00"

# Characters that draw nothing yet are letters to Unicode (category Lo), so the
# category test below would count them as visible.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Controls, format characters (zero-width joiners, bidirectional overrides and
# isolates, the byte-order mark), separators, private use, surrogates, unassigned.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})


def nul_problem(text: str) -> str | None:
    """A sentence if ``text`` holds a NUL character, which no database column keeps."""
    if NUL in text:
        return "Text cannot contain NUL characters (\\u0000); remove them and try again."
    return None


def code_problem(code: str) -> str | None:
    """A sentence if ``code`` could not be read back as typed; None when it is fine.

    A code picks one client out of a caseload at a glance, so it may hold no hidden
    characters (zero-width spaces, direction overrides, controls) and must show at least
    one visible character.
    """
    if NUL in code:
        return nul_problem(code)
    hidden = [ch for ch in code if unicodedata.category(ch) in _HIDDEN_CATEGORIES]
    if hidden:
        return (
            f"A client code cannot contain invisible or direction-changing characters "
            f"(found U+{ord(hidden[0]):04X}); type it with visible letters, digits and marks."
        )
    if not any(not ch.isspace() and ch not in _BLANK_LETTERS for ch in code):
        return "A client code needs at least one visible letter, digit or mark."
    return None


# The dates Fulcrum believes: a practice's records fall well inside this window, and a
# date or time outside it (year 1, year 9999, a -14:00 offset at the end of 9999) would
# overflow when turned into UTC or a day later. Refused at every door with one sentence.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def date_problem(value: date) -> str | None:
    """A sentence if ``value`` (a date, or a datetime as written, whatever its offset)
    falls outside the window of plausible dates; None when it is fine."""
    day = value.date() if isinstance(value, datetime) else value
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return (
        f"Choose a date between {EARLIEST_DATE:%d %B %Y} and {LATEST_DATE:%d %B %Y}; "
        f"{day.isoformat()} is outside the dates Fulcrum keeps."
    )
