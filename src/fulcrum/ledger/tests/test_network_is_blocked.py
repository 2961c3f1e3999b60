"""The blocking the ledger's tests rely on is real."""

from __future__ import annotations

import socket

import pytest


def test_it_refuses_to_open_a_network_socket() -> None:
    with pytest.raises(OSError, match="blocked"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError, match="blocked"):
        socket.create_connection(("127.0.0.1", 9))
