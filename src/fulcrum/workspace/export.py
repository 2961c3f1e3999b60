"""The workspace export: one user's whole record as JSON, or its check-ins as CSV.

Everything is read through the areas' access functions, so nothing of another user is
read; without ``include_alias`` every alias is left out and one written into free text
is replaced by the client's code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fulcrum.accounts.models import User
from fulcrum.checkins.access import checkins_for_user, concerns_for_user, warnings_for_user
from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.clientvoice.access import voice_answers_for_user, voice_links_for_user
from fulcrum.core.harbour import PILLAR_IDS
from fulcrum.core.report import PRACTITIONER, redact_aliases
from fulcrum.core.voice import ITEM_IDS
from fulcrum.course.audit import learner_record
from fulcrum.harbour.access import harbour_plans_for_user, practised_actions_for_user
from fulcrum.history.access import revisions_for_user
from fulcrum.policies.access import (
    bodywork_for_user,
    consent_events_for_user,
    enforcement_records_for_user,
    policies_for_user,
)
from fulcrum.powermaps.access import power_maps_for_user
from fulcrum.reflection.access import journal_entries_for_user
from fulcrum.transcripts.access import transcripts_for_user
from fulcrum.transcripts.models import Utterance

EXPORT_FORMATS = ("json", "csv")
CSV_COLUMNS = (
    "client_code",
    "session_at",
    "over_score",
    "under_score",
    "skilful_score",
    "choices_offered",
    "choices_count",
    "disclosure",
    "disclosure_served",
    "started_on_time",
    "ended_on_time",
    "client_signals_noticed",
    "practitioner_state",
    "indicators",
    "observed",
    "disclosure_followed",
    "practised_actions",
    "client_choice",
    "client_voice",
    "client_safety",
    "client_respect",
)
VOICE_ITEMS = ITEM_IDS


def export_workspace(
    owner: User,
    *,
    fmt: str,
    include_alias: bool,
    include_transcripts: bool = True,
    track: Callable[[list[Client]], Iterable[Client]] = iter,
) -> str:
    """Render ``owner``'s workspace in ``fmt``; nothing of any other user is read.

    Without ``include_alias`` every alias is left out, and one written into free text
    (notes, journal, the client's comments, what was said in a transcript) is replaced
    by the client's code; transcripts' speakers are then named by their part.
    ``include_transcripts`` carries what was said in each transcript (they can be large);
    without it a transcript goes out as metadata only. ``track`` wraps the walk over
    clients (the command line draws a progress bar).
    """
    clients = list(clients_for_user(owner, include_archived=True).order_by("code"))
    aliases = {} if include_alias else {c.alias: c.code for c in clients if c.alias.strip()}
    if aliases and owner.get_full_name().strip():  # nor the practitioner's own name
        aliases[owner.get_full_name()] = PRACTITIONER
    scrub = _Scrubber(aliases)
    documents: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for client in track(clients):
        if fmt == "json":
            documents.append(
                _client_document(
                    owner,
                    client,
                    scrub,
                    include_alias=include_alias,
                    include_transcripts=include_transcripts,
                )
            )
        else:
            rows.extend(_checkin_rows(owner, client, include_alias=include_alias))
    if fmt == "json":
        document = {
            "format": "fulcrum-workspace",
            "version": 1,
            "clients": documents,
            "journal": _journal(owner, scrub),
            "safe_harbour_plan": _plan_versions(owner, scrub),
            "policies": _policies(owner),
            # Kept for the learner's own copy; import leaves it out (certificates and
            # attempts are records of what happened, not something to make again).
            "course": learner_record(owner, scrub),
            # What each edit replaced, kept sealed in the ledger; import leaves it out
            # (an imported record starts a history of its own).
            "history": _history(owner, scrub),
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _csv(rows, include_alias=include_alias)


@dataclass(frozen=True)
class _Scrubber:
    """Replaces aliases written into free text with the client's code."""

    aliases: dict[str, str]

    def __call__(self, text: str) -> str:
        return redact_aliases(text, self.aliases) if self.aliases else text


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _practised_keys(owner: User, client: Client) -> dict[int, list[str]]:
    """The safe-harbour actions practised in each of ``client``'s sessions, by action key."""

    keys: dict[int, list[str]] = {}
    for checkin_id, key in (
        practised_actions_for_user(owner)
        .filter(checkin__client=client)
        .order_by("checkin_id", "action__pillar", "action__position")
        .values_list("checkin_id", "action__key")
    ):
        keys.setdefault(checkin_id, []).append(key)
    return keys


def _client_document(
    owner: User,
    client: Client,
    scrub: _Scrubber,
    *,
    include_alias: bool,
    include_transcripts: bool,
) -> dict[str, Any]:

    practised = _practised_keys(owner, client)
    doc: dict[str, Any] = {"code": client.code}
    if include_alias:
        doc["alias"] = client.alias
    doc |= {
        "modality": client.modality,
        "started_on": _iso(client.started_on),
        "status": client.status,
        "archived_at": _iso(client.archived_at),
        "power_maps": [
            {
                "assessed_at": _iso(m.assessed_at),
                "ratings": m.ratings,
                "amplifiers": m.amplifiers,
                "counter_factors": m.counter_factors,
                "note": scrub(m.note),
                "third_party_kind": m.third_party_kind,
                "third_party_label": scrub(m.third_party_label),
                "overall_differential": m.overall_differential,
                "amplification": m.amplification,
                "counterweight": m.counterweight,
            }
            for m in power_maps_for_user(owner).filter(client=client).order_by("assessed_at", "pk")
        ],
        "checkins": [
            {
                "id": c.pk,
                "session_at": _iso(c.session_at),
                "indicators": c.indicators,
                "choices_offered": c.choices_offered,
                "choices_count": c.choices_count,
                "disclosure": c.disclosure,
                "disclosure_served": c.disclosure_served,
                "disclosure_followed": c.disclosure_followed,
                "disclosure_note": scrub(c.disclosure_note),
                "started_on_time": c.started_on_time,
                "ended_on_time": c.ended_on_time,
                "client_signals_noticed": c.client_signals_noticed,
                "client_signals": scrub(c.client_signals),
                "practitioner_state": c.practitioner_state,
                "note": scrub(c.note),
                "scores": {
                    "over": c.over_score,
                    "under": c.under_score,
                    "skilful": c.skilful_score,
                },
                "observed": c.observed,
                "practised_actions": practised.get(c.pk, []),
            }
            for c in checkins_for_user(owner).filter(client=client).order_by("session_at", "pk")
        ],
        "warnings": [
            {
                "direction": w.direction,
                "rule": w.rule,
                "title": w.title,
                "explanation": w.explanation,
                "question": w.question,
                "indicator_ids": w.indicator_ids,
                "checkin_ids": w.checkin_ids,
                "first_at": _iso(w.first_at),
                "detected_at": _iso(w.detected_at),
                "acknowledged_at": _iso(w.acknowledged_at),
            }
            for w in warnings_for_user(owner).filter(client=client).order_by("detected_at", "pk")
        ],
        "serious_concerns": [
            {
                "indicator_ids": sc.indicator_ids,
                "checkin_ids": sc.checkin_ids,
                "opened_at": _iso(sc.opened_at),
                "closed_at": _iso(sc.closed_at),
                "what_i_did": scrub(sc.what_i_did),
                "who_i_consulted": scrub(sc.who_i_consulted),
            }
            for sc in concerns_for_user(owner).filter(client=client).order_by("opened_at", "pk")
        ],
        "transcripts": _transcripts(
            owner, client, scrub, include_names=include_alias, include_said=include_transcripts
        ),
        "voice_links": [
            {
                "checkin_id": link.checkin_id,
                "created_at": _iso(link.created_at),
                "expires_at": _iso(link.expires_at),
                "answered": link.used_at is not None,
            }
            for link in voice_links_for_user(owner)
            .filter(client=client)
            .order_by("created_at", "pk")
        ],
        "voice_answers": [
            {
                "checkin_id": a.checkin_id,
                "answered_at": _iso(a.answered_at),
                **{item: getattr(a, item) for item in VOICE_ITEMS},
                "comment": scrub(a.comment),
            }
            for a in voice_answers_for_user(owner)
            .filter(checkin__client=client)
            .order_by("answered_at", "pk")
        ],
        "consent_events": [
            {
                "policy": e.version.policy.kind,
                "version": e.version.number,
                "version_sha256": e.version_sha256,
                "event": e.event,
                "channel": e.channel,
                # The name the client typed is who they are: only with the aliases.
                **({"typed_name": e.typed_name} if include_alias else {}),
                "statement": e.statement,
                "question": scrub(e.question),
                "checkin_id": e.checkin_id,
                "recorded_at": _iso(e.recorded_at),
                # Where the event sits in the tamper-evident record, to check it there.
                "ledger_sequence": e.entry.sequence,
                "ledger_entry_hash": bytes(e.entry.entry_hash).hex(),
            }
            for e in consent_events_for_user(owner)
            .filter(client=client)
            .select_related("version__policy", "entry")
            .order_by("recorded_at", "pk")
        ],
        "enforcement_records": [
            {
                "policy": r.version.policy.kind,
                "version": r.version.number,
                "version_sha256": r.version.sha256,
                "agreed_version": r.agreed_version.number if r.agreed_version else None,
                "occasion": r.occasion,
                "action": r.action,
                "occurred_on": _iso(r.occurred_on),
                "amount": str(r.amount) if r.amount is not None else None,
                "note": scrub(r.note),
                "checkin_id": r.checkin_id,
                "recorded_at": _iso(r.recorded_at),
                "ledger_sequence": r.entry.sequence,
                "ledger_entry_hash": bytes(r.entry.entry_hash).hex(),
            }
            for r in enforcement_records_for_user(owner)
            .filter(client=client)
            .select_related("version__policy", "agreed_version", "entry")
            .order_by("occurred_on", "recorded_at", "pk")
        ],
        "bodywork_consent": [
            {
                "checkin_id": b.checkin_id,
                "areas_to_work": b.areas_to_work,
                "areas_to_avoid": b.areas_to_avoid,
                "areas_worked": b.areas_worked,
                "areas_note": scrub(b.areas_note),
                "pressure": b.pressure,
                "positioning_agreed": b.positioning_agreed,
                "draping_agreed": b.draping_agreed,
                "agreement_note": scrub(b.agreement_note),
                "withdrew": b.withdrew,
                "withdrawal_note": scrub(b.withdrawal_note),
                "recorded_at": _iso(b.recorded_at),
                "updated_at": _iso(b.updated_at),
            }
            for b in bodywork_for_user(owner)
            .filter(checkin__client=client)
            .order_by("checkin__session_at", "pk")
        ],
    }
    return doc


def _policies(owner: User) -> list[dict[str, Any]]:
    """Every policy with its published versions (oldest first) and any open draft."""
    out = []
    for policy in policies_for_user(owner).prefetch_related("versions").order_by("kind"):
        versions = sorted(policy.versions.all(), key=lambda v: v.number or 0)
        draft = next((v for v in versions if v.published_at is None), None)
        out.append(
            {
                "kind": policy.kind,
                "created_at": _iso(policy.created_at),
                "versions": [
                    {
                        "number": v.number,
                        "title": v.title,
                        "text": v.text,
                        "sha256": v.sha256,
                        "change": v.change,
                        "change_summary": v.change_summary,
                        "effective_on": _iso(v.effective_on),
                        "published_at": _iso(v.published_at),
                    }
                    for v in versions
                    if v.published_at is not None
                ],
                "draft": {"title": draft.title, "text": draft.text} if draft else None,
            }
        )
    return out


def _transcripts(
    owner: User, client: Client, scrub: _Scrubber, *, include_names: bool, include_said: bool
) -> list[dict[str, Any]]:
    transcripts = list(
        transcripts_for_user(owner).filter(client=client).order_by("session_at", "created_at", "pk")
    )
    said: dict[int, list[Any]] = {}
    if include_said and transcripts:
        for u in Utterance.objects.filter(transcript__in=transcripts).order_by(
            "transcript_id", "index"
        ):
            said.setdefault(u.transcript_id, []).append(u)
    documents = []
    for t in transcripts:
        doc = _transcript(t, include_names=include_names)
        if include_said:
            doc["utterances"] = _utterances(t, said.get(t.pk, []), scrub, names=include_names)
        documents.append(doc)
    return documents


def _utterances(
    t: Any, utterances: list[Any], scrub: _Scrubber, *, names: bool
) -> list[dict[str, Any]]:
    """What was said, turn by turn; without names, a speaker is named by their part."""
    parts = {t.practitioner: "Practitioner"} if t.practitioner else {}
    for speaker in t.speakers:
        parts.setdefault(speaker, f"Speaker {len(parts) + (0 if t.practitioner else 1)}")
    return [
        {
            "index": u.index,
            "speaker": u.speaker if names else parts.get(u.speaker, "Speaker"),
            "text": scrub(u.text),
            "start": u.start,
            "end": u.end,
            "line": u.line,
        }
        for u in utterances
    ]


def _transcript(t: Any, *, include_names: bool) -> dict[str, Any]:
    """A transcript's metadata and indices; what was said is added by ``_transcripts``.

    File and speaker names often carry people's real names, so they go with aliases.
    """
    doc: dict[str, Any] = {
        "checkin_id": t.checkin_id,
        "session_at": _iso(t.session_at),
        "source_format": t.source_format,
        "speaker_count": len(t.speakers),
        "practitioner_source": t.practitioner_source,
        "practitioner_confidence": t.practitioner_confidence,
        # Fulcrum's own guess at who practises, kept when the person chose someone else:
        # how sure it was and what it went on ("source", "label", "heuristic" or "").
        "guessed_confidence": t.guessed_confidence,
        "guessed_basis": t.guessed_basis,
        "utterance_count": t.utterance_count,
        "coder": t.coder,
        "coder_kind": t.coder_kind,
        "over_use": t.over_use,
        "under_use": t.under_use,
        "created_at": _iso(t.created_at),
        "analysed_at": _iso(t.analysed_at),
    }
    if include_names:
        doc |= {
            "filename": t.filename,
            "speakers": t.speakers,
            "practitioner": t.practitioner,
            "guessed_practitioner": t.guessed_practitioner,
        }
    return doc


def _journal(owner: User, scrub: _Scrubber) -> list[dict[str, Any]]:

    return [
        {
            "id": e.pk,
            "written_at": _iso(e.written_at),
            "updated_at": _iso(e.updated_at),
            "prompt_id": e.prompt_id,
            "body": scrub(e.body),
            "client_code": e.client.code if e.client is not None else None,
            "checkin_id": e.checkin_id,
            "warning_title": e.warning.title if e.warning is not None else None,
            "include_in_supervision": e.include_in_supervision,
        }
        for e in journal_entries_for_user(owner)
        .select_related("client", "warning")
        .order_by("written_at", "pk")
    ]


def _history(owner: User, scrub: _Scrubber) -> list[dict[str, Any]]:
    """Each edit's replaced values, naming its record by kind and the id the export gives
    it (a check-in's or a journal entry's ``id``)."""

    def scrubbed(value: Any) -> Any:
        if isinstance(value, str):
            return scrub(value)
        if isinstance(value, list):
            return [scrubbed(v) for v in value]
        if isinstance(value, dict):
            return {k: scrubbed(v) for k, v in value.items()}
        return value

    return [
        {
            "subject": r.subject,
            "id": r.subject_id,
            "number": r.number,
            "before": scrubbed(dict(r.before)),
            "reason": scrub(r.reason),
            "changed_at": _iso(r.changed_at),
            "digest": r.digest,
        }
        for r in revisions_for_user(owner)
    ]


def _plan_versions(owner: User, scrub: _Scrubber) -> list[dict[str, Any]]:

    return [
        {
            "version": plan.version,
            "created_at": _iso(plan.created_at),
            "note": scrub(plan.note),
            "actions": [
                {"key": a.key, "pillar": a.pillar, "position": a.position, "text": scrub(a.text)}
                for a in sorted(
                    plan.actions.all(), key=lambda a: (_pillar_order(a.pillar), a.position)
                )
            ],
        }
        for plan in harbour_plans_for_user(owner).prefetch_related("actions").order_by("version")
    ]


def _pillar_order(pillar: str) -> int:
    return PILLAR_IDS.index(pillar) if pillar in PILLAR_IDS else len(PILLAR_IDS)


def _checkin_rows(owner: User, client: Client, *, include_alias: bool) -> list[dict[str, Any]]:

    practised = _practised_keys(owner, client)
    # The latest answer the client gave about each session, if any.
    answers = {
        a.checkin_id: a
        for a in voice_answers_for_user(owner)
        .filter(checkin__client=client)
        .order_by("answered_at", "pk")
    }
    rows = []
    checkins = checkins_for_user(owner).filter(client=client).order_by("session_at", "pk")
    for c in checkins:
        answer = answers.get(c.pk)
        row: dict[str, Any] = {
            "client_code": _spreadsheet_safe(client.code),
            "session_at": _iso(c.session_at),
            "over_score": c.over_score,
            "under_score": c.under_score,
            "skilful_score": c.skilful_score,
            "choices_offered": c.choices_offered,
            "choices_count": "" if c.choices_count is None else c.choices_count,
            "disclosure": c.disclosure,
            "disclosure_served": c.disclosure_served,
            "started_on_time": c.started_on_time,
            "ended_on_time": c.ended_on_time,
            "client_signals_noticed": c.client_signals_noticed,
            "practitioner_state": ";".join(c.practitioner_state),
            "indicators": ";".join(c.indicators),
            "observed": ";".join(c.observed),
            "disclosure_followed": c.disclosure_followed,
            "practised_actions": len(practised.get(c.pk, [])),
            **{
                f"client_{item}": "" if answer is None else getattr(answer, item)
                for item in VOICE_ITEMS
            },
        }
        if include_alias:
            row["client_alias"] = _spreadsheet_safe(client.alias)
        rows.append(row)
    return rows


def _spreadsheet_safe(text: str) -> str:
    # A cell starting like a formula would be run by a spreadsheet that opens the file.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[dict[str, Any]], *, include_alias: bool) -> str:
    columns = list(CSV_COLUMNS)
    if include_alias:
        columns.insert(1, "client_alias")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
