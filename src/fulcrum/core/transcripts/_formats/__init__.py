"""Readers for each transcript format; private to :mod:`fulcrum.core.transcripts.parsing`."""
