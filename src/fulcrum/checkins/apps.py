from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "fulcrum.checkins"
    label = "checkins"
    verbose_name = "Session check-ins"
