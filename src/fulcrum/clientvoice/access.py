"""What a practitioner may see of client-voice links and answers: those about their own
clients (a 404 otherwise). The client's own page finds its link by the token alone
(clientvoice.services)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.kernel.ownership import one_or_404


def voice_links_for_user(user: Viewer) -> QuerySet[VoiceLink]:
    """Links the user opened for their own clients."""
    owner = practitioner(user)
    return VoiceLink.objects.filter(client__owner=owner)


def get_voice_link_for_user(user: Viewer, link_id: int | str) -> VoiceLink:
    """A link the user opened, else 404."""
    return one_or_404(
        voice_links_for_user(user).select_related("client", "checkin"), link_id, "No such link."
    )


def voice_answers_for_user(user: Viewer) -> QuerySet[VoiceAnswer]:
    """Answers clients gave about the user's own sessions."""
    owner = practitioner(user)
    return VoiceAnswer.objects.filter(checkin__client__owner=owner, link__client__owner=owner)
