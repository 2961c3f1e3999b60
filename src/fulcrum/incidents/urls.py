from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.incidents import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.incident_list, name="incident_list"),
        path("new/", views.incident_create, name="incident_create"),
        path("<int:incident_id>/", views.incident_detail, name="incident_detail"),
        path("<int:incident_id>/amend/", views.incident_amend, name="incident_amend"),
        path("<int:incident_id>/history/", views.incident_history, name="incident_history"),
        path("<int:incident_id>/pdf/", views.incident_pdf, name="incident_pdf"),
    ],
)
