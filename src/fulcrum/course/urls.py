from django.urls import path

from fulcrum.course import views

urlpatterns = [
    path("", views.course_index, name="course_index"),
    path("<slug:module_id>/", views.course_module, name="course_module"),
    path("<slug:module_id>/quiz/", views.course_quiz, name="course_quiz"),
]
