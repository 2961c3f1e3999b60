from django.urls import path

from fulcrum.incidents import views

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("new/", views.incident_create, name="incident_create"),
    path("<int:incident_id>/", views.incident_detail, name="incident_detail"),
    path("<int:incident_id>/amend/", views.incident_amend, name="incident_amend"),
    path("<int:incident_id>/history/", views.incident_history, name="incident_history"),
    path("<int:incident_id>/pdf/", views.incident_pdf, name="incident_pdf"),
]
