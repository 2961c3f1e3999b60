from django.apps import AppConfig


class PowermapsConfig(AppConfig):
    name = "fulcrum.powermaps"
    label = "powermaps"
    verbose_name = "Power maps"
