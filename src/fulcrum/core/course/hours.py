"""Continuing-education hours: what a course's material is worth, and whether it may be
published with the hours it declares.

The rules: home-study reading counts one CE hour per 12,000 words, video one CE hour per
60 minutes. The material's hours are rounded DOWN to the tenth of an hour, so a course
never credits more than its material supports (24,500 words is 2.04 h, credited as
2.0). A course may declare fewer hours than its material is worth, but not more than
10% over the computed hours. It needs at least 6 questions per computed hour, rounded
UP to a whole question (2.5 h needs 15; 2.3 h needs 13.8, so 14). Every figure is
worked in exact decimals, and the arithmetic comes back in words so an author can check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from fulcrum.core.errors import InvalidInput

WORDS_PER_HOUR = 12_000
VIDEO_MINUTES_PER_HOUR = 60
QUESTIONS_PER_HOUR = 6
# Declared hours may exceed the computed hours by at most this share.
OVERSTATEMENT_ALLOWED = Decimal("0.10")

# Written by name so the sums read as arithmetic, not as the letter x.
TIMES = "\N{MULTIPLICATION SIGN}"
_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class CEHours:
    """A course's computed CE hours, with the arithmetic that gave them."""

    hours: Decimal
    reading_hours: Decimal
    video_hours: Decimal
    arithmetic: str


@dataclass(frozen=True)
class Refusal:
    """One reason a course may not be published yet: a code and a sentence with the sums."""

    code: str
    message: str


def _hours_text(value: Decimal) -> str:
    """Show a component's hours: one decimal when that is exact, else two, marked ≈."""
    if value == value.quantize(_TENTH):
        return f"= {value.quantize(_TENTH)} h"
    return f"≈ {value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)} h"


def _count(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"The number of {what} must be a whole number.")
    if value < 0:
        raise InvalidInput(f"The number of {what} cannot be negative.")
    return value


def ce_hours(words: int, video_minutes: int) -> CEHours:
    """Compute the CE hours of ``words`` of reading and ``video_minutes`` of video."""
    words = _count(words, "words")
    video_minutes = _count(video_minutes, "video minutes")
    reading = Decimal(words) / WORDS_PER_HOUR
    video = Decimal(video_minutes) / VIDEO_MINUTES_PER_HOUR
    exact = reading + video
    hours = exact.quantize(_TENTH, rounding=ROUND_FLOOR)
    total = f"total {hours} CE hours"
    if exact != hours:
        total = (
            f"total {exact.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)} h, "
            f"rounded down to {hours} CE hours"
        )
    arithmetic = (
        f"{words:,} words ÷ {WORDS_PER_HOUR:,} {_hours_text(reading)}; "
        f"{video_minutes:,} video minutes ÷ {VIDEO_MINUTES_PER_HOUR} {_hours_text(video)}; "
        f"{total}"
    )
    return CEHours(hours, reading, video, arithmetic)


def questions_needed(hours: Decimal) -> int:
    """Return how many questions ``hours`` of CE need: 6 an hour, rounded up."""
    return int((hours * QUESTIONS_PER_HOUR).to_integral_value(rounding=ROUND_CEILING))


def _declared(value: Decimal | int | str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInput("Declared hours must be a number such as 2.5.")
    try:
        declared = Decimal(value)
    except ArithmeticError:
        raise InvalidInput("Declared hours must be a number such as 2.5.") from None
    if not declared.is_finite():
        raise InvalidInput("Declared hours must be a number such as 2.5.")
    return declared


def check_publishable(
    declared_hours: Decimal | int | str, words: int, video_minutes: int, questions: int
) -> tuple[Refusal, ...]:
    """Return every reason the course may not be published; empty when it may be."""
    declared = _declared(declared_hours)
    questions = _count(questions, "questions")
    computed = ce_hours(words, video_minutes)
    refusals: list[Refusal] = []
    if computed.hours == 0:
        refusals.append(
            Refusal(
                "no_material",
                f"The material is worth no CE hours yet ({computed.arithmetic}); "
                "add reading or video first.",
            )
        )
    if declared <= 0:
        refusals.append(Refusal("declared_not_positive", "Declared hours must be above zero."))
    ceiling = computed.hours * (1 + OVERSTATEMENT_ALLOWED)
    if declared > ceiling:
        refusals.append(
            Refusal(
                "overstated",
                f"{declared} h declared is more than 10% over the computed hours "
                f"({computed.arithmetic}; {computed.hours} {TIMES} 1.1 = {ceiling.normalize():f} h "
                f"at most).",
            )
        )
    needed = questions_needed(computed.hours)
    if questions < needed:
        product = (computed.hours * QUESTIONS_PER_HOUR).normalize()
        sums = f"{computed.hours} h {TIMES} {QUESTIONS_PER_HOUR} = {product:f}"
        if product != needed:
            sums += f", rounded up to {needed}"
        refusals.append(
            Refusal(
                "too_few_questions",
                f"{questions} questions is fewer than {QUESTIONS_PER_HOUR} per computed hour: "
                f"{sums} questions needed.",
            )
        )
    return tuple(refusals)
