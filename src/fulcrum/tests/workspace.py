"""A full workspace built through the services, and the URL map walked route by route.

Shared by the tests that visit every page: the privacy walk (another user asks for
everything), the escaping walk (typed markup stays text) and the headers walk. Every
piece of free text comes from a ``Texts`` value, so each test chooses what to look for.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import ApiToken, Role, User
from fulcrum.accounts.roles import grant
from fulcrum.accounts.services import issue_api_token
from fulcrum.checkins.models import CheckIn, DriftWarning, SeriousConcern
from fulcrum.checkins.services import HISTORY_FIELDS, CheckInData, update_checkin
from fulcrum.clients.models import Client
from fulcrum.clientvoice.models import VoiceLink
from fulcrum.clientvoice.services import create_link, submit_answers
from fulcrum.core.course.content import load_course
from fulcrum.core.course.evaluation import STATEMENTS
from fulcrum.core.incidents import IncidentRecord
from fulcrum.core.voice import VoiceAnswers
from fulcrum.course.cohorts import answer_invitation, create_cohort, enrol
from fulcrum.course.models import Certificate, Cohort, Enrolment
from fulcrum.course.services import (
    issue_certificate,
    save_activity_note,
    submit_attempt,
    submit_evaluation,
)
from fulcrum.harbour.models import HarbourPlan
from fulcrum.harbour.services import current_plan, record_practice, save_plan
from fulcrum.incidents.models import Incident
from fulcrum.incidents.services import add_follow_up, record_incident
from fulcrum.policies.enforcement import (
    BodyworkData,
    EnforcementData,
    record_bodywork,
    record_enforcement,
)
from fulcrum.policies.links import create_consent_link
from fulcrum.policies.models import ConsentLink, PolicyVersion
from fulcrum.policies.services import edit_draft, publish, start_draft
from fulcrum.powermaps.models import PowerMap
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.services import EntryData, update_entry, write_entry
from fulcrum.supervision.feedback import ITEM_IDS
from fulcrum.supervision.models import Comment, HoursEntry, Share, SupervisionLink
from fulcrum.supervision.services import add_comment, decide_hours, log_hours, record_feedback
from fulcrum.supervision.tests.helpers import linked, make_supervisor, share_for
from fulcrum.testing import NOW, make_checkin, make_client, make_power_map, spend_course_time
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.services import attach_transcript
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import (
    Edit,
    approve_version,
    ask_contributor,
    publish_vignette,
    reply_to_educator,
    save_edit,
    submit_vignette,
)

# Route arguments that name one of a user's records.
ID_ARGS = {
    "client_id",
    "map_id",
    "checkin_id",
    "warning_id",
    "entry_id",
    "version",
    "transcript_id",
    "link_id",
    "token_id",
    "incident_id",
    "concern_id",
    "vignette_id",
    "published_id",
    "supervision_id",
    "share_id",
    "comment_id",
    "hours_id",
    "policy_id",
    "policy_version_id",
    "consent_link_id",
    "certificate_id",
    "cohort_id",
    "enrolment_id",
}
# Route arguments that name no record at all, with a value to use.
PLAIN_ARGS = {"name": "swagger-ui.css", "module_id": "tracking", "activity_id": "tracking-drift"}
# The API's own pages; its operations are walked through the OpenAPI schema instead.
API_PAGES = {"api:api-root", "api:openapi-json", "api:openapi-view"}


def walk_urls(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """Every named route as (route, namespaced name)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk_urls(p.url_patterns, prefix + str(p.pattern), ns)
        elif p.name:
            yield prefix + str(p.pattern), namespace + p.name


def route_args(route: str) -> list[str]:
    """The argument names of a Django route or an OpenAPI path, in order."""
    return [arg for _, arg in re.findall(r"<(?:(\w+):)?(\w+)>", route)] or re.findall(
        r"{(\w+)}", route
    )


