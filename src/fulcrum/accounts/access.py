"""The one place that decides what a user may see.

Every view, API endpoint and export fetches records through these helpers. Anything
that is not the user's raises Http404, so the existence of other people's records is
never revealed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.harbour.models import HarbourAction, HarbourPlan, PractisedAction
from fulcrum.powermaps.models import PowerMap
from fulcrum.reflection.models import JournalEntry
from fulcrum.transcripts.models import Transcript

M = TypeVar("M", bound=Model)


def _require_user(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404("Not found.")


def clients_for_user(user: Any, *, include_archived: bool = False) -> QuerySet[Client]:
    """The user's own clients (active caseload unless ``include_archived``)."""
    _require_user(user)
    qs = Client.objects.filter(owner=user)
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def get_client_for_user(user: Any, client_id: int | str) -> Client:
    """The user's client ``client_id`` (archived included), else 404."""
    _require_user(user)
    try:
        return Client.objects.get(pk=int(client_id), owner=user)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.") from None


def power_maps_for_user(user: Any) -> QuerySet[PowerMap]:
    _require_user(user)
    return PowerMap.objects.filter(client__owner=user)


def get_power_map_for_user(user: Any, client: Client, map_id: int | str) -> PowerMap:
    """A power map of the user's ``client``, else 404."""
    _require_user(user)
    try:
        return PowerMap.objects.get(pk=int(map_id), client=client, client__owner=user)
    except (PowerMap.DoesNotExist, ValueError, TypeError):
        raise Http404("No such power map.") from None


def checkins_for_user(user: Any) -> QuerySet[CheckIn]:
    _require_user(user)
    return CheckIn.objects.filter(client__owner=user)


def get_checkin_for_user(user: Any, client: Client, checkin_id: int | str) -> CheckIn:
    """A check-in of the user's ``client``, else 404."""
    _require_user(user)
    try:
        return CheckIn.objects.get(pk=int(checkin_id), client=client, client__owner=user)
    except (CheckIn.DoesNotExist, ValueError, TypeError):
        raise Http404("No such check-in.") from None


def warnings_for_user(user: Any) -> QuerySet[DriftWarning]:
    _require_user(user)
    return DriftWarning.objects.filter(client__owner=user)


def get_warning_for_user(user: Any, warning_id: int | str) -> DriftWarning:
    """A drift warning on one of the user's clients, else 404."""
    _require_user(user)
    try:
        return DriftWarning.objects.select_related("client").get(
            pk=int(warning_id), client__owner=user
        )
    except (DriftWarning.DoesNotExist, ValueError, TypeError):
        raise Http404("No such warning.") from None


def journal_entries_for_user(user: Any) -> QuerySet[JournalEntry]:
    """The user's own journal entries, newest first."""
    _require_user(user)
    return JournalEntry.objects.filter(owner=user)


def get_journal_entry_for_user(user: Any, entry_id: int | str) -> JournalEntry:
    """The user's journal entry ``entry_id``, else 404."""
    _require_user(user)
    try:
        return JournalEntry.objects.select_related("client", "checkin", "warning").get(
            pk=int(entry_id), owner=user
        )
    except (JournalEntry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such journal entry.") from None


def harbour_plans_for_user(user: Any) -> QuerySet[HarbourPlan]:
    """Every version of the user's plan, newest first."""
    _require_user(user)
    return HarbourPlan.objects.filter(owner=user)


def current_harbour_plan_for_user(user: Any) -> HarbourPlan | None:
    """The user's current plan version, or None before the first save."""
    return harbour_plans_for_user(user).order_by("-version").first()


def get_harbour_plan_for_user(user: Any, version: int | str) -> HarbourPlan:
    """Version ``version`` of the user's plan, else 404."""
    _require_user(user)
    try:
        return HarbourPlan.objects.get(owner=user, version=int(version))
    except (HarbourPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such plan version.") from None


def harbour_actions_for_user(user: Any) -> QuerySet[HarbourAction]:
    _require_user(user)
    return HarbourAction.objects.filter(plan__owner=user)


def practised_actions_for_user(user: Any) -> QuerySet[PractisedAction]:
    _require_user(user)
    return PractisedAction.objects.filter(checkin__client__owner=user, action__plan__owner=user)


# --- transcripts ------------------------------------------------------------------------


def transcripts_for_user(user: Any) -> QuerySet[Transcript]:
    """Transcripts of the user's own clients, latest session first."""
    _require_user(user)
    return Transcript.objects.filter(client__owner=user)


def get_transcript_for_user(user: Any, client: Client, transcript_id: int | str) -> Transcript:
    """A transcript of the user's ``client``, else 404."""
    _require_user(user)
    try:
        return Transcript.objects.select_related("client", "checkin").get(
            pk=int(transcript_id), client=client, client__owner=user
        )
    except (Transcript.DoesNotExist, ValueError, TypeError):
        raise Http404("No such transcript.") from None


# --- client voice ----------------------------------------------------------------------


def voice_links_for_user(user: Any) -> QuerySet[VoiceLink]:
    """Links the user opened for their own clients."""
    _require_user(user)
    return VoiceLink.objects.filter(client__owner=user)


def get_voice_link_for_user(user: Any, link_id: int | str) -> VoiceLink:
    """A link the user opened, else 404."""
    _require_user(user)
    try:
        return VoiceLink.objects.select_related("client", "checkin").get(
            pk=int(link_id), client__owner=user
        )
    except (VoiceLink.DoesNotExist, ValueError, TypeError):
        raise Http404("No such link.") from None


def voice_answers_for_user(user: Any) -> QuerySet[VoiceAnswer]:
    """Answers clients gave about the user's own sessions."""
    _require_user(user)
    return VoiceAnswer.objects.filter(checkin__client__owner=user, link__client__owner=user)


# --- several records named at once (e.g. a report's choices) ----------------------------


def _ids(values: list[str] | list[int]) -> set[int]:
    try:
        return {int(v) for v in values}
    except (ValueError, TypeError):
        raise Http404("Not found.") from None


def _all_owned(model: type[M], user: Any, ids: list[str] | list[int], missing: str) -> list[M]:
    """The user's rows of ``model`` named in ``ids``, in one query; 404 if any one of
    them is not the user's."""
    _require_user(user)
    wanted = _ids(ids)
    found = list(model._default_manager.filter(owner=user, pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404(missing)
    return found


def get_clients_for_user(user: Any, client_ids: list[str] | list[int]) -> list[Client]:
    """The user's clients named in ``client_ids`` (archived included), in one query;
    404 if any one of them is not the user's."""
    return _all_owned(Client, user, client_ids, "No such client.")


def get_journal_entries_for_user(user: Any, entry_ids: list[str] | list[int]) -> list[JournalEntry]:
    """The user's journal entries named in ``entry_ids``, in one query; 404 if any one of
    them is not the user's."""
    return _all_owned(JournalEntry, user, entry_ids, "No such journal entry.")
