"""State changes of supervision: invite, accept, end; share, revoke, view; comment,
reply, amend, sign off. Views, the demo and tests call these and nothing else.

An invitation's one-time code is made by ``secrets``, shown to the supervisee once and
stored only as a hash (the client link's ``hash_token``); failed attempts to use a code
are counted against the visitor's address with the client link's own counter, so
guessing codes is as slow as guessing client links. A share holds the report as it was
when shared (``core.snapshot.freeze``) and its SHA-256; the supervisor's pages render
that and never read the supervisee's live records. Comments are sealed entries in the
supervisee's ledger, so none can be rewritten unnoticed; an amendment is a new entry
that names the one it amends.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from django.db import transaction

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import holds
from fulcrum.checkins.models import SeriousConcern
from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import hash_token, is_limited, record_failure, source_key
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import FulcrumError, InvalidInput
from fulcrum.core.integrity import Checkpoint, prove_consistency, read_body, witness
from fulcrum.core.report import SupervisionReport
from fulcrum.core.snapshot import (
    AgendaItem,
    ConcernItem,
    Snapshot,
    agenda_items,
    digest,
    freeze,
    freeze_agenda,
    merge_agenda,
    thaw,
    thaw_agenda,
)
from fulcrum.ledger.models import open_body
from fulcrum.ledger.services import (
    append_entry,
    as_core_checkpoint,
    make_checkpoint,
    read_log,
    trusted_public_key,
)
from fulcrum.supervision.feedback import FeedbackSummary, clean_answers, summarise
from fulcrum.supervision.models import (
    SCOPE_KINDS,
    Comment,
    HoursDecision,
    HoursEntry,
    Share,
    ShareView,
    SupervisionFeedback,
    SupervisionLink,
    WitnessedCheckpoint,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4  # 12 characters, 60 bits
INVITE_DAYS = 7
SHARE_DAYS = 30
COMMENT_MAX = 4000
QUALIFICATION_MAX = 120
REGISTRATION_MAX = 80
JURISDICTION_MAX = 120
COMMENT_KIND = "supervision.comment"
AMENDMENT_KIND = "supervision.amendment"

Reason = Literal["unknown", "expired", "used", "limited", "own"]


class InviteUnavailable(FulcrumError):
    """The code cannot be used; the message is the one sentence the supervisor sees."""

    def __init__(self, reason: Reason) -> None:
        self.reason: Reason = reason
        super().__init__(
            {
                "unknown": "That code does not open an invitation; check it with the person "
                "who gave it to you.",
                "expired": "That invitation has expired; ask for a new code.",
                "used": "That invitation has already been accepted.",
                "limited": "Too many codes were tried from here; wait a few minutes.",
                "own": "That is your own invitation; give the code to your supervisor.",
            }[reason]
        )


def normalise_code(raw: str) -> str:
    """A code as typed (any case, spaces or dashes) in the form it was made."""
    return "".join(c for c in raw.upper() if c in CODE_ALPHABET)


def _new_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(
        chars[i : i + CODE_GROUP_LENGTH] for i in range(0, len(chars), CODE_GROUP_LENGTH)
    )


# --- the link --------------------------------------------------------------------------


@transaction.atomic(durable=True)
def invite_supervisor(
    supervisee: User,
    *,
    kind: str,
    scope: Iterable[str],
    started_on: date,
    now: datetime,
) -> tuple[SupervisionLink, str]:
    """Open an invitation; return it and the one-time code (shown once, stored as a hash)."""
    if kind not in SupervisionLink.Kind.values:
        raise InvalidInput(f"Fulcrum has no kind of supervision called {kind!r}.")
    chosen = list(dict.fromkeys(scope))
    unknown = [k for k in chosen if k not in SCOPE_KINDS]
    if unknown:
        raise InvalidInput(f"Fulcrum has no kind of record called {unknown[0]!r}.")
    if not chosen:
        raise InvalidInput("Choose at least one kind of record this supervisor may be shown.")
    code = _new_code()
    link = SupervisionLink.objects.create(
        supervisee=supervisee,
        kind=kind,
        scope=[k for k in SCOPE_KINDS if k in chosen],
        started_on=started_on,
        code_hash=hash_token(normalise_code(code)),
        invited_at=now,
        code_expires_at=now + timedelta(days=INVITE_DAYS),
    )
    return link, code


def _limited_text(value: str, limit: int, what: str) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        raise InvalidInput(f"The {what} is longer than {limit} characters.")
    if "\x00" in value:
        raise InvalidInput(f"The {what} holds a character that cannot be stored.")
    return value


def accept_invitation(
    supervisor: User,
    code: str,
    *,
    qualification: str,
    registration: str,
    jurisdiction: str,
    address: str,
    now: datetime,
) -> SupervisionLink:
    """Accept an invitation as ``supervisor`` (who holds the supervisor role).

    Raises InviteUnavailable for a code that does not work (an unknown or expired code
    is counted against ``address``, in a transaction of its own) and InvalidInput for a
    qualification that cannot be kept.
    """
    if not holds(supervisor, Role.SUPERVISOR):
        raise InvalidInput("Only an account holding the supervisor role can accept.")
    qualification = _limited_text(qualification, QUALIFICATION_MAX, "qualification")
    registration = _limited_text(registration, REGISTRATION_MAX, "licence or registration number")
    jurisdiction = _limited_text(jurisdiction, JURISDICTION_MAX, "jurisdiction")
    if not qualification:
        raise InvalidInput("Name your qualification, so the supervisee knows who reads.")
    source = source_key(address)
    if is_limited(source, now=now):
        raise InviteUnavailable("limited")
    try:
        return _claim(
            supervisor,
            code,
            qualification=qualification,
            registration=registration,
            jurisdiction=jurisdiction,
            now=now,
        )
    except InviteUnavailable as exc:
        if exc.reason in ("unknown", "expired"):
            with transaction.atomic(durable=True):
                record_failure(source, now=now)
        raise


@transaction.atomic(durable=True)
def _claim(
    supervisor: User,
    code: str,
    *,
    qualification: str,
    registration: str,
    jurisdiction: str,
    now: datetime,
) -> SupervisionLink:
    link = (
        SupervisionLink.objects.select_for_update()
        .filter(code_hash=hash_token(normalise_code(code)))
        .first()
    )
    if link is None:
        raise InviteUnavailable("unknown")
    if link.supervisee_id == supervisor.pk:
        raise InviteUnavailable("own")
    if link.accepted_at is not None or link.ended_at is not None:
        raise InviteUnavailable("used")
    if link.code_expires_at <= now:
        raise InviteUnavailable("expired")
    # A conditional update, so two acceptances racing each other cannot both succeed.
    claimed = SupervisionLink.objects.filter(
        pk=link.pk, accepted_at__isnull=True, ended_at__isnull=True
    ).update(
        supervisor=supervisor,
        accepted_at=now,
        qualification=qualification,
        registration=registration,
        jurisdiction=jurisdiction,
    )
    if not claimed:
        raise InviteUnavailable("used")
    link.refresh_from_db()
    return link


@transaction.atomic(durable=True)
def end_link(link: SupervisionLink, by: User, *, now: datetime) -> int:
    """End the link (either side may); every share over it closes at once. Answers how
    many shares were closed. An invitation not yet accepted is withdrawn the same way."""
    if by.pk not in (link.supervisee_id, link.supervisor_id):
        raise InvalidInput("Only the two people in a supervision link can end it.")
    if link.ended_at is not None:
        raise InvalidInput("This supervision link has already ended.")
    SupervisionLink.objects.filter(pk=link.pk).update(ended_at=now, ended_by=by)
    closed = Share.objects.filter(link=link, revoked_at__isnull=True).update(revoked_at=now)
    link.refresh_from_db()
    return closed


# --- shares ----------------------------------------------------------------------------


def open_concerns(clients: Iterable[Client]) -> tuple[ConcernItem, ...]:
    """The open serious concerns of ``clients``, in the catalogue's words and codes only."""
    catalogue = load_catalogue()
    labels = {i.id: i.label for i in catalogue.indicators}
    rows = (
        SeriousConcern.objects.filter(client__in=list(clients), closed_at__isnull=True)
        .select_related("client")
        .order_by("client__code", "opened_at")
    )
    return tuple(
        ConcernItem(
            code=row.client.code,
            opened_at=row.opened_at,
            signs=tuple(labels[i] for i in row.indicator_ids if i in labels),
        )
        for row in rows
    )


