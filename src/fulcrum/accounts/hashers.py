"""How passwords are stored: Argon2id, at a cost a small practice's server can carry.

Django's own Argon2 hasher asks for 100 MiB and eight lanes per password (about 0.2 s
of a core here); PBKDF2, Django's default, asks for a million SHA-256 rounds (about
the same). Either makes a morning's sign-ins at a busy practice queue behind one
another on a two-core server. Argon2id at 19 MiB, two passes and one lane — the
smallest setting OWASP's password-storage guidance recommends — costs about 25 ms and
stays memory-hard, which is what makes guessing on graphics cards expensive
(docs/decisions/0030-argon2id-passwords.md).

Passwords stored under an older hasher or other parameters are rehashed with these
the next time their owner signs in (Django's ``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class PracticeArgon2Hasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB, t = 2, p = 1; the parameters travel inside each hash."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
