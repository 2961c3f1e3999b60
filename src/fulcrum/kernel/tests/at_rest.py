"""Write a marker into every free-text field through the services, for the at-rest tests.

``python -m fulcrum.kernel.tests.at_rest MARKER SNAPSHOT_DIR EXPORT_FILE`` does it in an
SQLite database of its own (the settings come from the environment); copies the database
file and its WAL into SNAPSHOT_DIR while the connection is still open (SQLite folds the
WAL back in when the last connection closes); then exports the workspace to EXPORT_FILE
with ``fulcrum export``.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
USERNAME = "at-rest"


def write_markers(marker: str) -> None:
    """Fill every encrypted field of every model with text containing ``marker``."""
    from django.contrib.sessions.backends.base import SessionBase

    from fulcrum.accounts.services import issue_api_token, sign_up
    from fulcrum.checkins.services import (
        CheckInData,
        ConcernClosing,
        close_concern,
        record_checkin,
        update_checkin,
    )
    from fulcrum.clients.services import create_client
    from fulcrum.clientvoice.services import create_link, submit_answers
    from fulcrum.core.harbour import PILLARS
    from fulcrum.core.incidents import IncidentRecord
    from fulcrum.core.voice import VoiceAnswers
    from fulcrum.harbour.services import save_plan
    from fulcrum.incidents.services import record_incident
    from fulcrum.kernel.sessions import SessionStore
    from fulcrum.powermaps.services import record_power_map
    from fulcrum.reflection.services import EntryData, write_entry
    from fulcrum.transcripts.services import attach_transcript

    user = sign_up(username=USERNAME, password="a long and unusual passphrase 42")
    issue_api_token(user, name=f"laptop {marker}", now=NOW)
    client = create_client(
        user, code="C-001", started_on=date(2026, 1, 5), now=NOW, alias=f"alias {marker}"
    )
    record_power_map(
        client,
        ratings={"practitioner": {"expert": 3}, "client": {"legitimate": 2}},
        note=f"map note {marker}",
        third_party_label=f"third party {marker}",
        assessed_at=NOW - timedelta(days=1),
    )
    recorded = record_checkin(
        client,
        CheckInData(
            session_at=NOW - timedelta(hours=2),
            disclosure=True,
            disclosure_served="client",
            disclosure_note=f"disclosure {marker}",
            client_signals_noticed=True,
            client_signals=f"signals {marker}",
            note=f"session note {marker}",
            indicators=frozenset({"scope_creep"}),
        ),
        now=NOW,
    )
    checkin = recorded.checkin
    # An edit keeps the answers it replaced, and why, in the check-in's history.
    update_checkin(
        checkin,
        CheckInData(
            session_at=checkin.session_at,
            disclosure=True,
            disclosure_served="client",
            disclosure_note=f"disclosure {marker}",
            client_signals_noticed=True,
            client_signals=f"signals {marker}",
            note=f"edited note {marker}",
            indicators=frozenset({"scope_creep"}),
        ),
        now=NOW,
        reason=f"edit reason {marker}",
    )
    close_concern(
        recorded.concerns[0],
        ConcernClosing(f"what I did {marker}", f"who I consulted {marker}"),
        now=NOW,
    )
    save_plan(
        user,
        {(PILLARS[0].id, 1): f"harbour action {marker}"},
        now=NOW,
        note=f"plan note {marker}",
    )
    write_entry(user, EntryData(body=f"journal {marker}", client=client), now=NOW)
    # An incident's words live only in its sealed ledger entry.
    record_incident(
        user,
        IncidentRecord(
            happened_at=NOW,
            direction="client",
            what_happened=f"incident {marker}",
            others_involved=f"others {marker}",
            what_was_done=f"done {marker}",
            follow_ups=f"follow-up {marker}",
        ),
        client=client,
        now=NOW,
    )
    _, raw = create_link(checkin, now=NOW)
    submit_answers(
        raw,
        VoiceAnswers(choice=7, voice=6, safety=8, respect=9),
        comment=f"client comment {marker}",
        now=NOW,
    )
    # Three speakers make Fulcrum unsure, so the warnings name them too.
    lines = [f"{marker}{name}: Hello {marker}, line {n}." for n, name in enumerate("ABC")]
    attach_transcript(
        client,
        "\n".join(lines).encode(),
        f"session {marker}.txt",
        checkin=checkin,
        now=NOW,
    )
    # The answer the API keeps for a creating call sent with an Idempotency-Key.
    from django.http import JsonResponse

    from fulcrum.api.idempotency import claim_key, remember_answer

    claim = claim_key(user, f"key {marker}", "0" * 64, now=NOW)
    assert claim.record is not None
    remember_answer(claim.record, JsonResponse({"body": f"journal {marker}"}, status=201))
    # Supervision: a supervisor's qualification, a shared snapshot, a comment, hours.
    from fulcrum.accounts.models import Role
    from fulcrum.accounts.roles import grant
    from fulcrum.supervision.report import ReportChoice, build_report
    from fulcrum.supervision.services import (
        accept_invitation,
        add_comment,
        decide_hours,
        invite_supervisor,
        log_hours,
        share_report,
    )

    supervisor = sign_up(username="at-rest-supervisor", password="another long passphrase 43")
    grant(supervisor, [Role.SUPERVISOR])
    _, code = invite_supervisor(
        user, kind="individual", scope=["checkins", "notes"], started_on=NOW.date(), now=NOW
    )
    link = accept_invitation(
        supervisor,
        code,
        qualification=f"qualification {marker}",
        registration=f"registration {marker}",
        jurisdiction=f"jurisdiction {marker}",
        address="192.0.2.1",
        now=NOW,
    )
    report = build_report(
        user,
        ReportChoice(
            clients=(client,),
            since=NOW.date() - timedelta(days=30),
            until=NOW.date(),
            notes=frozenset({"checkin"}),
        ),
        now=NOW,
    )
    share = share_report(link, report, now=NOW)
    add_comment(share, supervisor, f"comment {marker}", section="general", now=NOW)
    hours = log_hours(
        link,
        user,
        held_on=NOW.date(),
        minutes=50,
        kind="individual",
        topics=f"topics {marker}",
        now=NOW,
    )
    decide_hours(hours, supervisor, "returned", reason=f"reason {marker}", now=NOW)
    session: SessionBase = SessionStore()
    from fulcrum.vignettes.services import (
        Edit,
        approve_version,
        ask_contributor,
        decline_vignette,
        publish_vignette,
        reply_to_educator,
        save_edit,
        submit_vignette,
    )

    sent, _ = submit_vignette(f"vignette {marker}", disguise="thick", licence="cc-by", now=NOW)
    edit = Edit(
        title=f"title {marker}",
        text=f"edited vignette {marker}",
        teaching_notes=f"teaching notes {marker}",
        questions=f"questions {marker}",
    )
    ask_contributor(sent, f"question to the contributor {marker}", now=NOW)
    reply_to_educator(sent, f"reply by codename {marker}", now=NOW)
    sent = save_edit(sent, edit, now=NOW)
    second = Edit(
        title=f"title {marker}",
        text=f"second version {marker}",
        teaching_notes=f"teaching notes {marker}",
        questions=f"questions {marker}",
    )
    sent = save_edit(sent, second, now=NOW)
    publish_vignette(approve_version(sent, sent.version), now=NOW)
    waiting, _ = submit_vignette(f"waiting {marker}", disguise="thick", licence="cc-by", now=NOW)
    decline_vignette(waiting, f"reason {marker}", now=NOW)
    # Policies and consent: a draft, two published versions, a consent, a question.
    from fulcrum.policies.consent import record_consent
    from fulcrum.policies.services import edit_draft, publish, start_draft

    draft = start_draft(user, "contact", now=NOW)
    edit_draft(draft, title=f"policy title {marker}", text=f"policy text {marker}", now=NOW)
    first = publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
    draft = start_draft(user, "contact", now=NOW)
    edit_draft(draft, title=f"policy title {marker}", text=f"new text {marker}", now=NOW)
    publish(draft, change="material", summary=f"summary {marker}", effective_on=NOW.date(), now=NOW)
    record_consent(
        client, first, event="accepted", channel="link", typed_name=f"name {marker}", now=NOW
    )
    record_consent(
        client, first, event="question", channel="link", question=f"question {marker}", now=NOW
    )
    # What was done when it applied, and a session's bodywork consent.
    from fulcrum.policies.enforcement import (
        BodyworkData,
        EnforcementData,
        record_bodywork,
        record_enforcement,
    )

    record_enforcement(
        client,
        EnforcementData(
            policy=first.policy,
            occasion="contact",
            action="waived",
            occurred_on=NOW.date(),
            note=f"enforcement note {marker}",
        ),
        now=NOW,
    )
    record_bodywork(
        checkin,
        BodyworkData(
            areas_note=f"areas {marker}",
            agreement_note=f"draping {marker}",
            withdrew=True,
            withdrawal_note=f"withdrawal {marker}",
        ),
        now=NOW,
    )
    # Feedback on supervision, on the hours logged above.
    from fulcrum.supervision.feedback import ITEM_IDS
    from fulcrum.supervision.services import record_feedback

    record_feedback(hours, user, dict.fromkeys(ITEM_IDS, 2), note=f"note {marker}", now=NOW)
    # The course: every quiz passed, a certificate under the typed name, then revoked.
    from fulcrum.core.course.content import load_course
    from fulcrum.core.course.evaluation import STATEMENTS
    from fulcrum.course.services import (
        issue_certificate,
        revoke_certificate,
        submit_attempt,
        submit_evaluation,
    )
    from fulcrum.testing import spend_course_time

    course = load_course()
    for module in course.modules:
        answers = {item.item_id: item.correct for item in module.items}
        submit_attempt(user, course, module.id, answers, now=NOW)
    spend_course_time(user, until=NOW)
    ratings = {s.id: "3" for s in STATEMENTS}
    submit_evaluation(
        user, course, ratings, {"change": f"change {marker}", "next": f"next {marker}"}, now=NOW
    )
    certificate, _ = issue_certificate(user, course, f"learner {marker}", now=NOW)
    revoke_certificate(certificate, f"revoked {marker}", now=NOW)
    # A cohort the user runs, with a username typed to enrol.
    from fulcrum.course.cohorts import create_cohort, enrol

    enrol(create_cohort(user, course, f"cohort {marker}", now=NOW), f"name-{marker}", now=NOW)
    from fulcrum.course.services import save_activity_note

    save_activity_note(
        user, course, "tracking", "tracking-drift", f"note {marker}", share=True, now=NOW
    )
    # An adapted course the user publishes, its title in the user's words.
    import dataclasses

    from fulcrum.accounts.models import Role
    from fulcrum.course.services import publish_course
    from fulcrum.testing import make_user

    educator = make_user(f"educator-{marker[:8]}", Role.EDUCATOR)
    publish_course(dataclasses.replace(course, title=f"course {marker}"), educator, now=NOW)
    session["notice"] = f"session notice {marker}"
    session.save()


# Sealed fields no typed text reaches: Fulcrum makes their values itself.
NOT_TYPED = {
    "course.storeditem.body": "Fulcrum's own course text.",
    "course.attempt.answers": "The keys of the choices a learner picked.",
    "course.certificate.facts": "The course's facts and hours, computed by Fulcrum.",
    "course.certificate.code": "A random verification code Fulcrum makes.",
    "course.evaluation.ratings": "Whole numbers on Fulcrum's own scale.",
    "supervision.supervisionfeedback.answers": "Whole numbers on Fulcrum's own scale.",
    "supervision.share.agenda": (
        "Fulcrum's own questions about a share, with client codes (kept in the clear on "
        "the client) and times."
    ),
}


def encrypted_values_holding(marker: str) -> dict[str, bool]:
    """For every encrypted field, whether some stored value, opened, holds ``marker``."""
    from fulcrum.kernel.encryption import encrypted_models

    found: dict[str, bool] = {}
    for model, fields in encrypted_models():
        for field in fields:
            label = f"{model._meta.label_lower}.{field.name}"
            values: list[Any] = list(model._default_manager.values_list(field.name, flat=True))
            if model._meta.label_lower == "sessions.session":
                from fulcrum.kernel.sessions import SessionStore

                values = [SessionStore().decode(v) for v in values]
            found[label] = any(marker in repr(v) for v in values)
    return found


def main() -> None:
    marker, snapshot_dir, export_file = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    write_markers(marker)
    missing = [
        label
        for label, held in encrypted_values_holding(marker).items()
        if not held and label not in NOT_TYPED
    ]
    if missing:
        raise SystemExit(f"No marker reached {', '.join(missing)}.")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        database = Path(str(settings.DATABASES["default"]["NAME"]))
        for suffix in ("", "-wal"):
            source = Path(f"{database}{suffix}")
            if source.exists():
                shutil.copyfile(source, snapshot_dir / source.name)
    connections.close_all()
    from fulcrum.cli import main as fulcrum

    try:
        fulcrum(["export", "--user", USERNAME, "--format", "json", "--output", export_file])
    except SystemExit as exc:
        if exc.code:
            raise


if __name__ == "__main__":
    main()
