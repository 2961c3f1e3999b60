"""The ledger's tests keep their keys in a temporary folder and run with no network."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest


class _NoNetwork(socket.socket):
    def __init__(self, family: Any = -1, *args: Any, **kwargs: Any) -> None:
        if family in (socket.AF_INET, socket.AF_INET6, -1):
            raise OSError("Network sockets are blocked in the ledger's tests.")
        super().__init__(family, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    # PostgreSQL is reached through libpq, below Python's socket module, so the
    # database still works; anything Fulcrum itself tried to open would fail.
    monkeypatch.setattr(socket, "socket", _NoNetwork)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OSError("Network sockets are blocked in the ledger's tests.")


@pytest.fixture(autouse=True)
def _key_folder(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
