from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "fulcrum.ledger"
    label = "ledger"
    verbose_name = "Tamper-evident ledger"
