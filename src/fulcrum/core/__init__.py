"""Fulcrum's framework-free core: pure computation over frozen dataclasses.

Nothing in this package imports Django, touches the database, reads the clock or
performs network I/O. Time and randomness arrive as arguments.
"""