@transaction.atomic(durable=True)
def share_report(
    link: SupervisionLink,
    report: SupervisionReport,
    *,
    concerns: tuple[ConcernItem, ...] = (),
    days: int = SHARE_DAYS,
    now: datetime,
) -> Share:
    """Share a frozen snapshot of ``report`` with the link's supervisor until it expires."""
    if not link.is_live:
        raise InvalidInput(
            "Share only over a supervision link that has been accepted and not ended."
        )
    if not 1 <= days <= 90:
        raise InvalidInput("A share stays open for 1 to 90 days.")
    if concerns and "concerns" not in link.scope:
        raise InvalidInput("This link's scope leaves out serious concerns.")
    snapshot = Snapshot(report=report, concerns=concerns)
    values = freeze(snapshot)
    witness_checkpoint(link, now=now)
    return Share.objects.create(
        link=link,
        snapshot=values,
        sha256=digest(values),
        agenda=freeze_agenda(agenda_items(snapshot)),
        period_start=report.period_start,
        period_end=report.period_end,
        shared_at=now,
        expires_at=now + timedelta(days=days),
    )


def _held(row: WitnessedCheckpoint) -> Checkpoint:
    return Checkpoint(row.stream, int(row.size), bytes(row.root), row.made_at, bytes(row.signature))


