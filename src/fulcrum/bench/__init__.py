"""Benchmarks behind ``fulcrum bench``; each prints its figures, the last line one JSON object.

They sit beside the command line, not below it: nothing on the product's path imports
them, and they import nothing of the command line's.
"""

from fulcrum.core.errors import FulcrumError


class BenchError(FulcrumError):
    """A benchmark cannot run as asked; the message is one sentence for a person."""
