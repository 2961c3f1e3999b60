"""The demo workspace's transcript: one invented massage session, attached to B-201.

The file lives beside this module (``demo_data/bodywork_session.vtt``) and is written in
Fulcrum's own words; every name in it is fictional. It is attached through
``attach_transcript``, as an upload would be, and coded with the transparent rules so
the demo reads the same on every machine (choosing the practitioner again on the report
re-analyses it with a trained coder, if one is cached).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.services import attach_transcript

__all__ = ["DEMO_CLIENT_CODE", "DEMO_TRANSCRIPT", "load_demo_transcript"]

DEMO_CLIENT_CODE = "B-201"
DEMO_TRANSCRIPT = Path(__file__).resolve().parent / "demo_data" / "bodywork_session.vtt"


def load_demo_transcript(owner: User, *, now: datetime) -> Transcript | None:
    """Attach the demo session to the owner's B-201, the day after their latest check-in.

    The session has no check-in yet, so the report offers to start one pre-filled.
    Returns None when the owner has no such client.
    """
    client = Client.objects.filter(owner=owner, code=DEMO_CLIENT_CODE).first()
    if client is None:
        return None
    latest = client.checkins.order_by("-session_at").first()
    base = latest.session_at if latest is not None else now - timedelta(days=2)
    session_at = min(base + timedelta(days=1), now - timedelta(hours=2))
    return attach_transcript(
        client,
        DEMO_TRANSCRIPT.read_bytes(),
        DEMO_TRANSCRIPT.name,
        session_at=session_at.replace(minute=0, second=0, microsecond=0),
        now=now,
        coder=RulesCoder(),
    )