@transaction.atomic
def witness_checkpoint(link: SupervisionLink, *, now: datetime) -> WitnessedCheckpoint:
    """Sign a checkpoint of the supervisee's ledger and hand it to the link's supervisor,
    who holds it beside the earlier ones: judged by the consistency proof from the
    largest checkpoint held that fitted, under the key the first one carried."""
    if not link.is_live:
        raise InvalidInput(
            "Hand a checkpoint only over a supervision link that is accepted and not ended."
        )
    made = make_checkpoint(link.supervisee, now=now)
    offered = as_core_checkpoint(made)
    rows = list(link.witnessed.all())
    held = [_held(r) for r in rows if not r.problem]
    public_key = bytes(rows[0].public_key) if rows else trusted_public_key(made.stream)
    proof: list[bytes] = []
    if held:
        latest = max(h.size for h in held)
        if latest <= offered.size:
            proof = prove_consistency(latest, [e.leaf for e in read_log(made.stream)])
    judged = witness(held, public_key=public_key, offered=offered, proof=proof)
    return WitnessedCheckpoint.objects.create(
        link=link,
        stream=offered.stream,
        size=offered.size,
        root=offered.root,
        made_at=offered.at,
        signature=offered.signature,
        public_key=public_key,
        received_at=now,
        problem=(judged.problem or "")[:200],
    )


@dataclass(frozen=True)
class WitnessState:
    """What the supervisor holds of one supervisee's record."""

    held: int
    latest: WitnessedCheckpoint | None
    problems: tuple[WitnessedCheckpoint, ...]


def witness_state(link: SupervisionLink) -> WitnessState:
    rows = list(link.witnessed.all())
    fitted = [r for r in rows if not r.problem]
    return WitnessState(
        held=len(rows),
        latest=max(fitted, key=lambda r: (r.size, r.received_at), default=None),
        problems=tuple(r for r in rows if r.problem),
    )


def read_snapshot(share: Share) -> Snapshot:
    """The snapshot as it was shared; InvalidInput when its stored values no longer match
    the SHA-256 kept beside them."""
    if digest(share.snapshot) != share.sha256:
        raise InvalidInput("This snapshot no longer matches the fingerprint it was shared with.")
    return thaw(share.snapshot)


def home_agenda(shares: Iterable[Share]) -> tuple[AgendaItem, ...]:
    """The agenda over ``shares`` (newest share first), from the items each share kept
    when it was made; a share whose items cannot be read adds none."""
    groups = []
    for share in shares:
        try:
            groups.append(thaw_agenda(share.agenda))
        except InvalidInput:
            continue
    return merge_agenda(groups)


def share_state(share: Share, *, now: datetime) -> Literal["open", "revoked", "expired", "ended"]:
    if share.link.ended_at is not None:
        return "ended"
    if share.revoked_at is not None:
        return "revoked"
    return "expired" if share.expires_at <= now else "open"


