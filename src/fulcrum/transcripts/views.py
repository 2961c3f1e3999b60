"""Transcript pages: parse → access (the area's access.py) → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fulcrum.checkins.access import checkins_for_user
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.access import get_client_for_user
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.powermaps.access import power_maps_for_user
from fulcrum.transcripts import services
from fulcrum.transcripts.access import get_transcript_for_user
from fulcrum.transcripts.formatting import counted
from fulcrum.transcripts.forms import LinkForm, PractitionerForm, UploadForm
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.report import NO_CLIENT, build_report, describe_coder, map_suggestions
from fulcrum.transcripts.uploads import use_capped_uploads

# How many of the client's check-ins the "link a check-in" lists offer.
CHECKIN_CHOICES = 60
# Turns listed per page of the report: a long session's page stays light.
TURNS_PER_PAGE = 200


def _page(request: HttpRequest) -> int:
    """The ``page`` asked for; anything unreadable is the first (the report bounds it)."""
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and len(raw) <= 9 else 1


def _checkins(request: HttpRequest, client: Client, keep: int | None = None) -> QuerySet[CheckIn]:
    """The client's latest check-ins to choose from (and ``keep``, the one already linked)."""
    mine = checkins_for_user(request.user).filter(client=client)
    latest = list(mine.values_list("pk", flat=True)[:CHECKIN_CHOICES])
    if keep is not None:
        latest.append(keep)
    return mine.filter(pk__in=latest)


@csrf_exempt
def transcript_upload(request: HttpRequest, client_id: int) -> HttpResponse:
    # The upload handlers must be in place before anything reads the request body,
    # and the CSRF check reads it; so the check runs after, in the view below.
    use_capped_uploads(request)
    return _transcript_upload(request, client_id)


@login_required
@csrf_protect
def _transcript_upload(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    checkins = _checkins(request, client)
    now = timezone.now()
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        checkins=checkins,
        now=now,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            transcript = services.attach_transcript(
                client,
                upload.read(),
                upload.name or "transcript",
                checkin=form.cleaned_data["checkin"],
                session_at=form.cleaned_data["session_at"],
                practitioner=form.cleaned_data["practitioner"],
                now=now,
            )
        except ParseError as exc:
            form.add_error("file", str(exc))
        except services.TranscriptRefused as exc:
            form.add_error(exc.field, str(exc))
        except InvalidInput as exc:
            # An unknown name, or a file that does not say who practises: both are
            # answered in the practitioner field.
            form.add_error("practitioner", str(exc))
        else:
            read = (
                f"{transcript.filename} read: {counted(transcript.utterance_count, 'utterance')} "
                f"by {counted(len(transcript.speakers), 'speaker')}."
            )
            messages.success(request, read if transcript.has_client else f"{read} {NO_CLIENT}")
            return redirect("transcript_detail", client_id=client.pk, transcript_id=transcript.pk)
    return render(request, "transcripts/transcript_upload.html", {"client": client, "form": form})


@login_required
def transcript_detail(request: HttpRequest, client_id: int, transcript_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    transcript = get_transcript_for_user(request.user, client, transcript_id)
    report = build_report(
        transcript,
        list(transcript.utterances.order_by("index")),
        page_size=TURNS_PER_PAGE,
        page=_page(request),
    )
    latest = power_maps_for_user(request.user).filter(client=client).first()
    suggestions = map_suggestions(report, latest.ratings.get("client", {}) if latest else None)
    suggest_url = (
        reverse("powermap_create", args=[client.pk])
        + "?"
        + urlencode({f"suggest_{s.kind}": s.rating for s in suggestions})
        if suggestions
        else ""
    )
    return render(
        request,
        "transcripts/transcript_detail.html",
        {
            "map_suggestions": suggestions,
            "map_suggest_url": suggest_url,
            "has_map": latest is not None,
            "client": client,
            "transcript": transcript,
            "report": report,
            "coder": describe_coder(
                transcript.coder_kind, transcript.coder, transcript.coder_notes
            ),
            # timeline_chart escapes every piece of text it draws.
            "chart": mark_safe(report.chart),
            "practitioner_form": PractitionerForm(
                initial={"speaker": transcript.practitioner}, speakers=transcript.speakers
            ),
            "link_form": LinkForm(
                initial={"checkin": transcript.checkin_id},
                checkins=_checkins(request, client, keep=transcript.checkin_id),
            ),
            "show_guess_warnings": (
                transcript.practitioner_source == Transcript.PractitionerSource.GUESSED
            ),
        },
    )


@login_required
@require_POST
def transcript_practitioner(
    request: HttpRequest, client_id: int, transcript_id: int
) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    transcript = get_transcript_for_user(request.user, client, transcript_id)
    form = PractitionerForm(request.POST, speakers=transcript.speakers)
    if form.is_valid():
        speaker = form.cleaned_data["speaker"]
        services.set_practitioner(transcript, speaker, now=timezone.now())
        messages.success(request, f"Analysed again with {speaker} as the practitioner.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("speaker", [])))
    return redirect("transcript_detail", client_id=client.pk, transcript_id=transcript.pk)


@login_required
@require_POST
def transcript_link(request: HttpRequest, client_id: int, transcript_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    transcript = get_transcript_for_user(request.user, client, transcript_id)
    form = LinkForm(request.POST, checkins=_checkins(request, client, keep=transcript.checkin_id))
    if form.is_valid():
        checkin = form.cleaned_data["checkin"]
        services.link_to_checkin(transcript, checkin)
        messages.success(
            request,
            "Linked to the session's check-in." if checkin else "No longer linked to a check-in.",
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("checkin", [])))
    return redirect("transcript_detail", client_id=client.pk, transcript_id=transcript.pk)


@login_required
def transcript_delete(request: HttpRequest, client_id: int, transcript_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    transcript = get_transcript_for_user(request.user, client, transcript_id)
    if request.method == "POST":
        name = transcript.filename
        services.delete_transcript(transcript)
        messages.success(request, f"The transcript {name} and its analysis were deleted.")
        return redirect("client_detail", client_id=client.pk)
    return render(
        request, "transcripts/transcript_delete.html", {"client": client, "transcript": transcript}
    )
