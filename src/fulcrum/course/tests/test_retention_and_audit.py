"""Course records are kept six years, deletion before that refused on a moved clock, and
the audit export holds every one, with what learners wrote de-identified."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine

from fulcrum.accounts.models import Role
from fulcrum.accounts.services import delete_account
from fulcrum.cli import main
from fulcrum.core.course.content import load_course
from fulcrum.core.errors import InvalidInput
from fulcrum.course.audit import audit_export
from fulcrum.course.cohorts import answer_invitation, create_cohort, enrol
from fulcrum.course.models import Attempt, Certificate, Enrolment, Evaluation
from fulcrum.course.services import (
    delete_attempt,
    delete_certificate,
    delete_evaluation,
    find_certificate,
    forget_learner,
    issue_certificate,
    revoke_certificate,
)
from fulcrum.testing import NOW, complete_course, make_client, make_user

pytestmark = pytest.mark.django_db

ALMOST_SIX_YEARS = NOW.replace(year=NOW.year + 6) - timedelta(days=1)
SIX_YEARS = NOW.replace(year=NOW.year + 6)


def _completed(name: str = "dana") -> Certificate:
    learner = make_user(name, Role.PRACTITIONER)
    erin = make_user("erin", Role.EDUCATOR)
    cohort = create_cohort(erin, load_course(), "Spring cohort", now=NOW)
    answer_invitation(enrol(cohort, name, now=NOW), learner, accept=True, now=NOW)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, load_course(), "Dana Reyes", now=NOW)
    return certificate


def test_each_course_record_is_kept_six_years() -> None:
    certificate = _completed()
    learner = certificate.learner
    attempt = Attempt.objects.filter(learner=learner).first()
    evaluation = Evaluation.objects.get(learner=learner)
    assert attempt is not None
    with pytest.raises(InvalidInput, match="kept for 6 years"):
        delete_attempt(attempt, now=ALMOST_SIX_YEARS)
    with pytest.raises(InvalidInput, match="kept for 6 years"):
        delete_evaluation(evaluation, now=ALMOST_SIX_YEARS)
    with pytest.raises(InvalidInput, match="kept for 6 years"):
        delete_certificate(certificate, now=ALMOST_SIX_YEARS)
    delete_evaluation(evaluation, now=SIX_YEARS)
    delete_certificate(certificate, now=SIX_YEARS)
    delete_attempt(attempt, now=SIX_YEARS)
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    assert not Attempt.objects.filter(pk=attempt.pk).exists()


def test_forgetting_a_learner_is_refused_until_six_years_on_a_moved_clock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    certificate = _completed()
    learner = certificate.learner
    kept = Attempt.objects.filter(learner=learner).count()
    with time_machine.travel(ALMOST_SIX_YEARS, tick=False), pytest.raises(SystemExit) as ended:
        main(["course", "forget", "--user", "dana"])
    assert ended.value.code == 1
    said = capsys.readouterr().err
    assert "kept for 6 years" in " ".join(said.split())
    assert Attempt.objects.filter(learner=learner).count() == kept
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    with pytest.raises(InvalidInput):
        delete_account(learner)
    with time_machine.travel(SIX_YEARS, tick=False):
        main(["course", "forget", "--user", "dana"])
    assert not Attempt.objects.filter(learner=learner).exists()
    assert not Evaluation.objects.filter(learner=learner).exists()
    assert not Certificate.objects.filter(learner=learner).exists()
    assert not Enrolment.objects.filter(learner=learner).exists()
    delete_account(learner)


def test_a_revoked_certificate_keeps_its_learners_records() -> None:
    certificate = _completed()
    revoke_certificate(certificate, "Issued in error.", now=NOW)
    with pytest.raises(InvalidInput, match="never removed"):
        forget_learner(certificate.learner, now=SIX_YEARS)
    assert Attempt.objects.filter(learner=certificate.learner).exists()


def test_an_account_holding_course_records_is_not_deleted_with_them() -> None:
    certificate = _completed()
    with pytest.raises(InvalidInput):
        delete_account(certificate.learner)
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_the_audit_export_holds_every_record_with_its_keeping_date() -> None:
    certificate = _completed()
    course = load_course()
    export = audit_export(course, now=NOW)
    assert export["kind"] == "fulcrum.course.audit"
    assert export["course"]["ce_hours"] == str(course.hours.hours)
    assert len(export["attempts"]) == len(course.modules)
    assert {a["learner"] for a in export["attempts"]} == {"dana"}
    assert all(a["kept_until"] == SIX_YEARS.date().isoformat() for a in export["attempts"])
    (evaluation,) = export["evaluations"]
    assert evaluation["ratings"]
    assert evaluation["kept_until"] == SIX_YEARS.date().isoformat()
    (issued,) = export["certificates"]
    assert issued["verification_code"] == certificate.code
    assert issued["name_on_certificate"] == "Dana Reyes"
    assert find_certificate(issued["verification_code"]) == certificate
    assert sum(t["seconds"] for t in export["time_on_task"]) > 0
    (roster,) = export["rosters"]
    assert (roster["cohort"], roster["educator"]) == ("Spring cohort", "erin")
    (place,) = roster["enrolments"]
    assert (place["learner"], place["accepted"]) == ("dana", True)
    assert place["kept_until"] == SIX_YEARS.date().isoformat()
    json.dumps(export)


def test_what_a_learner_wrote_is_de_identified_in_the_audit() -> None:
    learner = make_user("dana", Role.PRACTITIONER)
    make_client(learner, "C-014", alias="Marguerite Okonkwo")
    complete_course(learner, evaluate=False)
    from fulcrum.core.course.evaluation import STATEMENTS
    from fulcrum.course.services import submit_evaluation

    said = "The vignette made me think of Marguerite Okonkwo, call me on 07700 900123."
    submit_evaluation(
        learner, load_course(), {s.id: "3" for s in STATEMENTS}, {"change": said}, now=NOW
    )
    text = json.dumps(audit_export(load_course(), now=NOW))
    assert "Okonkwo" not in text
    assert "900123" not in text
    assert "The vignette made me think of" in text


def test_the_cli_writes_the_audit_to_a_private_file(tmp_path: Path) -> None:
    _completed()
    target = tmp_path / "audit.json"
    main(["course", "audit", "--output", str(target)])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    export = json.loads(target.read_text())
    assert len(export["certificates"]) == 1


def test_the_cli_revokes_and_expires_and_refuses_in_one_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    certificate = _completed()
    with pytest.raises(SystemExit) as ended:
        main(["course", "revoke", "00000-00000-00000-00000", "--reason", "x"])
    assert ended.value.code == 1
    assert "No certificate has the code" in capsys.readouterr().err
    with pytest.raises(SystemExit) as ended:
        main(["course", "expire", certificate.code, "--on", "soon", "--reason", "x"])
    assert ended.value.code == 1
    main(["course", "expire", certificate.code, "--on", "2028-11-01", "--reason", "Two years."])
    main(["course", "revoke", certificate.code, "--reason", "Issued in error."])
    assert sorted(certificate.events.values_list("kind", flat=True)) == ["expired", "revoked"]
    with pytest.raises(SystemExit) as ended:
        main(["course", "revoke", certificate.code, "--reason", "again"])
    assert "already revoked" in capsys.readouterr().err