def api_body(operation_id: str, ids: dict[str, int], transcript: bytes) -> dict[str, Any] | None:
    """A valid body for each API operation that takes one, naming the records in ``ids``
    (None for those that take none); ``transcript`` is the file an upload sends."""
    bodies: dict[str, dict[str, Any]] = {
        "create_client": {"code": "B-API", "started_on": "2026-02-01"},
        "replace_client": {"code": "B-PUT", "started_on": "2026-02-01"},
        "update_client": {"status": "paused"},
        "create_power_map": {"ratings": {"practitioner": {"expert": 2}}},
        "create_checkin": {"session_at": "2026-10-30T10:00:00+00:00"},
        "update_checkin": {"session_at": "2026-10-30T10:00:00+00:00"},
        "write_entry": {"body": "A note of one's own."},
        "update_entry": {"body": "Rewritten."},
        "save_plan": {"actions": [{"pillar": "trust", "position": 1, "text": "One's own."}]},
        "choose_practitioner": {"speaker": "Someone"},
        "close_concern": {"what_i_did": "Closed it."},
        "create_incident": {
            "happened_at": "2026-10-30T10:00:00+00:00",
            "direction": "client",
            "what_happened": "An incident of one's own.",
        },
        "amend_incident": {
            "happened_at": "2026-10-30T10:00:00+00:00",
            "direction": "client",
            "what_happened": "Rewritten.",
        },
        "add_follow_up": {"text": "Followed it up."},
        "publish_version": {
            "change": "editorial",
            "summary": "Clearer words.",
            "effective_on": "2026-11-01",
        },
        "record_verbal_consent": {
            "policy_version_id": ids["policy_version_id"],
            "checkin_id": ids["checkin_id"],
            "event": "accepted",
        },
        "create_consent_link": {"policy_version_ids": [ids["policy_version_id"]]},
        "record_enforcement": {
            "policy_id": ids["policy_id"],
            "occasion": "contact",
            "action": "discussed",
            "occurred_on": "2026-11-01",
            "note": "Talked it through.",
            "checkin_id": ids["checkin_id"],
        },
        "save_bodywork": {
            "areas_to_work": ["upper_back"],
            "areas_to_avoid": ["abdomen"],
            "pressure": "light",
            "draping_agreed": True,
        },
        "upload_transcript": {
            "file": SimpleUploadedFile("session.csv", transcript),
            "checkin_id": ids["checkin_id"],
        },
        "invite_supervisor": {
            "kind": "individual",
            "scope": ["checkins"],
            "started_on": "2026-09-01",
        },
        "accept_invitation": {"code": "AAAA-BBBB-CCCC", "qualification": "One's own"},
        "create_share": {
            "supervision_id": ids["supervision_id"],
            "client_ids": [ids["client_id"]],
            "since": "2026-01-01",
            "until": "2026-12-31",
            "entry_ids": [ids["entry_id"]],
        },
        "reply_on_share": {"body": "An answer.", "reply_to": ids["comment_id"]},
        "comment_on_share": {"body": "A comment.", "reply_to": ids["comment_id"]},
        "amend_comment": {"body": "Rewritten."},
        "review_share": {"review": "reviewed"},
        "log_hours": {"held_on": "2026-10-30", "minutes": 50, "kind": "individual"},
        "decide_hours": {"decision": "approved"},
        "give_feedback": {"answers": dict.fromkeys(ITEM_IDS, 3)},
    }
    # operation ids are module and function: fulcrum_api_api_create_client
    return next((b for key, b in bodies.items() if operation_id.endswith(f"_{key}")), None)


def call_operation(
    http: Any,
    method: str,
    url: str,
    operation: dict[str, Any],
    body: dict[str, Any] | None,
    headers: dict[str, str],
) -> Any:
    """Send one API operation with ``body`` (multipart for an upload, else JSON); a GET
    asks for every ``include_*`` extra its query offers."""
    query = {
        p["name"]: "true"
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p["name"].startswith("include_")
    }
    if "requestBody" in operation:
        assert body is not None, (
            f"give the walks a valid body for {operation['operationId']} ({method} {url})"
        )
    if "requestBody" in operation and "multipart/form-data" in operation["requestBody"]["content"]:
        return http.post(url, body, headers=headers)
    if method == "get":
        return http.get(url, query, headers=headers)
    send = getattr(http, method)
    if body is None:
        return send(url, headers=headers)
    return send(url, json.dumps(body), content_type="application/json", headers=headers)


