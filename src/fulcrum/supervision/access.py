"""Who may see what of supervision, in one place.

A supervisee sees their own links, shares, view logs and comments. A supervisor sees a
link they accepted, and a share only when it was shared with them over that link: while
the link is live and the share neither withdrawn nor expired they may open it; after
that they get the calm "no longer shared" page (``ShareClosed``). Everyone else gets a
404, as does a supervisor for a share that was never theirs. Nothing here reaches the
supervisee's live records: a supervisor reaches snapshots only.

The supervisee's side is a practitioner's: it starts from ``roles.practitioner``, so an
account without that role has no links, shares or hours as a supervisee (a 404), and
the supervisor's side asks for the supervisor role.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import holds, practitioner
from fulcrum.kernel.ownership import one_or_404
from fulcrum.supervision.models import Comment, HoursEntry, Share, SupervisionLink


class ShareClosed(Exception):
    """The share was the supervisor's to open but is withdrawn, expired or its link ended."""

    def __init__(self, share: Share) -> None:
        self.share = share
        super().__init__("no longer shared")


def links_as_supervisee(user: Viewer) -> QuerySet[SupervisionLink]:
    """Every link (and invitation) the user opened as a supervisee (404 without the
    practitioner role)."""
    return SupervisionLink.objects.filter(supervisee=practitioner(user))


def links_as_supervisor(user: Viewer) -> QuerySet[SupervisionLink]:
    """Links the user accepted as a supervisor (none without the role)."""
    viewer = signed_in(user)
    if not holds(viewer, Role.SUPERVISOR):
        return SupervisionLink.objects.none()
    return SupervisionLink.objects.filter(supervisor=viewer, accepted_at__isnull=False)


def get_link_for_user(user: Viewer, link_id: int | str) -> SupervisionLink:
    """A link the user is one side of, else 404."""
    viewer = signed_in(user)
    mine = Q(pk__in=[])
    if holds(viewer, Role.PRACTITIONER):
        mine |= Q(supervisee=viewer)
    if holds(viewer, Role.SUPERVISOR):
        mine |= Q(supervisor=viewer, accepted_at__isnull=False)
    return one_or_404(
        SupervisionLink.objects.filter(mine).select_related("supervisee", "supervisor"),
        link_id,
        "No such supervision link.",
    )


def shares_for_supervisee(user: Viewer) -> QuerySet[Share]:
    """Every share the user made, open or not (404 without the practitioner role)."""
    return Share.objects.filter(link__supervisee=practitioner(user))


def get_share_for_supervisee(user: Viewer, share_id: int | str) -> Share:
    """A share the user made, else 404."""
    return one_or_404(
        shares_for_supervisee(user).select_related("link", "link__supervisor"),
        share_id,
        "No such share.",
    )


def open_shares_for_supervisor(user: Viewer, *, now: datetime) -> QuerySet[Share]:
    """Shares the supervisor may open now: over a live link, not withdrawn, not expired."""
    return Share.objects.filter(
        link__in=links_as_supervisor(user).filter(ended_at__isnull=True),
        revoked_at__isnull=True,
        expires_at__gt=now,
    )


def get_share_for_supervisor(user: Viewer, share_id: int | str, *, now: datetime) -> Share:
    """A share shared with the supervisor that is still open; ShareClosed for one that was
    theirs but is closed; 404 for anything else."""
    share = one_or_404(
        Share.objects.filter(link__in=links_as_supervisor(user)).select_related(
            "link", "link__supervisee"
        ),
        share_id,
        "No such share.",
    )
    if share.link.ended_at is not None or share.revoked_at is not None or share.expires_at <= now:
        raise ShareClosed(share)
    return share


def get_comment_for_author(user: Viewer, comment_id: int | str, *, now: datetime) -> Comment:
    """A comment the user wrote on a share they can still reach, else 404 (ShareClosed for
    a supervisor whose share has closed since)."""
    viewer = signed_in(user)
    comment = one_or_404(
        Comment.objects.filter(author=viewer).select_related("share", "share__link"),
        comment_id,
        "No such comment.",
    )
    if comment.share.link.supervisee_id == viewer.pk:
        practitioner(viewer)  # a supervisee's reply is a practitioner's
        return comment
    get_share_for_supervisor(viewer, comment.share_id, now=now)
    return comment


def hours_for_link(link: SupervisionLink) -> QuerySet[HoursEntry]:
    """The hours logged over a link the caller already reached through get_link_for_user."""
    return HoursEntry.objects.filter(link=link).prefetch_related("decisions")


def get_hours_for_supervisor(user: Viewer, hours_id: int | str) -> HoursEntry:
    """Hours logged over a live link the user supervises, else 404."""
    return one_or_404(
        HoursEntry.objects.filter(
            link__in=links_as_supervisor(user).filter(ended_at__isnull=True)
        ).select_related("link"),
        hours_id,
        "No such hours.",
    )


def get_hours_for_supervisee(user: Viewer, hours_id: int | str) -> HoursEntry:
    """Hours the user logged as a supervisee, else 404 (their supervisor included)."""
    return one_or_404(
        HoursEntry.objects.filter(link__supervisee=practitioner(user)).select_related(
            "link", "link__supervisor", "feedback"
        ),
        hours_id,
        "No such hours.",
    )


def get_comment_on_share(share: Share, comment_id: int | str) -> Comment:
    """A comment on ``share`` (already reached through the functions above), else 404."""
    return one_or_404(share.comments.all(), comment_id, "No such comment.")
