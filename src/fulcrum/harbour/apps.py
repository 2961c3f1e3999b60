from django.apps import AppConfig


class HarbourConfig(AppConfig):
    name = "fulcrum.harbour"
    label = "harbour"
