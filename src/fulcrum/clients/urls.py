from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.clients import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.client_list, name="client_list"),
        path("new/", views.client_create, name="client_create"),
        path("<int:client_id>/edit/", views.client_edit, name="client_edit"),
        path("<int:client_id>/archive/", views.client_archive, name="client_archive"),
        path("<int:client_id>/restore/", views.client_restore, name="client_restore"),
    ],
)
