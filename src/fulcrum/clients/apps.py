from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "fulcrum.clients"
    label = "clients"
