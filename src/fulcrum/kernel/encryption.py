"""The one field encryption: every free-text field that can hold clinical or personal
text is stored through these model fields.

A stored value reads ``fe1:<key id>:<base64 of nonce and AES-256-GCM ciphertext>``. The
cipher authenticates the text together with the field it belongs to (``app.model.field``),
so a value copied into another column does not open. The key id says which data key
sealed it (``fulcrum.kernel.keys``), so ``fulcrum keys rotate`` can move values to a new
key while Fulcrum runs, and old keys are kept until nothing uses them.

An empty text is stored empty: it says nothing but that the field is blank, and it keeps
``filter(note="")`` meaningful. Every other lookup on an encrypted field is refused, since
the database only sees ciphertext (search decrypts in Python, see
docs/decisions/0011-encryption-at-rest.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.apps import apps as global_apps
from django.conf import settings
from django.core import validators
from django.db import connection as default_connection
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Lookup

from fulcrum.kernel.keys import DataKey, KeyStoreError, key_id_for, key_ring

if TYPE_CHECKING:
    _TextBase = models.TextField[Any, Any]
else:
    _TextBase = models.TextField

PREFIX = "fe1:"
NONCE_BYTES = 12
BATCH_SIZE = 500


class UnreadableValue(KeyStoreError):
    """A stored value cannot be opened: its key is missing, or it was altered."""


_ciphers: dict[bytes, AESGCM] = {}


def _cipher(key: DataKey) -> AESGCM:
    cipher = _ciphers.get(key.key)
    if cipher is None:
        cipher = _ciphers[key.key] = AESGCM(key.key)
    return cipher


def encrypt_text(plaintext: str, *, context: str) -> str:
    """Seal ``plaintext`` under the current data key, bound to ``context``."""
    if plaintext == "":
        return ""
    key = key_ring(create=True).current
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = _cipher(key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{PREFIX}{key.id}:{body}"


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def stored_key_id(stored: str) -> str | None:
    """The id of the key that sealed ``stored``; None for an empty or plaintext value."""
    if not is_encrypted(stored):
        return None
    return stored[len(PREFIX) :].split(":", 1)[0]


def decrypt_text(stored: str, *, context: str) -> str:
    """Open a value made by ``encrypt_text``; text stored before encryption reads as is."""
    if not is_encrypted(stored):
        return stored
    try:
        key_id, body = stored[len(PREFIX) :].split(":", 1)
        blob = base64.urlsafe_b64decode(body.encode("ascii"))
        # Decoding forgives stray characters and the unused low bits of the last one;
        # only the one spelling encrypt_text writes is read, so no changed byte passes.
        if base64.urlsafe_b64encode(blob).decode("ascii") != body:
            raise ValueError("not the canonical spelling")
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise UnreadableValue(f"A stored value of {context} is damaged.") from None
    key = key_ring().get(key_id) or key_ring(refresh=True).get(key_id)
    if key is None:
        raise UnreadableValue(
            f"A stored value of {context} is sealed with data key {key_id}, which is not in "
            "the key store; restore the key from your backup."
        )
    try:
        plain = _cipher(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise UnreadableValue(
            f"A stored value of {context} does not open with data key {key_id}: "
            "it was altered or moved from another field."
        ) from None
    return plain.decode("utf-8")


# -- model fields ----------------------------------------------------------------------


class EncryptedMixin:
    """Shared by the encrypted fields: seal on the way in, open on the way out."""

    encrypted = True

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)  # type: ignore[misc]
        self.encryption_context = f"{cls._meta.label_lower}.{name}"

    def get_internal_type(self) -> str:
        return "TextField"

    def to_plaintext(self, value: Any) -> str:
        raise NotImplementedError

    def from_plaintext(self, text: str) -> Any:
        raise NotImplementedError

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = self.to_plaintext(value)
        return encrypt_text(text, context=self.encryption_context)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.from_plaintext(decrypt_text(value, context=self.encryption_context))

    def get_lookup(self, lookup_name: str) -> type[Lookup] | None:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)  # type: ignore[misc, no-any-return]
        if lookup_name == "exact":
            return BlankOnlyExact
        return None

    def get_transform(self, lookup_name: str) -> Any:
        return None


class BlankOnlyExact(models.lookups.Exact):
    """``field=""`` still works on an encrypted field; any other value cannot match."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise TypeError(
                f"{self.lhs.target.name} is encrypted: it can only be compared with '' "
                "in the database; filter after reading instead."
            )
        return ""

    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, tuple[str | int, ...]]:
        return "%s", ("",)