def body_of(response: Any) -> bytes:
    """A response's body; a streamed one is read to the end, so the test client closes it
    as a server would (closing it by hand would close the database connection on
    PostgreSQL mid-test)."""
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def unknown_args(routes: list[tuple[str, str]]) -> set[str]:
    """Argument names the walks do not know how to fill."""
    return {a for route, _ in routes for a in route_args(route)} - ID_ARGS - set(PLAIN_ARGS)


@dataclass(frozen=True)
class Texts:
    """Every piece of free text the workspace holds, field by field."""

    code: str
    alias: str
    map_note: str
    checkin_note: str
    disclosure_note: str
    signals: str
    journal: str
    plan_text: str
    plan_note: str
    comment: str
    token_name: str
    practitioner: str
    speaker: str
    spoken: str
    filename: str
    learner_name: str

    def all(self) -> dict[str, str]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Workspace:
    """One client with a record of every kind, and the ids routes take."""

    client: Client
    power_map: PowerMap
    checkin: CheckIn
    warning: DriftWarning
    transcript: Transcript
    entry: JournalEntry
    plan: HarbourPlan
    link: VoiceLink
    open_token: str
    api_token: ApiToken
    incident: Incident
    concern: SeriousConcern
    vignette: Vignette
    published: Vignette
    supervisor: User
    supervision: SupervisionLink
    share: Share
    comment: Comment
    hours: HoursEntry
    policy_version: PolicyVersion
    consent_link: ConsentLink
    consent_token: str
    certificate: Certificate
    cohort: Cohort
    enrolment: Enrolment

    def ids(self) -> dict[str, int]:
        return {
            "client_id": self.client.pk,
            "map_id": self.power_map.pk,
            "checkin_id": self.checkin.pk,
            "warning_id": self.warning.pk,
            "entry_id": self.entry.pk,
            "version": self.plan.version,
            "transcript_id": self.transcript.pk,
            "link_id": self.link.pk,
            "token_id": self.api_token.pk,
            "incident_id": self.incident.pk,
            "concern_id": self.concern.pk,
            "vignette_id": self.vignette.pk,
            "published_id": self.published.pk,
            "supervision_id": self.supervision.pk,
            "share_id": self.share.pk,
            "comment_id": self.comment.pk,
            "hours_id": self.hours.pk,
            "policy_id": self.policy_version.policy_id,
            "policy_version_id": self.policy_version.pk,
            "consent_link_id": self.consent_link.pk,
            "certificate_id": self.certificate.pk,
            "cohort_id": self.cohort.pk,
            "enrolment_id": self.enrolment.pk,
        }


