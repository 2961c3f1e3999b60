from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.powermaps import views

# Every page here is a practitioner's: a 404 for an account without the role.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("<int:client_id>/maps/", views.powermap_history, name="powermap_history"),
        path("<int:client_id>/maps/new/", views.powermap_create, name="powermap_create"),
        path("<int:client_id>/maps/<int:map_id>/", views.powermap_detail, name="powermap_detail"),
    ],
)
