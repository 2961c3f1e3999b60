from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fulcrum.web"
    label = "web"