@transaction.atomic(durable=True)
def revoke_share(share: Share, *, now: datetime) -> None:
    """Withdraw a share; the supervisor's next request finds it gone."""
    if share.revoked_at is not None:
        raise InvalidInput("This share was already withdrawn.")
    Share.objects.filter(pk=share.pk, revoked_at__isnull=True).update(revoked_at=now)
    share.refresh_from_db()


@transaction.atomic(durable=True)
def record_view(share: Share, viewer: User, *, now: datetime) -> ShareView:
    """Log that ``viewer`` opened ``share``; the supervisee sees every such row."""
    return ShareView.objects.create(share=share, viewer=viewer, at=now)


# Openings by one person this close together are one sitting: reading, commenting (each
# comment brings the page back) and reading on.
SITTING = timedelta(minutes=30)


@dataclass(frozen=True)
class Sitting:
    """Openings of a share by one account, each within ``SITTING`` of the one before."""

    viewer: User | None
    first: datetime
    last: datetime
    times: int


def sittings(views: Iterable[ShareView]) -> list[Sitting]:
    """Every opening, grouped into sittings, newest first; each row stays in the log."""
    out: list[Sitting] = []
    for v in sorted(views, key=lambda v: (v.at, v.pk)):
        last = out[-1] if out else None
        if last is not None and last.viewer == v.viewer and v.at - last.last <= SITTING:
            out[-1] = Sitting(last.viewer, last.first, v.at, last.times + 1)
        else:
            out.append(Sitting(v.viewer, v.at, v.at, 1))
    return out[::-1]


@transaction.atomic(durable=True)
def review_share(share: Share, review: str, *, now: datetime) -> None:
    """The supervisor's sign-off: reviewed, or "let's discuss next time"."""
    if review not in (Share.Review.REVIEWED, Share.Review.DISCUSS):
        raise InvalidInput("Choose reviewed or let's discuss next time.")
    Share.objects.filter(pk=share.pk).update(review=review, reviewed_at=now)
    share.refresh_from_db()
    append_entry(
        share.link.supervisee,
        kind="supervision.review",
        payload={"share": share.pk, "sha256": share.sha256, "review": review},
        now=now,
    )


# --- comments --------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentVersion:
    """A comment as it reads now, with the words it had before each amendment."""

    comment: Comment
    text: str
    earlier: tuple[str, ...]
    by_supervisor: bool


def comment_problem(body: str, what: str = "comment") -> str | None:
    """The one sentence saying why ``body`` cannot be a comment (or reply, or amended
    comment: ``what``), or None when it can."""
    body = body.strip()
    if "\x00" in body:
        return f"The {what} holds a character that cannot be stored; remove it and try again."
    if len(body) > COMMENT_MAX:
        return f"A {what} is at most {COMMENT_MAX} characters; this one has {len(body)}."
    if not body:
        return f"Write the {what} first."
    return None


def _comment_text(body: str) -> str:
    problem = comment_problem(body)
    if problem:
        raise InvalidInput(problem)
    return body.strip()


def _role_in(share: Share, author: User) -> str:
    if author.pk == share.link.supervisee_id:
        return "supervisee"
    if author.pk == share.link.supervisor_id:
        return "supervisor"
    raise InvalidInput("Only the two people in the supervision link can comment.")


@transaction.atomic(durable=True)
def add_comment(
    share: Share,
    author: User,
    body: str,
    *,
    section: str = "",
    reply_to: Comment | None = None,
    now: datetime,
) -> Comment:
    """A comment on a section (the supervisor) or a reply to one (either side)."""
    role = _role_in(share, author)
    text = _comment_text(body)
    if reply_to is not None:
        if reply_to.share_id != share.pk:
            raise InvalidInput("A reply answers a comment on the same share.")
        reply_to = reply_to.amends or reply_to  # a reply answers the thread, not a version
        section = reply_to.section
    elif role != "supervisor":
        raise InvalidInput("Reply to one of your supervisor's comments.")
    section = _limited_text(section, 40, "section")
    entry = append_entry(
        share.link.supervisee,
        kind=COMMENT_KIND,
        payload={
            "share": share.pk,
            "sha256": share.sha256,
            "section": section,
            "by": role,
            "reply_to": int(reply_to.entry.sequence) if reply_to else None,
            "text": text,
        },
        now=now,
    )
    return Comment.objects.create(
        share=share, author=author, section=section, reply_to=reply_to, entry=entry, written_at=now
    )


