from django.urls import path

from fulcrum.supervision import views

urlpatterns = [
    path("", views.supervision_builder, name="supervision_builder"),
    path("report/", views.supervision_report, name="supervision_report"),
    path("report.pdf", views.supervision_pdf, name="supervision_pdf"),
]
