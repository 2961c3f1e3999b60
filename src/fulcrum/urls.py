"""Fulcrum's URL map: each app brings its own routes."""

from django.urls import include, path

from fulcrum.policies.consent_views import consent_answer, consent_receipt

urlpatterns = [
    path("", include("fulcrum.workspace.urls")),
    path("", include("fulcrum.accounts.urls")),
    path("clients/", include("fulcrum.clients.urls")),
    path("clients/", include("fulcrum.powermaps.urls")),
    path("clients/", include("fulcrum.checkins.urls")),
    path("clients/", include("fulcrum.transcripts.urls")),
    path("reflection/", include("fulcrum.reflection.urls")),
    path("harbour/", include("fulcrum.harbour.urls")),
    path("voice/", include("fulcrum.clientvoice.urls")),
    path("course/", include("fulcrum.course.urls")),
    path("supervision/", include("fulcrum.supervision.urls")),
    path("incidents/", include("fulcrum.incidents.urls")),
    path("", include("fulcrum.vignettes.urls")),
    path("policies/", include("fulcrum.policies.urls")),
    path("api/", include("fulcrum.api.urls")),
    path("consent/<str:token>/", consent_answer, name="consent_answer"),
    path("consent/<str:token>/receipt/", consent_receipt, name="consent_receipt"),
]
