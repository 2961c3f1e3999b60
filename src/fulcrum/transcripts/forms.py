"""Forms of the transcript pages: they parse and check shapes; the services do the rest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from fulcrum.checkins.models import CheckIn
from fulcrum.core.transcripts.parsing import EXTENSIONS
from fulcrum.kernel.dates import plausible_date
from fulcrum.transcripts.services import TranscriptRefused, check_session_at
from fulcrum.transcripts.uploads import byte_limit, is_too_big, size_in_words, too_big_message

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
# Every extension the parser reads, so the file picker offers them all.
ACCEPT = ",".join(f".{extension}" for extension in EXTENSIONS)


class CheckInChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: CheckIn) -> str:
        return f"{timezone.localtime(obj.session_at):%a %d %b %Y, %H:%M}"


class UploadForm(forms.Form):
    """A transcript file and what Fulcrum cannot read from it."""

    file = forms.FileField(
        label="Transcript file",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Choose a transcript file to upload.",
            "empty": "The file is empty.",
        },
    )
    checkin = CheckInChoiceField(
        label="The session's check-in",
        queryset=CheckIn.objects.none(),
        required=False,
        empty_label="None yet",
        help_text="If you already wrote the check-in for this session, link it here.",
        error_messages={"invalid_choice": "Choose one of this client's check-ins."},
    )
    session_at = forms.DateTimeField(
        validators=[plausible_date],
        label="When was the session?",
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        help_text="Leave empty to take the date of the linked check-in.",
        error_messages={"invalid": "Enter the date and time of the session."},
    )
    practitioner = forms.CharField(
        label="Who is the practitioner in the file?",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=(
            "Optional: the speaker's name as the file writes it. Left empty, Fulcrum "
            "guesses and tells you how sure it is; you can change it on the report."
        ),
    )

    def __init__(
        self,
        *args: Any,
        checkins: QuerySet[CheckIn],
        now: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.now = now if now is not None else timezone.now()
        self.fields["session_at"].widget.attrs["max"] = timezone.localtime(self.now).strftime(
            DATETIME_INPUT
        )
        field = self.fields["checkin"]
        assert isinstance(field, CheckInChoiceField)
        field.queryset = checkins
        self.limit = byte_limit()
        self.fields["file"].help_text = (
            "Captions from Zoom, Teams or YouTube (.vtt, .srt), text or Markdown exports "
            "(Otter, Whisper, podcasts), CSV or Excel tables, Whisper, Deepgram or "
            "AssemblyAI JSON, CHAT (.cha) or Word (.docx), up to "
            f"{size_in_words(self.limit)}. The file is read in memory and not kept: Fulcrum "
            "stores the utterances and their analysis."
        )

    def clean_session_at(self) -> datetime | None:
        session_at: datetime | None = self.cleaned_data["session_at"]
        try:
            check_session_at(session_at, now=self.now)
        except TranscriptRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return session_at

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if is_too_big(upload, self.limit):
            raise forms.ValidationError(too_big_message(upload.size or 0, self.limit))
        return upload


class PractitionerForm(forms.Form):
    speaker = forms.ChoiceField(
        label="Practitioner",
        error_messages={"invalid_choice": "Choose one of the speakers in this transcript."},
    )

    def __init__(self, *args: Any, speakers: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["speaker"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, s) for s in speakers]


class LinkForm(forms.Form):
    checkin = CheckInChoiceField(
        label="The session's check-in",
        queryset=CheckIn.objects.none(),
        required=False,
        empty_label="Not linked",
        error_messages={"invalid_choice": "Choose one of this client's check-ins."},
    )

    def __init__(self, *args: Any, checkins: QuerySet[CheckIn], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["checkin"]
        assert isinstance(field, CheckInChoiceField)
        field.queryset = checkins
