"""Supervision through the API: links, shares, comments, sign-off, hours and feedback,
with the pages' rules.

Every record is reached through ``supervision.access`` and changed through
``supervision.services``, as the pages do. A supervisee sees their own links, shares,
view logs and comments; a supervisor (an account holding the supervisor role, with a
second factor turned on) reaches a share only while it is shared with them over a live
link, and then only its frozen snapshot. A share that was theirs but has closed answers
410; anything that is not theirs answers 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import holds, needs_second_factor
from fulcrum.api.auth import practitioner_of, user_of
from fulcrum.api.schemas import ErrorOut, limited
from fulcrum.clients.access import get_clients_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.core.report import NOTE_KINDS
from fulcrum.core.snapshot import within_scope
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.ownership import one_or_404
from fulcrum.reflection.access import get_journal_entries_for_user
from fulcrum.supervision import services
from fulcrum.supervision.access import (
    ShareClosed,
    get_comment_for_author,
    get_comment_on_share,
    get_hours_for_supervisee,
    get_hours_for_supervisor,
    get_link_for_user,
    get_share_for_supervisee,
    get_share_for_supervisor,
    hours_for_link,
    links_as_supervisee,
    links_as_supervisor,
    open_shares_for_supervisor,
    shares_for_supervisee,
)
from fulcrum.supervision.feedback import ITEM_IDS, SCALE
from fulcrum.supervision.models import (
    SCOPE_KINDS,
    Comment,
    HoursDecision,
    HoursEntry,
    Share,
    SupervisionLink,
)
from fulcrum.supervision.report import ReportChoice, build_report

router = Router(tags=["supervision"])
REFUSED = {400: ErrorOut, 404: ErrorOut}
CLOSED = {410: ErrorOut}
CLOSED_SENTENCE = "This share is no longer shared with you."
SECOND_FACTOR_SENTENCE = (
    "Turn on a second factor on your account page before opening a supervisee's material."
)


def _now() -> datetime:
    return timezone.now()


class SecondFactorNeeded(InvalidInput):
    """A supervisor without a second factor asked for a supervisee's material."""


def _supervisor(request: HttpRequest) -> User:
    """The caller as a supervisor: 404 without the role, 400 without a second factor."""
    user = user_of(request)
    if not holds(user, Role.SUPERVISOR):
        raise Http404("Not found.")
    if needs_second_factor(user):
        raise SecondFactorNeeded(SECOND_FACTOR_SENTENCE)
    return user


def _link_for(request: HttpRequest, supervision_id: int) -> tuple[User, SupervisionLink]:
    """A link the caller is one side of; the supervisor's side needs a second factor."""
    user = user_of(request)
    link = get_link_for_user(user, supervision_id)
    if link.supervisor_id == user.pk and needs_second_factor(user):
        raise SecondFactorNeeded(SECOND_FACTOR_SENTENCE)
    return user, link


def _open_share(request: HttpRequest, share_id: int) -> tuple[User, Share]:
    """A share open to the calling supervisor now; 410 once it has closed, else 404."""
    user = _supervisor(request)
    try:
        return user, get_share_for_supervisor(user, share_id, now=_now())
    except ShareClosed:
        raise HttpError(410, CLOSED_SENTENCE) from None


# --- what the API shows ------------------------------------------------------------------


class LinkOut(Schema):
    id: int
    role: str = Field(description="Your side of the link: 'supervisee' or 'supervisor'.")
    kind: str = Field(description="'individual', 'group' or 'peer'.")
    scope: list[str] = Field(description="The kinds of record that may be shared over it.")
    started_on: date
    supervisee: str
    supervisor: str | None = Field(description="Who accepted; null while it is an invitation.")
    invited_at: datetime
    code_expires_at: datetime
    accepted_at: datetime | None
    ended_at: datetime | None
    qualification: str
    registration: str
    jurisdiction: str


class InvitationOut(LinkOut):
    code: str = Field(description="The one-time code for your supervisor; shown only now.")


