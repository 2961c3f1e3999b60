"""Pages that span areas: the caseload, the client page, a session's check-in."""

from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.workspace import account, views

urlpatterns = [
    # Every account's: the landing page sends each role to its own home.
    path("", views.dashboard, name="dashboard"),
    path("account/delete/", account.account_delete, name="account_delete"),
]
# The workspace itself is a practitioner's: a 404 for an account without the role.
urlpatterns += pages_for(
    Role.PRACTITIONER,
    [
        path("account/export/", account.account_export, name="account_export"),
        path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
        path("clients/<int:client_id>/delete/", views.client_delete, name="client_delete"),
        path("clients/<int:client_id>/checkins/new/", views.checkin_create, name="checkin_create"),
        path(
            "clients/<int:client_id>/checkins/<int:checkin_id>/",
            views.checkin_detail,
            name="checkin_detail",
        ),
        path(
            "clients/<int:client_id>/checkins/<int:checkin_id>/edit/",
            views.checkin_edit,
            name="checkin_edit",
        ),
        path(
            "clients/<int:client_id>/checkins/<int:checkin_id>/history/",
            views.checkin_history,
            name="checkin_history",
        ),
        path(
            "clients/<int:client_id>/checkins/<int:checkin_id>/delete/",
            views.checkin_delete,
            name="checkin_delete",
        ),
    ],
)
