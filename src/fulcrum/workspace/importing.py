"""Loading a ``fulcrum export`` JSON into an empty workspace, through the services.

The whole document is checked before anything is written, and a refusal names the line
(for JSON that does not parse) or the field (``clients[2].checkins[5].session_at``). The
records are then made by the same services the pages use, in the order they happened:
clients, each safe-harbour plan version before the sessions that followed it, power
maps, check-ins with what was practised, archiving, each session's bodywork consent,
and the journal. If a service
refuses part-way, everything made so far is removed again, so the workspace is left as
empty as it was.

Transcripts exported with what was said are stored again and analysed afresh. Practice
policies are published again, version by version, from their exported words: each gets
the same number, change kind, effective date and SHA-256 (checked before anything is
written), and is sealed in the new workspace's ledger at the moment of the import. Not
loaded (see docs/backup.md and decisions 0023 and 0028): consent events, which are a
client's own act recorded at the time it happened and stay provable only in the record
they were made in, and the enforcement records read against them; client-voice links
and answers (their links were single-use), and whether a warning was acknowledged or a
concern closed; drift warnings and serious concerns are found again from the check-ins.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime

from fulcrum.accounts.models import User
from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import CheckInData
from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.clients.services import archive_client, create_client
from fulcrum.core.errors import FulcrumError, InvalidInput
from fulcrum.core.policies import KINDS, canonical_text, text_hash
from fulcrum.core.transcripts.model import Utterance as ParsedUtterance
from fulcrum.harbour.access import harbour_plans_for_user
from fulcrum.harbour.models import HarbourPlan
from fulcrum.harbour.services import save_plan
from fulcrum.policies.access import policies_for_user
from fulcrum.policies.enforcement import BodyworkData, record_bodywork
from fulcrum.policies.models import TITLE_MAX, Policy, PolicyVersion
from fulcrum.policies.services import SUMMARY_MAX, TEXT_MAX, edit_draft, publish, start_draft
from fulcrum.powermaps.services import record_power_map
from fulcrum.reflection.access import journal_entries_for_user
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.transcripts.services import import_transcript
from fulcrum.workspace.services import record_session


class ImportRefused(InvalidInput):
    """An export cannot be loaded; the message names the line or field at fault."""


@dataclass(frozen=True)
class Imported:
    """What ``import_workspace`` made."""

    clients: int
    checkins: int
    power_maps: int
    plan_versions: int
    journal_entries: int
    transcripts: int = 0
    policy_versions: int = 0
    consent_events_skipped: int = 0
    enforcement_records_skipped: int = 0
    bodywork_sessions: int = 0


def read_export(text: str) -> dict[str, Any]:
    """The export document in ``text``, or a refusal naming the line that does not parse."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"The file is not JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}."
        ) from None
    if not isinstance(document, dict) or document.get("format") != "fulcrum-workspace":
        raise ImportRefused("The file is not a Fulcrum workspace export (format is not given).")
    if document.get("version") != 1:
        raise ImportRefused(
            f"The export is version {document.get('version')!r}; this Fulcrum reads version 1."
        )
    _check(document)
    return document


# -- checking every field before anything is written --------------------------------------


def _at(where: str, problem: str) -> ImportRefused:
    return ImportRefused(f"{where}: {problem}")


