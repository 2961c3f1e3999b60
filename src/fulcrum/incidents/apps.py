from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "fulcrum.incidents"
    label = "incidents"
