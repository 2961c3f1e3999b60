from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "fulcrum.policies"
    label = "policies"
    verbose_name = "Practice policies"

    def ready(self) -> None:
        # The supervision report sits below policies in the layers, so policies hands it
        # the reader of its section rather than being imported by it.
        from fulcrum.policies.sharing import policy_items
        from fulcrum.supervision.report import provide_policies

        provide_policies(policy_items)