def _list(doc: dict[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise _at(f"{where}{key}", "expected a list.")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise _at(f"{where}{key}[{i}]", "expected an object.")
    return value


def _maybe_moment(value: Any, where: str) -> datetime | None:
    return None if value is None else _moment(value, where)


def _moment(value: Any, where: str) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise _at(where, f"{value!r} is not a date and time with its offset.")
    return parsed


def _confidence(doc: dict[str, Any], key: str, missing: float, where: str) -> float:
    value = doc.get(key, missing)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise _at(f"{where}.{key}", f"{value!r} is not a confidence from 0 to 1.")
    return float(value)


def _day(value: Any, where: str) -> date:
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise _at(where, f"{value!r} is not a date (YYYY-MM-DD).")
    return parsed


def _text(doc: dict[str, Any], key: str, where: str) -> str:
    value = doc.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _at(f"{where}{key}", "expected text.")
    return value


def _check(document: dict[str, Any]) -> None:
    seen_codes: set[str] = set()
    for i, client in enumerate(_list(document, "clients", "")):
        where = f"clients[{i}]."
        code = client.get("code")
        if not isinstance(code, str) or not code.strip():
            raise _at(f"{where}code", "every client needs a code.")
        if code in seen_codes:
            raise _at(f"{where}code", f"the code {code!r} appears twice.")
        seen_codes.add(code)
        for key, allowed in (
            ("modality", Client.Modality.values),
            ("status", Client.Status.values),
        ):
            if client.get(key) is not None and client[key] not in allowed:
                raise _at(f"{where}{key}", f"use one of {', '.join(allowed)}.")
        _day(client.get("started_on"), f"{where}started_on")
        _maybe_moment(client.get("archived_at"), f"{where}archived_at")
        for j, m in enumerate(_list(client, "power_maps", where)):
            _moment(m.get("assessed_at"), f"{where}power_maps[{j}].assessed_at")
            if not isinstance(m.get("ratings"), dict):
                raise _at(f"{where}power_maps[{j}].ratings", "expected an object of ratings.")
        for j, c in enumerate(_list(client, "checkins", where)):
            _moment(c.get("session_at"), f"{where}checkins[{j}].session_at")
            for key in ("indicators", "practitioner_state", "practised_actions"):
                if not isinstance(c.get(key, []), list):
                    raise _at(f"{where}checkins[{j}].{key}", "expected a list.")
    for i, version in enumerate(_list(document, "safe_harbour_plan", "")):
        where = f"safe_harbour_plan[{i}]."
        _moment(version.get("created_at"), f"{where}created_at")
        for j, action in enumerate(_list(version, "actions", where)):
            if (
                not isinstance(action.get("position"), int)
                or not isinstance(action.get("text"), str)
                or not isinstance(action.get("pillar"), str)
            ):
                raise _at(
                    f"{where}actions[{j}]", "each action needs a pillar, a position and its text."
                )
    _check_policies(document)
    for i, entry in enumerate(_list(document, "journal", "")):
        _moment(entry.get("written_at"), f"journal[{i}].written_at")
        code = entry.get("client_code")
        if code is not None and code not in seen_codes:
            raise _at(f"journal[{i}].client_code", f"no client in the export has {code!r}.")


def _check_policies(document: dict[str, Any]) -> None:
    """Everything ``publish`` could refuse, refused here first: a published version
    cannot be removed again, so the policies must load whole once they start."""
    kinds: set[str] = set()
    for i, policy in enumerate(_list(document, "policies", "")):
        where = f"policies[{i}]."
        kind = policy.get("kind")
        if kind not in KINDS:
            raise _at(f"{where}kind", f"use one of {', '.join(KINDS)}.")
        if kind in kinds:
            raise _at(f"{where}kind", f"the policy {kind!r} appears twice.")
        kinds.add(kind)
        previous: tuple[str, date] | None = None
        for j, version in enumerate(_list(policy, "versions", where)):
            at = f"{where}versions[{j}]."
            if version.get("number") != j + 1:
                raise _at(f"{at}number", f"expected version {j + 1}.")
            for key in ("title", "text"):
                value = version.get(key)
                if not isinstance(value, str) or not value.strip() or "\x00" in value:
                    raise _at(f"{at}{key}", "expected the words of the version.")
            if len(version["title"]) > TITLE_MAX or len(version["text"]) > TEXT_MAX:
                raise _at(at.rstrip("."), "the version is longer than Fulcrum keeps.")
            # The words as the draft will hold them (edit_draft trims blank lines at the ends).
            sha = text_hash(canonical_text(version["text"]).strip("\n"))
            if version.get("sha256") != sha:
                raise _at(f"{at}sha256", "the words do not match their SHA-256.")
            effective = _day(version.get("effective_on"), f"{at}effective_on")
            summary = version.get("change_summary") or ""
            if not isinstance(summary, str) or len(summary) > SUMMARY_MAX:
                raise _at(f"{at}change_summary", "expected a sentence of what changed.")
            if previous is not None:
                if version.get("change") not in ("material", "editorial"):
                    raise _at(f"{at}change", "use material or editorial.")
                if not summary.strip():
                    raise _at(f"{at}change_summary", "a later version says what changed.")
                if previous[0] == sha:
                    raise _at(f"{at}text", "the words are the same as the version before.")
                if effective < previous[1]:
                    raise _at(f"{at}effective_on", "it takes effect before the one it replaces.")
            previous = (sha, effective)
        draft = policy.get("draft")
        if draft is not None and not (
            isinstance(draft, dict)
            and all(isinstance(draft.get(k), str) and draft[k].strip() for k in ("title", "text"))
        ):
            raise _at(f"{where}draft", "a draft needs its title and words.")


# -- loading --------------------------------------------------------------------------------


def workspace_is_empty(owner: User) -> bool:
    return not (
        clients_for_user(owner, include_archived=True).exists()
        or journal_entries_for_user(owner).exists()
        or harbour_plans_for_user(owner).exists()
        or policies_for_user(owner).exists()
    )


def import_workspace(owner: User, document: dict[str, Any], *, now: datetime) -> Imported:
    """Load a checked export into ``owner``'s empty workspace; all of it or none of it."""
    if not workspace_is_empty(owner):
        raise ImportRefused(
            f"{owner.username}'s workspace already holds records; import into a new or "
            "empty account."
        )
    try:
        return _load(owner, document, now=now)
    except FulcrumError as exc:
        _empty(owner)
        if isinstance(exc, ImportRefused):
            raise
        raise ImportRefused(f"Nothing was imported: {exc}") from None
    except BaseException:
        _empty(owner)
        raise


def _empty(owner: User) -> None:
    # Undoing a half-loaded import removes what this import itself just wrote, which
    # was never edited and so has no history: no tombstones, so a refused import
    # leaves the empty account as it was (decision 0017).
    JournalEntry.objects.filter(owner=owner).delete()
    Client.objects.filter(owner=owner).delete()
    HarbourPlan.objects.filter(owner=owner).delete()
    # Policies load last, after every check, so a refusal comes before any is published;
    # only unpublished drafts and empty policies could be here to remove.
    PolicyVersion.objects.filter(policy__owner=owner, published_at__isnull=True).delete()
    Policy.objects.filter(owner=owner, versions__isnull=True).delete()


@contextlib.contextmanager
def _refusing(where: str) -> Iterator[None]:
    """A service's refusal, named by the part of the export it came from."""
    try:
        yield
    except ImportRefused:
        raise
    except InvalidInput as exc:
        raise _at(where, str(exc)) from None
    except KeyError as exc:
        raise _at(where, f"the field {exc} is missing.") from None
    except (TypeError, ValueError, AttributeError):
        raise _at(where, "a value there is of the wrong kind.") from None


def _load(owner: User, document: dict[str, Any], *, now: datetime) -> Imported:
    clients: dict[str, Client] = {}
    for i, doc in enumerate(document.get("clients", [])):
        with _refusing(f"clients[{i}]"):
            clients[doc["code"]] = create_client(
                owner,
                code=doc["code"],
                alias=doc.get("alias") or "",
                modality=doc.get("modality") or Client.Modality.TALK,
                status=doc.get("status") or Client.Status.ACTIVE,
                started_on=_day(doc["started_on"], "started_on"),
                now=now,
            )

    # Each plan version goes in before the sessions that followed it, so practice is
    # recorded against the plan that was current then, as it was.
    versions = sorted(
        document.get("safe_harbour_plan", []),
        key=lambda v: (_moment(v["created_at"], "created_at"), v.get("version", 0)),
    )
    sessions = sorted(
        (
            (_moment(c["session_at"], "session_at"), i, j, c)
            for i, doc in enumerate(document.get("clients", []))
            for j, c in enumerate(doc.get("checkins", []))
        ),
        key=lambda s: (s[0], s[1], s[2]),
    )
    new_ids: dict[int, int] = {}  # exported check-in id -> the new one
    action_ids: dict[str, int] = {}  # exported action key -> an action of the current plan
    pending = list(versions)
    checkins = 0
    for at, i, j, c in sessions:
        while pending and _moment(pending[0]["created_at"], "created_at") <= at:
            action_ids = _save_version(owner, pending.pop(0))
        client = clients[document["clients"][i]["code"]]
        practised = [action_ids[k] for k in c.get("practised_actions", []) if k in action_ids]
        with _refusing(f"clients[{i}].checkins[{j}]"):
            recorded = record_session(
                client, _checkin_data(c, at), now=max(now, at), practised=practised
            )
        if isinstance(c.get("id"), int):
            new_ids[c["id"]] = recorded.checkin.pk
        checkins += 1
    for version in pending:
        _save_version(owner, version)

    maps = 0
    for i, doc in enumerate(document.get("clients", [])):
        client = clients[doc["code"]]
        for j, m in enumerate(doc.get("power_maps", [])):
            with _refusing(f"clients[{i}].power_maps[{j}]"):
                record_power_map(
                    client,
                    ratings=m["ratings"],
                    amplifiers=m.get("amplifiers") or (),
                    counter_factors=m.get("counter_factors") or (),
                    note=m.get("note") or "",
                    assessed_at=_moment(m["assessed_at"], "assessed_at"),
                    third_party_kind=m.get("third_party_kind") or "",
                    third_party_label=m.get("third_party_label") or "",
                )
            maps += 1
        archived_at = _maybe_moment(doc.get("archived_at"), "archived_at")
        if archived_at is not None:
            archive_client(client, now=archived_at)

    transcripts = 0
    for i, doc in enumerate(document.get("clients", [])):
        client = clients[doc["code"]]
        for j, t in enumerate(doc.get("transcripts", [])):
            if not t.get("utterances"):
                continue  # exported without what was said: nothing to load
            where = f"clients[{i}].transcripts[{j}]"
            turns = [_turn(u, f"{where}.utterances[{k}]") for k, u in enumerate(t["utterances"])]
            checkin = None
            if t.get("checkin_id") in new_ids:
                checkin = client.checkins.get(pk=new_ids[t["checkin_id"]])
            with _refusing(where):
                import_transcript(
                    client,
                    turns,
                    filename=t.get("filename") or "transcript.txt",
                    source_format=t.get("source_format") or "text",
                    practitioner=t.get("practitioner") or "Practitioner",
                    practitioner_source=t.get("practitioner_source") or "named",
                    practitioner_confidence=_confidence(t, "practitioner_confidence", 1.0, where),
                    guess=(
                        str(t.get("guessed_practitioner") or ""),
                        _confidence(t, "guessed_confidence", 0.0, where),
                        str(t.get("guessed_basis") or ""),
                    ),
                    checkin=checkin,
                    session_at=_maybe_moment(t.get("session_at"), f"{where}.session_at"),
                    now=_maybe_moment(t.get("created_at"), f"{where}.created_at") or now,
                )
            transcripts += 1

    # A session's bodywork consent is the practitioner's note of it, replaceable on the
    # page, so it goes back on the session it was for.
    bodywork = 0
    for i, doc in enumerate(document.get("clients", [])):
        for j, b in enumerate(doc.get("bodywork_consent", [])):
            if b.get("checkin_id") not in new_ids:
                continue  # its session was not exported: nothing to pin it to
            with _refusing(f"clients[{i}].bodywork_consent[{j}]"):
                record_bodywork(
                    CheckIn.objects.get(pk=new_ids[b["checkin_id"]]),
                    BodyworkData(
                        areas_to_work=frozenset(b.get("areas_to_work") or ()),
                        areas_to_avoid=frozenset(b.get("areas_to_avoid") or ()),
                        areas_worked=frozenset(b.get("areas_worked") or ()),
                        areas_note=b.get("areas_note") or "",
                        pressure=b.get("pressure") or "",
                        positioning_agreed=bool(b.get("positioning_agreed")),
                        draping_agreed=bool(b.get("draping_agreed")),
                        agreement_note=b.get("agreement_note") or "",
                        withdrew=bool(b.get("withdrew")),
                        withdrawal_note=b.get("withdrawal_note") or "",
                    ),
                    now=_maybe_moment(b.get("recorded_at"), "recorded_at") or now,
                )
            bodywork += 1

    entries = 0
    for i, e in enumerate(document.get("journal", [])):
        linked = clients.get(e["client_code"]) if e.get("client_code") else None
        checkin = None
        if linked is not None and e.get("checkin_id") in new_ids:
            checkin = linked.checkins.get(pk=new_ids[e["checkin_id"]])
        with _refusing(f"journal[{i}]"):
            write_entry(
                owner,
                EntryData(
                    body=_text(e, "body", f"journal[{i}]."),
                    prompt_id=e.get("prompt_id") or "",
                    client=linked,
                    checkin=checkin,
                    include_in_supervision=bool(e.get("include_in_supervision")),
                ),
                now=_moment(e["written_at"], "written_at"),
            )
        entries += 1
    published = _load_policies(owner, document, now=now)
    skipped = sum(len(doc.get("consent_events", [])) for doc in document.get("clients", []))
    # Enforcement records are skipped with the consent events they were read against
    # (decision 0028): each was judged "agreed or not" from events that are not loaded.
    enforcements = sum(
        len(doc.get("enforcement_records", [])) for doc in document.get("clients", [])
    )
    return Imported(
        policy_versions=published,
        consent_events_skipped=skipped,
        enforcement_records_skipped=enforcements,
        bodywork_sessions=bodywork,
        clients=len(clients),
        checkins=checkins,
        power_maps=maps,
        plan_versions=len(versions),
        journal_entries=entries,
        transcripts=transcripts,
    )


def _load_policies(owner: User, document: dict[str, Any], *, now: datetime) -> int:
    """Publish each exported version again, oldest first, then open the exported draft."""
    published = 0
    for i, policy in enumerate(document.get("policies", [])):
        for j, version in enumerate(policy.get("versions", [])):
            with _refusing(f"policies[{i}].versions[{j}]"):
                draft = start_draft(owner, policy["kind"], now=now)
                edit_draft(draft, title=version["title"], text=version["text"], now=now)
                publish(
                    draft,
                    change=version.get("change") or "",
                    summary=version.get("change_summary") or "",
                    effective_on=_day(version["effective_on"], "effective_on"),
                    now=now,
                )
            published += 1
        if policy.get("draft"):
            with _refusing(f"policies[{i}].draft"):
                draft = start_draft(owner, policy["kind"], now=now)
                words = policy["draft"]
                edit_draft(draft, title=words["title"], text=words["text"], now=now)
    return published


def _turn(u: Any, where: str) -> ParsedUtterance:
    if not isinstance(u, dict) or not isinstance(u.get("index"), int):
        raise _at(where, "each turn needs its index.")
    if not isinstance(u.get("speaker"), str) or not isinstance(u.get("text"), str):
        raise _at(where, "each turn needs a speaker and its text.")
    times = [u.get("start"), u.get("end")]
    if any(v is not None and not isinstance(v, int | float) for v in times):
        raise _at(where, "start and end are seconds, or left out.")
    line = u.get("line")
    return ParsedUtterance(
        u["index"],
        u["speaker"],
        u["text"],
        u.get("start"),
        u.get("end"),
        line if isinstance(line, int) else None,
    )


def _save_version(owner: User, version: dict[str, Any]) -> dict[str, int]:
    texts = {(a["pillar"], a["position"]): a["text"] for a in version.get("actions", [])}
    with _refusing(f"safe_harbour_plan version {version.get('version')}"):
        plan, _ = save_plan(
            owner,
            texts,
            now=_moment(version["created_at"], "created_at"),
            note=version.get("note") or "",
        )
    by_slot = {(a.pillar, a.position): a.pk for a in plan.actions.all()}
    return {
        a["key"]: by_slot[(a["pillar"], a["position"])]
        for a in version.get("actions", [])
        if (a["pillar"], a["position"]) in by_slot and isinstance(a.get("key"), str)
    }


def _checkin_data(c: dict[str, Any], at: datetime) -> CheckInData:
    return CheckInData(
        session_at=at,
        indicators=frozenset(c.get("indicators") or ()),
        choices_offered=c.get("choices_offered") or CheckIn.Choices.NOT_APPLICABLE,
        choices_count=c.get("choices_count"),
        disclosure=bool(c.get("disclosure")),
        disclosure_served=c.get("disclosure_served") or "",
        disclosure_note=c.get("disclosure_note") or "",
        disclosure_followed=c.get("disclosure_followed") or "",
        started_on_time=bool(c.get("started_on_time", True)),
        ended_on_time=bool(c.get("ended_on_time", True)),
        client_signals_noticed=bool(c.get("client_signals_noticed")),
        client_signals=c.get("client_signals") or "",
        practitioner_state=frozenset(c.get("practitioner_state") or ()),
        note=c.get("note") or "",
    )
