"""Optional activities that tie a module to the learner's own practice: each opens one of
the learner's own pages (the drift chart, safe-harbour coverage, the journal's prompts)
and asks a question to take there.

What the learner finds on those pages stays theirs. They may keep a note on an activity,
and may choose, activity by activity, to share that note with the educator of a cohort
they joined; nothing is shared unless they do. ``page`` is the name of the route the
activity opens, always one of the learner's own.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ACTIVITIES", "Activity", "activities_for", "activity"]


@dataclass(frozen=True)
class Activity:
    id: str
    module_id: str
    title: str
    prompt: str
    page: str
    page_label: str


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        "kinds-in-your-journal",
        "what-power-is",
        "The kinds of power in your own week",
        "Pick a prompt about power from the library and write for ten minutes: which kinds "
        "of power did you hold this week, and which did a client hold?",
        "prompt_library",
        "Open the prompt library",
    ),
    Activity(
        "your-drift",
        "over-under-skilful",
        "Over-use and under-use in your own sessions",
        "Open your drift chart. Where, if anywhere, have your sessions leaned toward "
        "over-use or under-use, and what was happening in your work then?",
        "caseload_drift",
        "Open your drift chart",
    ),
    Activity(
        "tracking-drift",
        "tracking",
        "What your check-ins noticed",
        "Look at your drift chart for the sessions where you noticed a client's signals. "
        "What did you do next, and what would you track more closely?",
        "caseload_drift",
        "Open your drift chart",
    ),
    Activity(
        "harbour-coverage",
        "safe-harbour",
        "Your safe harbour, as practised",
        "Open your safe-harbour coverage. Which pillar have you practised least, and "
        "which one action could you try with your next client?",
        "harbour_coverage",
        "Open your safe-harbour coverage",
    ),
    Activity(
        "disclosure-journal",
        "self-disclosure",
        "Whose need did it serve?",
        "Choose a prompt on self-disclosure and write about the last time you told a "
        "client something about yourself: whose need did it serve?",
        "prompt_library",
        "Open the prompt library",
    ),
)


def activities_for(module_id: str) -> tuple[Activity, ...]:
    """The optional practice activities of one module, in order."""
    return tuple(a for a in ACTIVITIES if a.module_id == module_id)


def activity(module_id: str, activity_id: str) -> Activity:
    """One module's activity by id; ``KeyError`` when the module has none by that id."""
    for found in activities_for(module_id):
        if found.id == activity_id:
            return found
    raise KeyError(activity_id)