class ShareOut(Schema):
    id: int
    supervision_id: int
    supervisee: str
    supervisor: str | None
    sha256: str = Field(description="The SHA-256 of the frozen snapshot, as shared.")
    period_start: date
    period_end: date
    shared_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    state: str = Field(description="'open', 'revoked', 'expired' or 'ended'.")
    review: str = Field(description="'', 'reviewed' or 'discuss' (let's discuss next time).")
    reviewed_at: datetime | None


class SnapshotOut(ShareOut):
    snapshot: dict[str, Any] = Field(
        description="The report as it was shared: de-identified, frozen, matching sha256."
    )


class ViewOut(Schema):
    viewer: str | None = Field(description="Who opened it (null once that account is gone).")
    at: datetime


class CommentOut(Schema):
    id: int = Field(description="The latest version's id (amend and reply to this one).")
    section: str = Field(description="A client code, 'reflections' or 'general'.")
    reply_to: int | None = Field(description="The comment this one answers.")
    by_supervisor: bool
    author: str | None
    written_at: datetime
    text: str
    earlier: list[str] = Field(description="Earlier wordings, oldest first; they stay.")
    sequence: int = Field(description="Its entry number in the supervisee's sealed record.")


class HoursOut(Schema):
    id: int
    supervision_id: int
    held_on: date
    minutes: int
    kind: str
    topics: str
    logged_at: datetime
    status: str = Field(description="'', 'approved', 'returned' or 'unapproved'.")
    answered: bool = Field(description="Whether the supervisee has answered how it felt.")


class HoursDecisionOut(Schema):
    hours_id: int
    decision: str
    reason: str
    at: datetime


class FeedbackOut(Schema):
    hours_id: int
    answered_at: datetime
    answers: dict[str, int]
    note: str = Field(description="Kept on your side only.")


def _link_out(link: SupervisionLink, user: User) -> dict[str, Any]:
    return {
        "id": link.pk,
        "role": "supervisor" if link.supervisor_id == user.pk else "supervisee",
        "kind": link.kind,
        "scope": list(link.scope),
        "started_on": link.started_on,
        "supervisee": link.supervisee.username,
        "supervisor": link.supervisor.username if link.supervisor else None,
        "invited_at": link.invited_at,
        "code_expires_at": link.code_expires_at,
        "accepted_at": link.accepted_at,
        "ended_at": link.ended_at,
        "qualification": link.qualification,
        "registration": link.registration,
        "jurisdiction": link.jurisdiction,
    }


def _share_out(share: Share) -> dict[str, Any]:
    link = share.link
    return {
        "id": share.pk,
        "supervision_id": link.pk,
        "supervisee": link.supervisee.username,
        "supervisor": link.supervisor.username if link.supervisor else None,
        "sha256": share.sha256,
        "period_start": share.period_start,
        "period_end": share.period_end,
        "shared_at": share.shared_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "state": services.share_state(share, now=_now()),
        "review": share.review,
        "reviewed_at": share.reviewed_at,
    }


def _comments_out(share: Share) -> list[CommentOut]:
    out = []
    for versions in services.threads(share).values():
        for v in versions:
            c = v.comment
            first = c.amends or c
            out.append(
                CommentOut(
                    id=c.pk,
                    section=c.section,
                    reply_to=first.reply_to_id,
                    by_supervisor=v.by_supervisor,
                    author=c.author.username if c.author else None,
                    written_at=c.written_at,
                    text=v.text,
                    earlier=list(v.earlier),
                    sequence=int(c.entry.sequence),
                )
            )
    return out


def _hours_out(entry: HoursEntry) -> HoursOut:
    return HoursOut(
        id=entry.pk,
        supervision_id=entry.link_id,
        held_on=entry.held_on,
        minutes=entry.minutes,
        kind=entry.kind,
        topics=entry.topics,
        logged_at=entry.logged_at,
        status=services.hours_status(entry),
        answered=hasattr(entry, "feedback"),
    )


def _shares_with_people() -> Any:
    return ("link", "link__supervisee", "link__supervisor")


# --- links -------------------------------------------------------------------------------


