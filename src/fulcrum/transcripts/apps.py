from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "fulcrum.transcripts"
    label = "transcripts"
    verbose_name = "Session transcripts"
