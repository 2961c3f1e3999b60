from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fulcrum.api"
    label = "api"
    verbose_name = "JSON API"
