"""Sessions stored in the database, encrypted like every other free text.

A session holds the notices shown after an action, which can name a transcript's file,
so its data is sealed through the one field encryption before it is stored.

A session whose contents have not changed since this request last wrote them is not
written again: sealing gives new ciphertext every time, so the database cannot tell, and
on SQLite every write waits for the one write lock and a flush to disk.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db

from fulcrum.kernel.encryption import UnreadableValue, decrypt_text, encrypt_text

CONTEXT = "sessions.session.session_data"


class SessionStore(db.SessionStore):
    _written: tuple[str | None, bytes] | None = None

    def save(self, must_create: bool = False) -> None:
        if not must_create and self.session_key is not None and self._written == self._state():
            return
        super().save(must_create=must_create)
        self._written = self._state()

    def _state(self) -> tuple[str | None, bytes]:
        return self.session_key, self.serializer().dumps(dict(self.items()))

    def encode(self, session_dict: dict[str, Any]) -> str:
        return encrypt_text(super().encode(session_dict), context=CONTEXT)

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        if isinstance(session_data, bytes):
            session_data = session_data.decode("ascii", errors="replace")
        try:
            plain = decrypt_text(session_data, context=CONTEXT)
        except UnreadableValue:
            # A session whose key is gone is a signed-out visitor, not an error page.
            return {}
        return super().decode(plain)
