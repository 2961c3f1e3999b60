"""Drift routes, mounted under clients/ (a session's own pages are the workspace's)."""

from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.checkins import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("drift/", views.caseload_drift, name="caseload_drift"),
        path("<int:client_id>/drift/", views.client_drift, name="client_drift"),
        path(
            "<int:client_id>/warnings/<int:warning_id>/acknowledge/",
            views.warning_acknowledge,
            name="warning_acknowledge",
        ),
        path(
            "<int:client_id>/concerns/<int:concern_id>/close/",
            views.concern_close,
            name="concern_close",
        ),
    ],
)
