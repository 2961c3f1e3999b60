from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "fulcrum.policies"
    label = "policies"
    verbose_name = "Practice policies"
