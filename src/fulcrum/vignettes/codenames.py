"""Codenames: seven words from Fulcrum's list of 7,776, about 90 bits.

The list is data (``data/codewords.txt``). A codename is shown once; only a slow,
peppered hash of it is stored, so neither a database dump nor a guess per second per
address gets anyone far. The pepper is a named secret kept beside the data key, outside
the database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

from fulcrum.kernel.keys import secret

WORDS_IN_A_CODENAME = 7
LIST_SIZE = 7776
DEFAULT_ITERATIONS = 200_000
_WORDS_FILE = Path(__file__).parent / "data" / "codewords.txt"
# Words taken off the list: never drawn again, but still read, so a codename drawn while
# one was on it still finds its vignette (the hash does not depend on the list).
RETIRED = frozenset({"strawer"})
_SEPARATORS = re.compile(r"[\s\-_.,;:]+")


@cache
def codewords() -> tuple[str, ...]:
    """The bundled word list, in file order."""
    lines = _WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def new_codename() -> str:
    """Seven words drawn by the operating system's random source, separated by spaces."""
    words = codewords()
    return " ".join(secrets.choice(words) for _ in range(WORDS_IN_A_CODENAME))


def normalise(codename: str) -> str:
    """The codename as stored: lower case, one space between words, nothing else."""
    return " ".join(w for w in _SEPARATORS.split(codename.strip().lower()) if w)


def _pepper() -> bytes:
    return secret("vignettes.codename-pepper", create=lambda: secrets.token_bytes(32))


def hash_codename(codename: str) -> str:
    """The slow hash a codename is stored and found by (PBKDF2-SHA256, peppered)."""
    iterations = int(getattr(settings, "FULCRUM_CODENAME_ITERATIONS", DEFAULT_ITERATIONS))
    digest = hashlib.pbkdf2_hmac("sha256", normalise(codename).encode(), _pepper(), iterations)
    return digest.hex()


def looks_like_codename(codename: str) -> bool:
    """Whether ``codename`` is seven words of the list, or retired from it (checked before
    any slow hashing)."""
    words = normalise(codename).split(" ")
    known = RETIRED.union(codewords())
    return len(words) == WORDS_IN_A_CODENAME and all(w in known for w in words)
