from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "fulcrum.workspace"
    label = "workspace"
