from django.urls import path

from fulcrum.powermaps import views

urlpatterns = [
    path("<int:client_id>/maps/", views.powermap_history, name="powermap_history"),
    path("<int:client_id>/maps/new/", views.powermap_create, name="powermap_create"),
    path("<int:client_id>/maps/<int:map_id>/", views.powermap_detail, name="powermap_detail"),
]
