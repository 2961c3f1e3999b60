from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "fulcrum.history"
    label = "history"