class InviteIn(Schema):
    kind: limited(16) = Field(  # type: ignore[valid-type]
        description="'individual', 'group' or 'peer'."
    )
    scope: list[limited(40)] = Field(  # type: ignore[valid-type]
        max_length=len(SCOPE_KINDS),
        description="What may be shared: " + ", ".join(f"'{k}'" for k in SCOPE_KINDS) + ".",
    )
    started_on: date


class AcceptIn(Schema):
    code: limited(40) = Field(description="The supervisee's one-time code.")  # type: ignore[valid-type]
    qualification: limited(services.QUALIFICATION_MAX)  # type: ignore[valid-type]
    registration: limited(services.REGISTRATION_MAX) = ""  # type: ignore[valid-type]
    jurisdiction: limited(services.JURISDICTION_MAX) = ""  # type: ignore[valid-type]


class EndedOut(Schema):
    link: LinkOut
    closed_shares: int = Field(description="How many open shares closed with the link.")


@router.get("/supervision/links", response=list[LinkOut])
def list_links(request: HttpRequest) -> list[dict[str, Any]]:
    """Your links and invitations as a supervisee (a practitioner), and (as a supervisor
    with a second factor) the links you accepted."""
    user = user_of(request)
    links: list[SupervisionLink] = []
    if holds(user, Role.PRACTITIONER):
        links += list(links_as_supervisee(user).select_related("supervisee", "supervisor"))
    if holds(user, Role.SUPERVISOR) and not needs_second_factor(user):
        links += list(links_as_supervisor(user).select_related("supervisee", "supervisor"))
    return [_link_out(link, user) for link in links]


@router.post("/supervision/links", response={201: InvitationOut, **REFUSED})
def invite_supervisor(request: HttpRequest, payload: InviteIn) -> Status[dict[str, Any]]:
    """Invite a supervisor: answers the one-time code (valid 7 days), shown only here."""
    user = practitioner_of(request)  # a supervisee is a practitioner
    link, code = services.invite_supervisor(
        user, kind=payload.kind, scope=payload.scope, started_on=payload.started_on, now=_now()
    )
    return Status(201, {**_link_out(link, user), "code": code})


@router.post(
    "/supervision/links/accept",
    response={200: LinkOut, 429: ErrorOut, **REFUSED},
)
def accept_invitation(request: HttpRequest, payload: AcceptIn) -> dict[str, Any]:
    """Accept a supervisee's invitation with its code (an account holding the supervisor
    role, with a second factor). Wrong or expired codes are counted against your address;
    too many answer 429."""
    user = _supervisor(request)
    try:
        link = services.accept_invitation(
            user,
            payload.code,
            qualification=payload.qualification,
            registration=payload.registration,
            jurisdiction=payload.jurisdiction,
            address=counted_address(request),
            now=_now(),
        )
    except services.InviteUnavailable as exc:
        if exc.reason == "limited":
            raise HttpError(429, str(exc)) from None
        raise
    return _link_out(get_link_for_user(user, link.pk), user)


@router.get("/supervision/links/{supervision_id}", response={200: LinkOut, **REFUSED})
def get_link(request: HttpRequest, supervision_id: int) -> dict[str, Any]:
    """One link, from either side."""
    user, link = _link_for(request, supervision_id)
    return _link_out(link, user)


@router.post("/supervision/links/{supervision_id}/end", response={200: EndedOut, **REFUSED})
def end_link(request: HttpRequest, supervision_id: int) -> dict[str, Any]:
    """End the link (either side); every share over it closes at once."""
    user, link = _link_for(request, supervision_id)
    closed = services.end_link(link, user, now=_now())
    return {"link": _link_out(link, user), "closed_shares": closed}


# --- shares (the supervisee's side) ----------------------------------------------------


class ShareIn(Schema):
    supervision_id: int = Field(description="A live link of yours to share over.")
    client_ids: list[int] = Field(min_length=1, max_length=500)
    since: date
    until: date
    entry_ids: list[int] = Field(
        [], max_length=500, description="Journal entries you marked for supervision."
    )
    notes: list[limited(40)] = Field(  # type: ignore[valid-type]
        [],
        max_length=len(NOTE_KINDS),
        description="Kinds of free-text note: " + ", ".join(f"'{k}'" for k in NOTE_KINDS) + ".",
    )
    concerns: bool = Field(False, description="Add the clients' open serious concerns.")
    policies: bool = Field(
        False,
        description="Add the practice policies and each client's consent (by code; the "
        "link's scope must include 'policies').",
    )
    days: int = Field(services.SHARE_DAYS, description="How long it stays open: 1 to 90 days.")