class EncryptedTextField(EncryptedMixin, _TextBase):
    """Free text stored encrypted."""

    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def from_plaintext(self, text: str) -> Any:
        return text

    def to_python(self, value: Any) -> Any:
        return value if value is None or isinstance(value, str) else str(value)


class EncryptedCharField(EncryptedTextField):
    """A short text stored encrypted; ``max_length`` is kept for validation and forms.

    The column is a text column, since ciphertext is longer than what it seals.
    """

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        if max_length is not None:
            self.validators.append(validators.MaxLengthValidator(max_length))

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {"max_length": self.max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return Field.formfield(self, form_class=forms.CharField, **defaults)


class EncryptedJSONField(EncryptedMixin, _TextBase):
    """A JSON value that can hold free text (speaker names, quoted lines), stored encrypted."""

    if TYPE_CHECKING:
        _pyi_private_set_type: Any
        _pyi_private_get_type: Any

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def from_plaintext(self, text: str) -> Any:
        if text == "":
            return None
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> Any:
        # As Django's JSONField: serialisers write the value itself, not a string of it.
        return self.value_from_object(obj)


def encrypted_fields(model: type[models.Model]) -> list[Field[Any, Any]]:
    """The encrypted fields ``model`` has (its own columns only)."""
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


# -- moving stored values: the first encryption and rotation ---------------------------


@dataclass(frozen=True)
class Resealed:
    """What a pass over stored values did."""

    examined: int
    resealed: int


@dataclass(frozen=True)
class FieldCount:
    """How many stored values of one field each key seals (``None``: not yet encrypted)."""

    label: str
    by_key: dict[str | None, int]


def _rows(
    connection: BaseDatabaseWrapper, table: str, pk: str, column: str, only: str | None = None
) -> Iterator[list[tuple[Any, str]]]:
    quote = connection.ops.quote_name
    last: Any = None
    while True:
        conditions = [c for c in (only, None if last is None else f"{quote(pk)} > %s") if c]
        where = f"WHERE {' AND '.join(f'({c})' for c in conditions)} " if conditions else ""
        sql = (
            f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "  # noqa: S608
            f"{where}ORDER BY {quote(pk)} LIMIT {BATCH_SIZE}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [] if last is None else [last])
            batch = [(row[0], row[1]) for row in cursor.fetchall()]
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def _legacy_plaintext(field: Field[Any, Any], raw: Any) -> str:
    # A JSON column read as text on PostgreSQL comes back already parsed.
    if isinstance(field, EncryptedJSONField) and not isinstance(raw, str):
        return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
    return str(raw)


def reseal_field(
    model: type[models.Model],
    field: Field[Any, Any],
    *,
    connection: BaseDatabaseWrapper | None = None,
    decrypt: bool = False,
) -> Resealed:
    """Seal every stored value of ``field`` under the current key (or open it, ``decrypt``).

    Rows are read in batches by primary key and each batch is written in its own short
    transaction. A row is only rewritten if it still holds the value read, so a save made
    meanwhile by the running server is never overwritten.

    A model whose rows are frozen once made (a published policy version, a consent
    event: the database refuses to change them) names the rows rotation may rewrite in
    ``RESEALABLE_WHERE``, an SQL condition on its own columns ("1 = 0" for none). The
    others stay under the key that sealed them; ``count_by_key`` still counts them, so
    that key is never forgotten while they need it.
    """
    only = getattr(model, "RESEALABLE_WHERE", None)
    connection = connection or default_connection
    context = f"{model._meta.label_lower}.{field.name}"
    table, pk, column = model._meta.db_table, str(model._meta.pk.column), str(field.column)
    quote = connection.ops.quote_name
    current: str | None = None  # read when a value first needs it: an empty table needs no key
    examined = resealed = 0
    update = (
        f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608
        f"WHERE {quote(pk)} = %s AND {quote(column)} = %s" + (f" AND ({only})" if only else "")
    )
    for batch in _rows(connection, table, pk, column, only):
        changes: list[tuple[str, Any, Any]] = []
        for row_pk, raw in batch:
            examined += 1
            if raw is None:
                continue
            text = raw if isinstance(raw, str) else _legacy_plaintext(field, raw)
            if decrypt:
                if not is_encrypted(text):
                    continue
                changes.append((decrypt_text(text, context=context), row_pk, raw))
            elif text != "":
                if current is None:
                    current = key_ring(create=True, refresh=True).current.id
                if stored_key_id(text) == current:
                    continue
                plain = (
                    decrypt_text(text, context=context)
                    if is_encrypted(text)
                    else _legacy_plaintext(field, raw)
                )
                changes.append((encrypt_text(plain, context=context), row_pk, raw))
        if changes:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                for new, row_pk, old in changes:
                    cursor.execute(update, [new, row_pk, old])
                    resealed += cursor.rowcount
    return Resealed(examined=examined, resealed=resealed)


def encrypted_models() -> list[tuple[type[models.Model], list[Any]]]:
    """Every model with encrypted columns, and those columns.

    Django's session table is one too when sessions are stored through
    ``fulcrum.kernel.sessions``, which seals its data with the same context.
    """
    found = []
    for model in global_apps.get_models():
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    if settings.SESSION_ENGINE == "fulcrum.kernel.sessions":
        session = global_apps.get_model("sessions", "Session")
        found.append((session, [session._meta.get_field("session_data")]))
    return found


def reseal_everything(*, connection: BaseDatabaseWrapper | None = None) -> Resealed:
    """Seal every encrypted value in the database under the current key."""
    examined = resealed = 0
    for model, fields in encrypted_models():
        for field in fields:
            done = reseal_field(model, field, connection=connection)
            examined += done.examined
            resealed += done.resealed
    return Resealed(examined=examined, resealed=resealed)


# Values sealed with ``encrypt_text`` outside an encrypted field (the ledger's append-only
# entry bodies, which rotation cannot rewrite): each counter says how many each key seals,
# so a key they still need is never forgotten.
SEALED_ELSEWHERE: list[Callable[[], FieldCount]] = []


def count_by_key(
    *, connection: BaseDatabaseWrapper | None = None, movable_only: bool = False
) -> list[FieldCount]:
    """For every encrypted field, and every value sealed elsewhere, how many non-empty
    values each key seals; ``movable_only`` leaves out the frozen rows rotation may not
    rewrite (a model's ``RESEALABLE_WHERE``), which keep their key by design."""
    connection = connection or default_connection
    quote = connection.ops.quote_name
    id_length = len(key_id_for(b""))
    counts = []
    for model, fields in encrypted_models():
        for field in fields:
            column, table = quote(str(field.column)), quote(model._meta.db_table)
            only = getattr(model, "RESEALABLE_WHERE", None) if movable_only else None
            movable = f" AND ({only})" if only else ""
            # Counted by the database: the key id sits at a fixed place in every value.
            sql = (
                f"SELECT CASE WHEN {column} LIKE %s "  # noqa: S608
                f"THEN SUBSTR({column}, {len(PREFIX) + 1}, {id_length}) "
                f"ELSE '' END, COUNT(*) FROM {table} "
                f"WHERE {column} IS NOT NULL AND {column} <> ''{movable} GROUP BY 1"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [f"{PREFIX}%"])
                by_key = {(key_id or None): int(n) for key_id, n in cursor.fetchall()}
            counts.append(FieldCount(f"{model._meta.label_lower}.{field.name}", by_key))
    if not movable_only:  # the ledger's append-only bodies are frozen, every one
        counts.extend(counter() for counter in SEALED_ELSEWHERE)
    return counts


def encrypt_existing(
    app_label: str, model_name: str, field_names: Iterable[str]
) -> Callable[[Any, Any], None]:
    """A data migration step that seals the existing rows of the named fields."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for name in field_names:
            reseal_field(model, model._meta.get_field(name), connection=schema_editor.connection)
        _settle_deferred_checks(schema_editor.connection)

    return forwards


def decrypt_existing(
    app_label: str, model_name: str, field_names: Iterable[str]
) -> Callable[[Any, Any], None]:
    """The reverse step: open the named fields' rows back into plaintext."""

    def backwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for name in field_names:
            reseal_field(
                model,
                model._meta.get_field(name),
                connection=schema_editor.connection,
                decrypt=True,
            )
        _settle_deferred_checks(schema_editor.connection)

    return backwards


def _settle_deferred_checks(connection: BaseDatabaseWrapper) -> None:
    # PostgreSQL refuses to alter a table with deferred foreign-key checks pending from
    # rows just rewritten in the same migration; running them now clears the way.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
