"""The incident log's tests run with network sockets blocked, as the ledger's do."""

from fulcrum.ledger.tests.conftest import _no_network  # noqa: F401