@router.get("/supervision/shares", response=list[ShareOut])
def list_shares(request: HttpRequest) -> list[dict[str, Any]]:
    """Every share you made, open or not, newest first."""
    shares = shares_for_supervisee(user_of(request)).select_related(*_shares_with_people())
    return [_share_out(s) for s in shares.defer("snapshot").order_by("-shared_at", "-pk")]


@router.post("/supervision/shares", response={201: ShareOut, **REFUSED})
def create_share(request: HttpRequest, payload: ShareIn) -> Status[dict[str, Any]]:
    """Share a frozen, de-identified report with the link's supervisor: the report
    builder's choices, cut to the link's scope."""
    user = user_of(request)
    live = links_as_supervisee(user).filter(accepted_at__isnull=False, ended_at__isnull=True)
    link = one_or_404(live, payload.supervision_id, "No such supervision link.")
    clients = get_clients_for_user(user, payload.client_ids)
    entries = get_journal_entries_for_user(user, payload.entry_ids)
    if payload.concerns and "concerns" not in link.scope:
        raise InvalidInput("This link's scope leaves out serious concerns.")
    if payload.policies and "policies" not in link.scope:
        raise InvalidInput("This link's scope leaves out practice policies.")
    unknown = sorted(set(payload.notes) - set(NOTE_KINDS))
    if unknown:
        raise InvalidInput(f"Fulcrum does not know the kind of note {unknown[0]!r}.")
    now = _now()
    report = build_report(
        user,
        ReportChoice(
            clients=tuple(clients),
            since=payload.since,
            until=payload.until,
            entry_ids=frozenset(e.pk for e in entries),
            notes=frozenset(payload.notes),
            policies=payload.policies,
        ),
        now=now,
    )
    share = services.share_report(
        link,
        within_scope(report, link.scope),
        concerns=services.open_concerns(clients) if payload.concerns else (),
        days=payload.days,
        now=now,
    )
    return Status(201, _share_out(get_share_for_supervisee(user, share.pk)))


@router.get("/supervision/shares/{share_id}", response={200: ShareOut, **REFUSED})
def get_share(request: HttpRequest, share_id: int) -> dict[str, Any]:
    """One share you made."""
    return _share_out(get_share_for_supervisee(user_of(request), share_id))


@router.post("/supervision/shares/{share_id}/revoke", response={200: ShareOut, **REFUSED})
def revoke_share(request: HttpRequest, share_id: int) -> dict[str, Any]:
    """Withdraw a share; your supervisor's next request finds it gone (410)."""
    share = get_share_for_supervisee(user_of(request), share_id)
    services.revoke_share(share, now=_now())
    return _share_out(share)


@router.get("/supervision/shares/{share_id}/views", response={200: list[ViewOut], **REFUSED})
def share_views(request: HttpRequest, share_id: int) -> list[ViewOut]:
    """Every time your supervisor opened the share, newest first."""
    share = get_share_for_supervisee(user_of(request), share_id)
    return [
        ViewOut(viewer=v.viewer.username if v.viewer else None, at=v.at)
        for v in share.views.select_related("viewer")
    ]


class CommentIn(Schema):
    body: limited(services.COMMENT_MAX)  # type: ignore[valid-type]
    reply_to: int | None = Field(None, description="The comment this answers, on this share.")
    section: limited(40) = Field(  # type: ignore[valid-type]
        "general",
        description="Where a supervisor's comment sits: a client code, 'reflections' or "
        "'general' (a reply takes its comment's).",
    )


class AmendIn(Schema):
    body: limited(services.COMMENT_MAX)  # type: ignore[valid-type]


def _reply_target(share: Share, reply_to: int | None) -> Comment | None:
    return None if reply_to is None else get_comment_on_share(share, reply_to)


