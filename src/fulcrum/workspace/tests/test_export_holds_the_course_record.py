"""A learner's own export holds what the course keeps about them — attempts with their
answers, the evaluation, time on task, certificates with their events, the cohorts that
invited them, practice notes — with aliases scrubbed from what they wrote unless asked to
keep them, and nothing of another learner."""

from __future__ import annotations

import json

import pytest

from fulcrum.accounts.models import Role
from fulcrum.core.course.practice import ACTIVITIES
from fulcrum.course.cohorts import answer_invitation, create_cohort, enrol
from fulcrum.course.services import (
    current_course,
    issue_certificate,
    revoke_certificate,
    save_activity_note,
)
from fulcrum.testing import NOW, complete_course, make_client, make_user
from fulcrum.workspace.export import export_workspace

pytestmark = pytest.mark.django_db


def test_the_learners_export_carries_their_course_record_and_no_one_elses() -> None:
    dana = make_user("dana", Role.PRACTITIONER)
    make_client(dana, "D-001", alias="Wren Halloway")
    other = make_user("omar", Role.PRACTITIONER)
    erin = make_user("erin", Role.EDUCATOR)
    course = current_course()
    cohort = create_cohort(erin, course, "Winter cohort", now=NOW)
    answer_invitation(enrol(cohort, "dana", now=NOW), dana, accept=True, now=NOW)
    for learner in (dana, other):
        complete_course(learner)
    certificate, _ = issue_certificate(dana, course, "Dana Reyes", now=NOW)
    revoke_certificate(certificate, "Issued in error.", now=NOW)
    found = ACTIVITIES[0]
    save_activity_note(
        dana,
        course,
        found.module_id,
        found.id,
        "Wren Halloway's session made me pause.",
        share=False,
        now=NOW,
    )
    save_activity_note(
        other, course, found.module_id, found.id, "Omar's own note.", share=False, now=NOW
    )

    record = json.loads(export_workspace(dana, fmt="json", include_alias=False))["course"]
    assert len(record["attempts"]) == len(course.modules)
    assert all(a["passed"] for a in record["attempts"])
    assert record["attempts"][0]["answers"]
    assert record["evaluations"][0]["comments"]["change"] == "More bodywork cases."
    assert sum(t["seconds"] for t in record["time_on_task"]) > 0
    (issued,) = record["certificates"]
    assert issued["name_on_certificate"] == "Dana Reyes"
    assert [e["kind"] for e in issued["events"]] == ["revoked"]
    assert record["cohorts"] == [
        {
            "cohort": "Winter cohort",
            "educator": "erin",
            "invited_at": NOW.isoformat(),
            "accepted": True,
        }
    ]
    (note,) = record["practice_notes"]
    assert "Wren Halloway" not in note["text"]
    assert "D-001" in note["text"]
    assert "Omar" not in json.dumps(record)

    named = json.loads(export_workspace(dana, fmt="json", include_alias=True))["course"]
    assert named["practice_notes"][0]["text"] == "Wren Halloway's session made me pause."
