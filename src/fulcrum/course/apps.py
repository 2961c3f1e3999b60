from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "fulcrum.course"
    label = "course"
    verbose_name = "Course"