def _comment_out(share: Share, comment: Comment) -> CommentOut:
    latest = {c.id: c for c in _comments_out(share)}
    return latest[comment.pk]


@router.get("/supervision/shares/{share_id}/comments", response={200: list[CommentOut], **REFUSED})
def share_comments(request: HttpRequest, share_id: int) -> list[CommentOut]:
    """The comments on a share you made, by section, replies after what they answer."""
    return _comments_out(get_share_for_supervisee(user_of(request), share_id))


@router.post("/supervision/shares/{share_id}/comments", response={201: CommentOut, **REFUSED})
def reply_on_share(request: HttpRequest, share_id: int, payload: CommentIn) -> Status[CommentOut]:
    """Answer one of your supervisor's comments (``reply_to`` is needed on this side)."""
    user = user_of(request)
    share = get_share_for_supervisee(user, share_id)
    comment = services.add_comment(
        share, user, payload.body, reply_to=_reply_target(share, payload.reply_to), now=_now()
    )
    return Status(201, _comment_out(share, comment))


@router.post(
    "/supervision/comments/{comment_id}/amendments",
    response={201: CommentOut, **CLOSED, **REFUSED},
)
def amend_comment(request: HttpRequest, comment_id: int, payload: AmendIn) -> Status[CommentOut]:
    """A new wording of your own comment; the earlier words stay, listed under it."""
    user = user_of(request)
    now = _now()
    try:
        comment = get_comment_for_author(user, comment_id, now=now)
    except ShareClosed:
        raise HttpError(410, CLOSED_SENTENCE) from None
    if comment.share.link.supervisor_id == user.pk:
        _supervisor(request)
    amended = services.amend_comment(comment, user, payload.body, now=now)
    return Status(201, _comment_out(comment.share, amended))


# --- the supervisor's side -------------------------------------------------------------


class ReviewIn(Schema):
    review: limited(16) = Field(description="'reviewed' or 'discuss'.")  # type: ignore[valid-type]


@router.get("/supervision/supervising/shares", response={200: list[ShareOut], **REFUSED})
def list_open_shares(request: HttpRequest) -> list[dict[str, Any]]:
    """Shares open to you now, newest first (their snapshots are read one at a time)."""
    user = _supervisor(request)
    shares = open_shares_for_supervisor(user, now=_now()).select_related(*_shares_with_people())
    return [_share_out(s) for s in shares.defer("snapshot").order_by("-shared_at", "-pk")]


@router.get(
    "/supervision/supervising/shares/{share_id}",
    response={200: SnapshotOut, **CLOSED, **REFUSED},
)
def read_share(request: HttpRequest, share_id: int) -> dict[str, Any]:
    """The frozen snapshot, as shared; the supervisee sees that you opened it. A snapshot
    whose values no longer match its SHA-256 is refused (400)."""
    user, share = _open_share(request, share_id)
    services.read_snapshot(share)  # refuses values that no longer match the fingerprint
    services.record_view(share, user, now=_now())
    return {**_share_out(share), "snapshot": share.snapshot}


@router.post(
    "/supervision/supervising/shares/{share_id}/review",
    response={200: ShareOut, **CLOSED, **REFUSED},
)
def review_share(request: HttpRequest, share_id: int, payload: ReviewIn) -> dict[str, Any]:
    """Sign off a share: reviewed, or let's discuss next time (sealed in their record)."""
    _user, share = _open_share(request, share_id)
    services.review_share(share, payload.review, now=_now())
    return _share_out(share)


@router.get(
    "/supervision/supervising/shares/{share_id}/comments",
    response={200: list[CommentOut], **CLOSED, **REFUSED},
)
def supervisor_comments(request: HttpRequest, share_id: int) -> list[CommentOut]:
    """The comments on a share open to you."""
    _user, share = _open_share(request, share_id)
    return _comments_out(share)