def transcript_csv(texts: Texts) -> bytes:
    """A short session as CSV, the format that takes any speaker name."""
    rows = [
        (texts.practitioner, f"Where would you like to begin today? {texts.spoken}?"),
        (texts.speaker, f"With {texts.spoken}, I think. It has been a hard week."),
        (texts.practitioner, "When I had a week like that I rested. Shall we begin?"),
        (texts.speaker, "Yes please."),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["speaker", "text"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def build_workspace(owner: User, texts: Texts) -> Workspace:
    """A client with a map, check-ins with a drift warning and a serious concern, a
    transcript, a journal entry, a plan with practised actions, an answered and an open
    client link, and an API token."""
    client = make_client(owner, texts.code, alias=texts.alias)
    power_map = make_power_map(client, note=texts.map_note)
    # Ten steady sessions, then six slipping ones: enough for an over-use warning.
    for day in range(30, 14, -1):
        slipping = day <= 20
        make_checkin(
            client,
            days_ago=day,
            choices_offered="no" if slipping else "yes",
            choices_count=None if slipping else 2,
            started_on_time=not slipping,
            ended_on_time=not slipping,
            disclosure=slipping,
            disclosure_served="practitioner" if slipping else "",
            disclosure_note=texts.disclosure_note if slipping else "",
            client_signals_noticed=True,
            client_signals=texts.signals,
            indicators=frozenset({"role_overidentification"}) if slipping else frozenset(),
            note=texts.checkin_note,
        )
    checkin = CheckIn.objects.filter(client=client).order_by("-session_at").first()
    # A later session with a grievance-level sign opens a serious concern.
    make_checkin(
        client,
        days_ago=14,
        choices_offered="no",
        started_on_time=False,
        indicators=frozenset({"role_overidentification", "scope_creep"}),
        note=texts.checkin_note,
    )
    concern = SeriousConcern.objects.get(client=client)
    warning = DriftWarning.objects.filter(client=client).first()
    assert checkin is not None
    assert warning is not None, "the slipping sessions should raise a warning"
    transcript = attach_transcript(
        client,
        transcript_csv(texts),
        f"{texts.filename}.csv",
        checkin=checkin,
        practitioner=texts.practitioner,
        now=NOW,
    )
    entry = write_entry(
        owner,
        EntryData(
            body=texts.journal,
            client=client,
            checkin=checkin,
            warning=warning,
            include_in_supervision=True,
        ),
        now=NOW,
    )
    # Edits, so the history pages show typed words: the journal entry's, the check-in's.
    update_entry(
        entry,
        EntryData(
            body=f"{texts.journal} (edited)",
            client=client,
            checkin=checkin,
            warning=warning,
            include_in_supervision=True,
        ),
        now=NOW,
        reason=texts.comment,
    )
    answers = {name: getattr(checkin, name) for name in HISTORY_FIELDS}
    for name in ("indicators", "practitioner_state"):
        answers[name] = frozenset(answers[name])
    answers["note"] = f"{texts.checkin_note} (edited)"
    update_checkin(checkin, CheckInData(**answers), now=NOW)
    plan, _ = save_plan(
        owner, {("trust", 1): texts.plan_text}, now=NOW - timedelta(days=60), note=texts.plan_note
    )
    current = current_plan(owner)
    assert current is not None
    record_practice(checkin, [a.pk for a in current.actions.all()], owner=owner)
    answered_at = checkin.session_at + timedelta(hours=1)
    _, raw = create_link(checkin, now=answered_at)
    submit_answers(raw, VoiceAnswers(2, 9, 9, 9), comment=texts.comment, now=answered_at)
    # An open link, valid whenever the test runs.
    link, open_token = create_link(checkin, now=NOW)
    api_token = issue_api_token(owner, name=texts.token_name, now=NOW).token
    incident = record_incident(
        owner,
        IncidentRecord(
            happened_at=NOW - timedelta(days=5),
            direction="client",
            what_happened=f"{texts.checkin_note} (incident)",
            conduct=("complaint_threatened",),
            others_involved=texts.comment,
            what_was_done=texts.signals,
        ),
        client=client,
        now=NOW,
    )
    # The owner is an educator too (with a second factor, so the teaching pages open): a
    # vignette waits in the queue with the owner's words, and one is in the library.
    grant(owner, [Role.EDUCATOR])
    TOTPDevice.objects.get_or_create(user=owner, name="app", defaults={"confirmed": True})
    vignette, _ = submit_vignette(texts.journal, disguise="thick", licence="cc-by", now=NOW)
    published, _ = submit_vignette(
        "A vignette in the library.", disguise="composite", licence="cc-by", now=NOW
    )
    # Published more than the longest delay ago, so it has appeared by NOW.
    then = NOW - timedelta(days=8)
    published = save_edit(
        published, Edit(title="A vignette", text="A vignette in the library."), now=then
    )
    published = publish_vignette(approve_version(published, published.version), now=then)
    # The waiting one has a question, a reply and a version waiting for approval.
    ask_contributor(vignette, f"{texts.comment} (question)", now=NOW)
    reply_to_educator(vignette, f"{texts.plan_note} (reply)", now=NOW)
    vignette = save_edit(vignette, Edit(title=texts.plan_text, text=texts.journal), now=NOW)
    # A supervisor linked to the owner, a snapshot shared with them, and their comment.
    supervisor = make_supervisor(f"sup-{owner.username}")
    supervision = linked(owner, supervisor)
    share = share_for(
        owner,
        supervision,
        client,
        entry_ids=frozenset({entry.pk}),
        notes=frozenset({"checkin", "disclosure", "map", "client_comment"}),
    )
    comment = add_comment(
        share, supervisor, f"{texts.checkin_note} (comment)", section=client.code, now=NOW
    )
    add_comment(share, owner, f"{texts.journal} (reply)", reply_to=comment, now=NOW)
    hours = log_hours(
        supervision,
        owner,
        held_on=NOW.date(),
        minutes=50,
        kind="individual",
        topics=f"{texts.plan_note} (hours)",
        now=NOW,
    )
    decide_hours(hours, supervisor, "approved", now=NOW)
    record_feedback(
        hours, owner, dict.fromkeys(ITEM_IDS, 3), note=f"{texts.journal} (feedback)", now=NOW
    )
    # A policy with two published versions (so there is a diff) and an open draft.
    draft = start_draft(owner, "contact", now=NOW)
    edit_draft(draft, title=texts.plan_text, text=texts.journal, now=NOW)
    publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
    draft = start_draft(owner, "contact", now=NOW)
    edit_draft(draft, title=texts.plan_text, text=f"{texts.journal} {texts.comment}", now=NOW)
    policy_version = publish(
        draft, change="material", summary=texts.plan_note, effective_on=NOW.date(), now=NOW
    )
    start_draft(owner, "contact", now=NOW)
    add_follow_up(incident, texts.plan_note, now=NOW)
    consent_link, consent_token = create_consent_link(client, [policy_version], now=NOW)
    # What was done when the policy applied, and a session's bodywork consent, in words typed.
    record_enforcement(
        client,
        EnforcementData(
            policy=policy_version.policy,
            occasion="contact",
            action="waived",
            occurred_on=NOW.date(),
            note=f"{texts.comment} (enforcement)",
        ),
        now=NOW,
    )
    record_bodywork(
        checkin,
        BodyworkData(
            areas_to_avoid=frozenset({"abdomen"}),
            areas_note=f"{texts.signals} (areas)",
            agreement_note=f"{texts.plan_note} (draping)",
            withdrew=True,
            withdrawal_note=f"{texts.checkin_note} (withdrawal)",
        ),
        now=NOW,
    )
    # Every quiz of the course passed, the time spent, the evaluation given in the
    # owner's words, and the certificate issued under the name typed.
    course = load_course()
    for module in course.modules:
        answers = {item.item_id: item.correct for item in module.items}
        submit_attempt(owner, course, module.id, answers, now=NOW)
    spend_course_time(owner)
    ratings = {s.id: "4" for s in STATEMENTS}
    submit_evaluation(owner, course, ratings, {"change": texts.journal}, now=NOW)
    certificate, _ = issue_certificate(owner, course, texts.learner_name, now=NOW)
    # The owner, as an educator, runs a cohort named in their words, and joined it.
    cohort = create_cohort(owner, course, texts.plan_note, now=NOW)
    enrolment = answer_invitation(
        enrol(cohort, owner.username, now=NOW), owner, accept=True, now=NOW
    )
    # A practice-activity note the owner keeps to themselves.
    save_activity_note(
        owner, course, "tracking", "tracking-drift", texts.journal, share=False, now=NOW
    )
    return Workspace(
        client=client,
        power_map=power_map,
        checkin=checkin,
        warning=warning,
        transcript=transcript,
        entry=entry,
        plan=plan,
        link=link,
        open_token=open_token,
        api_token=api_token,
        incident=incident,
        concern=concern,
        vignette=vignette,
        published=published,
        supervisor=supervisor,
        supervision=supervision,
        share=share,
        comment=comment,
        hours=hours,
        policy_version=policy_version,
        consent_link=consent_link,
        consent_token=consent_token,
        certificate=certificate,
        cohort=cohort,
        enrolment=enrolment,
    )
