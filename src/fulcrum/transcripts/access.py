"""What a user may see of transcripts: those of their own clients (a 404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.clients.models import Client
from fulcrum.kernel.ownership import one_or_404
from fulcrum.transcripts.models import Transcript


def transcripts_for_user(user: Viewer) -> QuerySet[Transcript]:
    """Transcripts of the user's own clients, latest session first."""
    owner = practitioner(user)
    return Transcript.objects.filter(client__owner=owner)


def get_transcript_for_user(user: Viewer, client: Client, transcript_id: int | str) -> Transcript:
    """A transcript of the user's ``client``, else 404."""
    return one_or_404(
        transcripts_for_user(user).filter(client=client).select_related("client", "checkin"),
        transcript_id,
        "No such transcript.",
    )
