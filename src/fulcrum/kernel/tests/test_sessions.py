"""Sessions are sealed, and an unchanged session is not written again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

from fulcrum.kernel.sessions import SessionStore


def _writes_during(action: Callable[[], Any]) -> list[str]:
    writes: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            writes.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        action()
    return writes


@pytest.mark.django_db
def test_an_unchanged_session_is_written_once() -> None:
    store = SessionStore()
    store["notice"] = "saved"
    assert len(_writes_during(store.save)) == 1  # the first save creates the row

    assert _writes_during(store.save) == []  # nothing changed: nothing written


@pytest.mark.django_db
def test_a_changed_session_is_written_and_sealed() -> None:
    store = SessionStore()
    store["notice"] = "saved"
    store.save()

    store["notice"] = "a transcript called kept-name.txt was read"
    assert len(_writes_during(store.save)) == 1

    stored = Session.objects.get(session_key=store.session_key).session_data
    assert "kept-name" not in stored
    assert SessionStore(session_key=store.session_key)["notice"].endswith("was read")


@pytest.mark.django_db
def test_a_new_key_is_written_even_with_the_same_contents() -> None:
    store = SessionStore()
    store["notice"] = "saved"
    store.save()
    old = store.session_key

    store.cycle_key()

    assert store.session_key != old
    assert Session.objects.filter(session_key=store.session_key).exists()
    assert not Session.objects.filter(session_key=old).exists()
