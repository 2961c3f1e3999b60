"""Transcript routes, mounted under clients/."""

from django.urls import path

from fulcrum.transcripts import views

urlpatterns = [
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
]
