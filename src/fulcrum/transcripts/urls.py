"""Transcript routes, mounted under clients/."""

from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.transcripts import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("<int:client_id>/transcripts/new/", views.transcript_upload, name="transcript_upload"),
        path(
            "<int:client_id>/transcripts/<int:transcript_id>/",
            views.transcript_detail,
            name="transcript_detail",
        ),
        path(
            "<int:client_id>/transcripts/<int:transcript_id>/practitioner/",
            views.transcript_practitioner,
            name="transcript_practitioner",
        ),
        path(
            "<int:client_id>/transcripts/<int:transcript_id>/checkin/",
            views.transcript_link,
            name="transcript_link",
        ),
        path(
            "<int:client_id>/transcripts/<int:transcript_id>/delete/",
            views.transcript_delete,
            name="transcript_delete",
        ),
    ],
)
