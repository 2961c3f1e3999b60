from django.urls import path

from fulcrum.clientvoice import views

# The practitioner's pages first; the client's one-segment token URL comes last.
urlpatterns = [
    path("", views.voice_overview, name="voice_overview"),
    path("clients/<int:client_id>/", views.voice_client, name="voice_client"),
    path(
        "clients/<int:client_id>/sessions/<int:checkin_id>/ask/",
        views.voice_link_create,
        name="voice_link_create",
    ),
    path("links/<int:link_id>/", views.voice_link, name="voice_link"),
    path("links/<int:link_id>/withdraw/", views.voice_link_withdraw, name="voice_link_withdraw"),
    path("<str:token>/", views.voice_answer, name="voice_answer"),
]
