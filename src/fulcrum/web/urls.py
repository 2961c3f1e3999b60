from django.urls import path

from fulcrum.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
