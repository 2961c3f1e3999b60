"""Which usernames a new account may take, answered without saying which ones exist.

A name already held and a name Fulcrum keeps back get one and the same refusal, with
a few free names to choose from instead (decision 0020). Both checks always run, so the
two refusals also take the same work.
"""

from __future__ import annotations

import secrets

from fulcrum.accounts.models import User

# Names that would read as the server speaking, or as a role, to someone else.
RESERVED_USERNAMES = frozenset(
    {
        "admin",
        "administrator",
        "root",
        "fulcrum",
        "support",
        "help",
        "staff",
        "system",
        "security",
        "supervisor",
        "educator",
        "practitioner",
        "client",
        "anonymous",
        "nobody",
        "api",
    }
)
SUGGESTIONS = 3
MAX_LENGTH = 150


def usable(username: str) -> bool:
    """Whether a new account may take ``username`` now (case does not make a new name)."""
    held = User.objects.filter(username__iexact=username).exists()  # asked every time
    reserved = username.casefold() in RESERVED_USERNAMES
    return not (held or reserved)


def free_alternatives(username: str, count: int = SUGGESTIONS) -> list[str]:
    """``count`` free names built from ``username`` and a random number, the same kind
    of answer whatever the reason ``username`` was refused."""
    base = username[: MAX_LENGTH - 5] or "me"
    found: list[str] = []
    for _ in range(count * 10):
        candidate = f"{base}-{secrets.randbelow(9000) + 1000}"
        if candidate not in found and usable(candidate):
            found.append(candidate)
        if len(found) == count:
            break
    return found
