from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "fulcrum.supervision"
    label = "supervision"
