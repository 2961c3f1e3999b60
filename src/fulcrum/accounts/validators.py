"""Password rules beyond Django's own: a password must be hard to guess, and a password
of spaces is no password."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# zxcvbn scores 0 (guessed at once) to 4 (beyond any online attack); 3 resists an attacker
# who has stolen the hashes and tries about ten thousand guesses a second.
DEFAULT_MIN_SCORE = 3
# zxcvbn's cost grows with length; past this it is strong however it is made.
LONG_ENOUGH = 64


class PasswordStrengthValidator:
    """Refuse passwords made only of white space, and those a strength estimate (zxcvbn)
    says are easy to guess, with its hint at what would help."""

    def __init__(self, min_score: int = DEFAULT_MIN_SCORE) -> None:
        self.min_score = min_score

    def validate(self, password: str, user: Any = None) -> None:
        if not password.strip():
            raise ValidationError(
                "A password made only of spaces is easy to guess; use words or characters.",
                code="password_blank",
            )
        if len(password) >= LONG_ENOUGH:
            return
        inputs = [str(getattr(user, name, "") or "") for name in ("username", "email")]
        result = zxcvbn(password, user_inputs=[i for i in inputs if i])
        if result["score"] >= self.min_score:
            return
        feedback = result.get("feedback") or {}
        hints = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
        hint = " ".join(h for h in hints if h)
        raise ValidationError(
            "This password would be easy to guess. %(hint)s",
            code="password_too_weak",
            params={"hint": hint or "A few uncommon words together are hard to guess."},
        )

    def get_help_text(self) -> str:
        return "Use a password that is hard to guess: a few uncommon words together work well."
