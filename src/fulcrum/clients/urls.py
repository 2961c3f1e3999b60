from django.urls import path

from fulcrum.clients import views

urlpatterns = [
    path("", views.client_list, name="client_list"),
    path("new/", views.client_create, name="client_create"),
    path("<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("<int:client_id>/archive/", views.client_archive, name="client_archive"),
    path("<int:client_id>/restore/", views.client_restore, name="client_restore"),
]