@router.post(
    "/supervision/supervising/shares/{share_id}/comments",
    response={201: CommentOut, **CLOSED, **REFUSED},
)
def comment_on_share(request: HttpRequest, share_id: int, payload: CommentIn) -> Status[CommentOut]:
    """Comment on a section of a share open to you, or reply in a thread."""
    user, share = _open_share(request, share_id)
    comment = services.add_comment(
        share,
        user,
        payload.body,
        section=payload.section or "general",
        reply_to=_reply_target(share, payload.reply_to),
        now=_now(),
    )
    return Status(201, _comment_out(share, comment))


# --- hours and feedback ----------------------------------------------------------------


class HoursIn(Schema):
    held_on: date
    minutes: int = Field(description=f"1 to {services.HOURS_MAX_MINUTES}.")
    kind: limited(16) = Field(description="'individual', 'group' or 'peer'.")  # type: ignore[valid-type]
    topics: limited(services.TOPICS_MAX) = ""  # type: ignore[valid-type]


class DecisionIn(Schema):
    decision: limited(16) = Field(  # type: ignore[valid-type]
        description="'approved', 'returned' or 'unapproved' (withdraw an approval)."
    )
    reason: limited(services.REASON_MAX) = Field(  # type: ignore[valid-type]
        "", description="Needed to return hours or withdraw an approval."
    )


class FeedbackIn(Schema):
    answers: dict[limited(40), int] = Field(  # type: ignore[valid-type]
        description=(
            "One answer per question ("
            + ", ".join(f"'{i}'" for i in ITEM_IDS)
            + f"), each {SCALE[0][0]} to {SCALE[-1][0]}."
        )
    )
    note: limited(services.FEEDBACK_NOTE_MAX) = ""  # type: ignore[valid-type]


@router.get("/supervision/links/{supervision_id}/hours", response={200: list[HoursOut], **REFUSED})
def list_hours(request: HttpRequest, supervision_id: int) -> list[HoursOut]:
    """Sessions logged over a link, newest first, from either side."""
    _user, link = _link_for(request, supervision_id)
    return [_hours_out(e) for e in hours_for_link(link).select_related("feedback")]


@router.post("/supervision/links/{supervision_id}/hours", response={201: HoursOut, **REFUSED})
def log_hours(request: HttpRequest, supervision_id: int, payload: HoursIn) -> Status[HoursOut]:
    """Log a supervision session (the supervisee); your supervisor approves it."""
    user, link = _link_for(request, supervision_id)
    if link.supervisor_id == user.pk:
        raise Http404("Not found.")
    entry = services.log_hours(
        link,
        user,
        held_on=payload.held_on,
        minutes=payload.minutes,
        kind=payload.kind,
        topics=payload.topics,
        now=_now(),
    )
    return Status(201, _hours_out(get_hours_for_supervisee(user, entry.pk)))


@router.post("/supervision/hours/{hours_id}/decisions", response={201: HoursDecisionOut, **REFUSED})
def decide_hours(
    request: HttpRequest, hours_id: int, payload: DecisionIn
) -> Status[HoursDecisionOut]:
    """Approve, return (with a reason) or withdraw an approval (with a reason); each is a
    new row, so approved hours are never edited."""
    user = _supervisor(request)
    entry = get_hours_for_supervisor(user, hours_id)
    if payload.decision not in HoursDecision.Decision.values:
        raise InvalidInput("Choose approved, returned or unapproved.")
    made = services.decide_hours(entry, user, payload.decision, reason=payload.reason, now=_now())
    return Status(
        201,
        HoursDecisionOut(hours_id=entry.pk, decision=made.decision, reason=made.reason, at=made.at),
    )


@router.post("/supervision/hours/{hours_id}/feedback", response={201: FeedbackOut, **REFUSED})
def give_feedback(request: HttpRequest, hours_id: int, payload: FeedbackIn) -> Status[FeedbackOut]:
    """Answer how one session felt (the supervisee, once). Your supervisor sees only the
    aggregate, once enough sessions are answered; the note stays with you."""
    user = user_of(request)
    entry = get_hours_for_supervisee(user, hours_id)
    made = services.record_feedback(entry, user, payload.answers, note=payload.note, now=_now())
    return Status(
        201,
        FeedbackOut(
            hours_id=entry.pk, answered_at=made.answered_at, answers=made.answers, note=made.note
        ),
    )
