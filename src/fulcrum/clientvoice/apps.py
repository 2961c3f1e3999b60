from django.apps import AppConfig


class ClientvoiceConfig(AppConfig):
    name = "fulcrum.clientvoice"
    label = "clientvoice"
