from django.apps import AppConfig


class VignettesConfig(AppConfig):
    name = "fulcrum.vignettes"
    label = "vignettes"
