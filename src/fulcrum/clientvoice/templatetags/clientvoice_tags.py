"""Template helpers for pages outside the client-voice app (client page, check-in page).

They receive records the page already fetched through the access module and only read
what hangs from them.
"""

from __future__ import annotations

from typing import Any

from django import template

from fulcrum.clientvoice.services import AnsweredSession, answered_sessions

register = template.Library()


@register.simple_tag
def client_voice_summary(client: Any) -> dict[str, Any]:
    """Counts and the latest answered session for the client page."""
    sessions = answered_sessions(client)
    return {
        "answered": len(sessions),
        "gaps": sum(len(s.comparison.gaps) for s in sessions),
        "latest": sessions[0] if sessions else None,
        "latest_checkin": client.checkins.order_by("-session_at", "-pk").first(),
    }


@register.simple_tag
def checkin_voice(checkin: Any) -> AnsweredSession | None:
    """The client's answers about this session, set beside it, if they gave any."""
    for row in answered_sessions(checkin.client):
        if row.checkin.pk == checkin.pk:
            return row
    return None
