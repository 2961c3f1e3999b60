from django.urls import path

from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import pages_for
from fulcrum.clientvoice import views

# The practitioner's pages first (a 404 for an account without the role); the client's
# one-segment token URL comes last.
urlpatterns = pages_for(
    Role.PRACTITIONER,
    [
        path("", views.voice_overview, name="voice_overview"),
        path("clients/<int:client_id>/", views.voice_client, name="voice_client"),
        path(
            "clients/<int:client_id>/sessions/<int:checkin_id>/ask/",
            views.voice_link_create,
            name="voice_link_create",
        ),
        path("links/<int:link_id>/", views.voice_link, name="voice_link"),
        path(
            "links/<int:link_id>/withdraw/", views.voice_link_withdraw, name="voice_link_withdraw"
        ),
    ],
)
urlpatterns += [
    path("<str:token>/", views.voice_answer, name="voice_answer"),
]
