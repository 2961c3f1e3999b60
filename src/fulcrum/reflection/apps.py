from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "fulcrum.reflection"
    label = "reflection"
