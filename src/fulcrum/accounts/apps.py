from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fulcrum.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from fulcrum.accounts import checks  # noqa: F401  (registers system checks)
        from fulcrum.accounts.middleware import mark_sign_in

        user_logged_in.connect(mark_sign_in, dispatch_uid="fulcrum.accounts.mark_sign_in")
