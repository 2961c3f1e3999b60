"""Check-in and drift routes, mounted under clients/."""

from django.urls import path

from fulcrum.checkins import views

urlpatterns = [
    path("drift/", views.caseload_drift, name="caseload_drift"),
    path("<int:client_id>/checkins/new/", views.checkin_create, name="checkin_create"),
    path("<int:client_id>/checkins/<int:checkin_id>/", views.checkin_detail, name="checkin_detail"),
    path(
        "<int:client_id>/checkins/<int:checkin_id>/edit/",
        views.checkin_edit,
        name="checkin_edit",
    ),
    path(
        "<int:client_id>/checkins/<int:checkin_id>/delete/",
        views.checkin_delete,
        name="checkin_delete",
    ),
    path("<int:client_id>/drift/", views.client_drift, name="client_drift"),
    path(
        "<int:client_id>/warnings/<int:warning_id>/acknowledge/",
        views.warning_acknowledge,
        name="warning_acknowledge",
    ),
]
