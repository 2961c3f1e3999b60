"""The course modules a published vignette can be pinned into.

The course sits above the library in the import graph, so the library cannot ask it
which course the site serves. The course app tells it instead, when Django is ready
(``offer``): the educator's pin form then lists the served version's modules — an
adapted course's new or renamed modules included. Without the course app the bundled
course's modules are offered.
"""

from __future__ import annotations

from collections.abc import Callable

from fulcrum.core.course.content import Course, load_course

_served: Callable[[], Course] = load_course


def offer(served: Callable[[], Course]) -> None:
    """Make ``served`` the source of the course whose modules pins may name."""
    global _served
    _served = served


def course_modules() -> list[tuple[str, str]]:
    """(slug, "number. title") for every module of the course the site serves."""
    return [(m.id, f"{m.number}. {m.title}") for m in _served().modules]