@transaction.atomic(durable=True)
def amend_comment(original: Comment, author: User, body: str, *, now: datetime) -> Comment:
    """A new version of ``author``'s own comment; the original stays, word for word."""
    if original.author_id != author.pk:
        raise InvalidInput("Only the person who wrote a comment can amend it.")
    original = original.amends or original
    text = _comment_text(body)
    share = original.share
    entry = append_entry(
        share.link.supervisee,
        kind=AMENDMENT_KIND,
        payload={
            "share": share.pk,
            "sha256": share.sha256,
            "section": original.section,
            "by": _role_in(share, author),
            "amends": int(original.entry.sequence),
            "text": text,
        },
        now=now,
    )
    return Comment.objects.create(
        share=share,
        author=author,
        section=original.section,
        reply_to=original.reply_to,
        amends=original,
        entry=entry,
        written_at=now,
    )


def comment_words(comment: Comment) -> str:
    payload = read_body(open_body(bytes(comment.entry.body))).payload
    return str(payload.get("text", ""))


def threads(share: Share) -> dict[str, list[CommentVersion]]:
    """The share's comments by section, oldest first, each with its earlier versions;
    replies follow the comment they answer."""
    rows = list(share.comments.select_related("entry").order_by("written_at", "pk"))
    words = {c.pk: comment_words(c) for c in rows}
    versions: dict[int, list[Comment]] = {}
    for c in rows:
        versions.setdefault(c.amends_id or c.pk, []).append(c)
    supervisor_id = share.link.supervisor_id

    def version(first: Comment) -> CommentVersion:
        chain = versions[first.pk]
        return CommentVersion(
            comment=chain[-1],
            text=words[chain[-1].pk],
            earlier=tuple(words[c.pk] for c in chain[:-1]),
            by_supervisor=first.author_id is not None and first.author_id == supervisor_id,
        )

    originals = [c for c in rows if c.amends_id is None]
    out: dict[str, list[CommentVersion]] = {}
    for top in (c for c in originals if c.reply_to_id is None):
        out.setdefault(top.section, []).append(version(top))
        out[top.section].extend(version(r) for r in originals if r.reply_to_id == top.pk)
    return out


# --- hours -----------------------------------------------------------------------------

HOURS_MAX_MINUTES = 600
TOPICS_MAX = 2000
REASON_MAX = 1000


def hours_status(entry: HoursEntry) -> str:
    """The latest decision on ``entry`` ("" while it waits); reads prefetched decisions."""
    decisions = list(entry.decisions.all())
    return decisions[-1].decision if decisions else ""


@transaction.atomic(durable=True)
def log_hours(
    link: SupervisionLink,
    by: User,
    *,
    held_on: date,
    minutes: int,
    kind: str,
    topics: str,
    now: datetime,
) -> HoursEntry:
    """The supervisee logs one supervision session over a live link."""
    if by.pk != link.supervisee_id:
        raise InvalidInput("Only the supervisee logs supervision hours.")
    if not link.is_live:
        raise InvalidInput("Log hours over a supervision link that is accepted and not ended.")
    if not 1 <= minutes <= HOURS_MAX_MINUTES:
        raise InvalidInput(f"A session lasts 1 to {HOURS_MAX_MINUTES} minutes.")
    if held_on > now.date():
        raise InvalidInput("Log a session once it has happened.")
    if kind not in SupervisionLink.Kind.values:
        raise InvalidInput(f"Fulcrum has no kind of supervision called {kind!r}.")
    topics = topics.strip()
    if len(topics) > TOPICS_MAX or "\x00" in topics:
        raise InvalidInput(f"Topics are at most {TOPICS_MAX} characters of text.")
    return HoursEntry.objects.create(
        link=link, held_on=held_on, minutes=minutes, kind=kind, topics=topics, logged_at=now
    )


