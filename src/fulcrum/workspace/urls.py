"""Pages that span areas: the caseload, the client page, a session's check-in."""

from django.urls import path

from fulcrum.workspace import account, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("account/export/", account.account_export, name="account_export"),
    path("account/delete/", account.account_delete, name="account_delete"),
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
]
