from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fulcrum.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from fulcrum.accounts import checks  # noqa: F401  (registers system checks)
