from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.harbour import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.harbour_plan, name="harbour_plan"),
        path("edit/", views.harbour_edit, name="harbour_edit"),
        path("history/", views.harbour_history, name="harbour_history"),
        path("history/<int:version>/", views.harbour_version, name="harbour_version"),
        path("coverage/", views.harbour_coverage, name="harbour_coverage"),
        path(
            "coverage/<int:client_id>/",
            views.harbour_client_coverage,
            name="harbour_client_coverage",
        ),
        path(
            "practice/<int:client_id>/<int:checkin_id>/",
            views.harbour_practice,
            name="harbour_practice",
        ),
    ],
)