@transaction.atomic(durable=True)
def decide_hours(
    entry: HoursEntry, by: User, decision: str, *, reason: str = "", now: datetime
) -> HoursDecision:
    """Approve, return (with a reason) or withdraw an approval (with a reason). Each is a
    new row; approved hours are never edited."""
    if by.pk != entry.link.supervisor_id:
        raise InvalidInput("Only the supervisor decides on logged hours.")
    reason = reason.strip()
    if len(reason) > REASON_MAX or "\x00" in reason:
        raise InvalidInput(f"A reason is at most {REASON_MAX} characters of text.")
    HoursEntry.objects.select_for_update().filter(pk=entry.pk).first()
    status = hours_status(entry)
    if decision == HoursDecision.Decision.APPROVED and status == "approved":
        raise InvalidInput("These hours are already approved.")
    if decision in (HoursDecision.Decision.RETURNED, HoursDecision.Decision.UNAPPROVED):
        if not reason:
            raise InvalidInput("Say why, so your supervisee knows what to change.")
        if decision == HoursDecision.Decision.UNAPPROVED and status != "approved":
            raise InvalidInput("Only approved hours can have their approval withdrawn.")
        if decision == HoursDecision.Decision.RETURNED and status == "approved":
            raise InvalidInput("Withdraw the approval first; approved hours stay as they are.")
    if decision not in HoursDecision.Decision.values:
        raise InvalidInput("Choose approve, return or withdraw the approval.")
    return HoursDecision.objects.create(
        entry=entry, by=by, decision=decision, reason=reason, at=now
    )


def approved_sessions(entries: Iterable[HoursEntry]) -> list[tuple[HoursEntry, datetime]]:
    """The entries whose latest decision is an approval, each with when it was approved.
    Reads prefetched decisions, so the CSV and the PDF list the same sessions."""
    out = []
    for e in entries:
        decisions = list(e.decisions.all())
        if decisions and decisions[-1].decision == HoursDecision.Decision.APPROVED:
            out.append((e, decisions[-1].at))
    return out


def minutes_by_kind(sessions: Iterable[tuple[HoursEntry, datetime]]) -> list[tuple[str, int]]:
    """Approved minutes per kind of supervision, in the order the kinds are defined."""
    totals: dict[str, int] = {}
    for e, _ in sessions:
        totals[e.kind] = totals.get(e.kind, 0) + e.minutes
    return [(label, totals[k]) for k, label in SupervisionLink.Kind.choices if k in totals]


def approved_hours_csv(entries: Iterable[HoursEntry]) -> str:
    """Approved sessions as CSV (date, minutes, hours, kind, supervisor's qualification,
    registration, jurisdiction, approved on), as licensing applications ask for."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "date",
            "minutes",
            "hours",
            "kind",
            "qualification",
            "registration",
            "jurisdiction",
            "approved_on",
        ]
    )
    for e, approved_at in approved_sessions(entries):
        writer.writerow(
            [
                e.held_on.isoformat(),
                e.minutes,
                f"{e.minutes / 60:.2f}",
                e.get_kind_display(),
                _csv_safe(e.link.qualification),
                _csv_safe(e.link.registration),
                _csv_safe(e.link.jurisdiction),
                approved_at.date().isoformat(),
            ]
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- feedback on supervision -----------------------------------------------------------

FEEDBACK_NOTE_MAX = 2000


@transaction.atomic(durable=True)
def record_feedback(
    entry: HoursEntry,
    by: User,
    answers: Mapping[str, object],
    *,
    note: str = "",
    now: datetime,
) -> SupervisionFeedback:
    """The supervisee answers the four questions about one logged session, once."""
    if by.pk != entry.link.supervisee_id:
        raise InvalidInput("Only the supervisee answers how supervision felt.")
    cleaned = clean_answers(answers)
    note = note.strip()
    if len(note) > FEEDBACK_NOTE_MAX or "\x00" in note:
        raise InvalidInput(f"A note is at most {FEEDBACK_NOTE_MAX} characters of text.")
    HoursEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if SupervisionFeedback.objects.filter(entry=entry).exists():
        raise InvalidInput("You have already answered for this session.")
    return SupervisionFeedback.objects.create(
        entry=entry, answers=cleaned, note=note, answered_at=now
    )


def feedback_summary(link: SupervisionLink) -> FeedbackSummary | None:
    """What the supervisor may see of feedback over ``link``: item means over whole steps
    of MIN_ANSWERS answers, oldest first, else None. Notes are never part of it."""
    answers = (
        SupervisionFeedback.objects.filter(entry__link=link)
        .order_by("answered_at", "pk")
        .values_list("answers", flat=True)
    )
    return summarise(answers)
