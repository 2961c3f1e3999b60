"""The core's error hierarchy: every failure a person can act on derives from FulcrumError."""


class FulcrumError(Exception):
    """Base class for errors raised by Fulcrum's core; the message is meant for a person."""


class CatalogueError(FulcrumError):
    """The power catalogue's data files are missing or inconsistent."""


class InvalidInput(FulcrumError):
    """A value handed to the core is out of range or refers to something unknown."""


class ParseError(FulcrumError):
    """An input file could not be read; ``line`` names where, when known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"Line {line}: {message}" if line is not None else message)


class IntegrityProblem(FulcrumError):
    """A ledger value, proof or bundle is malformed (not merely failing verification)."""
