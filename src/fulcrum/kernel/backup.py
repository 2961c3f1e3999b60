"""Backups of the whole database: a consistent copy while Fulcrum runs, sealed, with a
manifest checked before anything is restored.

A backup is one file, mode 0600::

    FULCRUM-BACKUP\\n
    <manifest: one line of JSON>\\n
    <payload: AES-GCM over gzip'd JSON lines, the manifest line as associated data>

The payload holds every row of every table Fulcrum's models own (sign-in sessions
aside), read through one consistent snapshot: SQLite's online backup API into a private
temporary file, or one REPEATABLE READ, READ ONLY transaction on PostgreSQL. Rows are
written as the models' values, so a backup made on SQLite restores into PostgreSQL and
back, and stored text is sealed again under the restoring side's current data key.

The payload is sealed with the key store's current data key, or with a key derived from
a passphrase (scrypt), which makes the file restorable without the key folder. The
manifest names the format, Fulcrum's version, the database kind, the migrations the
rows fit, the count of rows per table and the SHA-256 of the sealed payload; ``restore``
checks all of it, and that the database is empty, before it writes a row. See
docs/backup.md.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils.encoding import is_protected_type

from fulcrum.core.errors import FulcrumError
from fulcrum.kernel.keys import SCRYPT_N, SCRYPT_P, SCRYPT_R, key_ring

MAGIC = b"FULCRUM-BACKUP\n"
FORMAT = "fulcrum-backup"
FORMAT_VERSION = 1
EXPORT_FORMAT = "fulcrum-export"  # a workspace export sealed the same way
NONCE_BYTES = 12
SALT_BYTES = 16
SNAPSHOT_ALIAS = "fulcrum_backup_snapshot"
# Sign-in sessions are not records: everyone signs in again after a restore.
LEFT_OUT = frozenset({"sessions.session"})
# Rows migrate makes itself; a restore replaces them with the backup's, whose ids the
# other rows point at.
MADE_BY_MIGRATE = ("contenttypes.contenttype", "auth.permission")


class BackupError(FulcrumError):
    """A backup cannot be made or restored; the message says why in one sentence."""


@dataclass(frozen=True)
class BackupMade:
    """What ``make_backup`` wrote."""

    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class Restored:
    """What ``restore_backup`` loaded: rows per table."""

    counts: dict[str, int]
    manifest: dict[str, Any]


# -- what is in a backup ----------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in LEFT_OUT
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def database_kind(connection: BaseDatabaseWrapper) -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The migrations applied to ``connection``'s database, by app."""
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def fulcrum_version() -> str:
    try:
        return metadata.version("fulcrum")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare tree
        return "unknown"


# -- sealing ----------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    try:
        return base64.b64decode(str(text).encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise BackupError("The backup's manifest is damaged: a value is not base64.") from None


def _passphrase_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _sealing(passphrase: str | None) -> tuple[dict[str, Any], bytes]:
    """How the payload is sealed (for the manifest) and the key that seals it."""
    if passphrase is not None:
        if not passphrase.strip():
            raise BackupError("A backup passphrase cannot be empty or only spaces.")
        salt = secrets.token_bytes(SALT_BYTES)
        seal = {
            "kind": "passphrase",
            "salt": _b64(salt),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
        }
        return seal, _passphrase_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    ring = key_ring(create=True)
    return {"kind": "data-key", "key_id": ring.current.id}, ring.current.key


def _opening_key(seal: Any, passphrase: str | None) -> bytes:
    if not isinstance(seal, dict) or seal.get("kind") not in ("passphrase", "data-key"):
        raise BackupError("The backup's manifest does not say how the backup was sealed.")
    if seal["kind"] == "passphrase":
        if passphrase is None:
            raise BackupError(
                "This backup was sealed with a passphrase; give it with --passphrase."
            )
        try:
            n, r, p = int(seal["n"]), int(seal["r"]), int(seal["p"])
        except (KeyError, TypeError, ValueError):
            raise BackupError(
                "The backup's manifest is damaged: the scrypt cost is missing."
            ) from None
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            raise BackupError("The backup's manifest asks for an scrypt cost Fulcrum refuses.")
        return _passphrase_key(passphrase, _unb64(seal.get("salt")), n, r, p)
    key = key_ring().get(str(seal.get("key_id")))
    if key is None:
        raise BackupError(
            f"This backup was sealed with data key {seal.get('key_id')}, which this key store "
            "does not hold; restore the key folder from the same backup first."
        )
    return key.key


# -- reading a consistent snapshot -------------------------------------------------------


@contextlib.contextmanager
def _snapshot(source: BaseDatabaseWrapper) -> Iterator[BaseDatabaseWrapper]:
    """A connection that sees the database as it was at one moment."""
    settings_dict = dict(connections.databases[source.alias])
    workdir: str | None = None
    if source.vendor == "sqlite":
        workdir = tempfile.mkdtemp(prefix="fulcrum-backup-")  # 0700
        copy_path = Path(workdir) / "snapshot.sqlite3"
        source.ensure_connection()
        target = sqlite3.connect(copy_path)
        try:
            # The online backup API copies a consistent image while others keep writing.
            source.connection.backup(target)
        finally:
            target.close()
        settings_dict |= {"NAME": str(copy_path), "OPTIONS": {}}
    elif source.vendor != "postgresql":
        raise BackupError(f"Fulcrum cannot back up a {source.vendor} database.")
    settings_dict["CONN_MAX_AGE"] = 0
    # A connection of its own, made here and never named in the settings: the running
    # process's connections (and any transaction they are in) stay untouched.
    snapshot = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, SNAPSHOT_ALIAS)
    connections[SNAPSHOT_ALIAS] = snapshot
    try:
        with transaction.atomic(using=SNAPSHOT_ALIAS):
            if snapshot.vendor == "postgresql":
                with snapshot.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield snapshot
    finally:
        snapshot.close()
        del connections[SNAPSHOT_ALIAS]
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    # As Django's serialisers: plain values as they are, everything else as text.
    value = field.value_from_object(obj)
    if value is None or is_protected_type(value):
        return value
    return field.value_to_string(obj)


def _ordering(model: type[models.Model]) -> tuple[str, ...]:
    if model._meta.label_lower == "ledger.entry":
        return ("stream_id", "sequence")  # the ledger takes each stream in sequence only
    return ("pk",)


def read_tables(connection: BaseDatabaseWrapper) -> Iterator[dict[str, Any]]:
    """Each backed-up table's rows as stored values, through ``connection``."""
    for model in backed_up_models():
        fields = list(model._meta.concrete_fields)
        rows = [
            [_value(f, obj) for f in fields]
            for obj in model._base_manager.using(connection.alias)
            .order_by(*_ordering(model))
            .iterator(chunk_size=2000)
        ]
        yield {
            "model": model._meta.label_lower,
            "table": model._meta.db_table,
            "columns": [f.attname for f in fields],
            "rows": rows,
        }


def _payload_lines(tables: Iterator[dict[str, Any]]) -> tuple[bytes, dict[str, int]]:
    counts: dict[str, int] = {}
    lines = []
    for table in tables:
        counts[table["table"]] = len(table["rows"])
        lines.append(json.dumps(table, cls=DjangoJSONEncoder, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8"), counts


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, mode 0600 even if the file existed, replacing it whole."""
    partial = path.with_name(f".{path.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)


def make_backup(
    path: Path, *, now: datetime, passphrase: str | None = None, using: str = "default"
) -> BackupMade:
    """Write a sealed backup of the whole database to ``path`` (mode 0600)."""
    if not path.parent.is_dir():
        raise BackupError(f"The folder {str(path.parent)!r} does not exist.")
    source = connections[using]
    with _snapshot(source) as snapshot:
        plain, counts = _payload_lines(read_tables(snapshot))
        migrations = applied_migrations(snapshot)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "fulcrum_version": fulcrum_version(),
        "database": database_kind(source),
        "made_at": now.isoformat(),
        "migrations": migrations,
        "counts": counts,
    }
    manifest = write_sealed(path, plain, manifest, passphrase=passphrase)
    return BackupMade(path=path, manifest=manifest)


def write_sealed(
    path: Path, plain: bytes, manifest: dict[str, Any], *, passphrase: str | None
) -> dict[str, Any]:
    """Write ``plain`` sealed, after its manifest, to ``path`` (mode 0600); the manifest."""
    seal, key = _sealing(passphrase)
    nonce = secrets.token_bytes(NONCE_BYTES)
    manifest = manifest | {"seal": seal | {"nonce": _b64(nonce)}}
    # The hash is over the sealed payload, so damage shows before any key is needed;
    # the manifest is the associated data, so a changed manifest does not open.
    sealed = AESGCM(key).encrypt(nonce, gzip.compress(plain, mtime=0), _manifest_line(manifest))
    manifest["payload_sha256"] = hashlib.sha256(sealed).hexdigest()
    manifest["payload_bytes"] = len(sealed)
    try:
        written = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode("utf-8")
        write_private_bytes(path, MAGIC + written + b"\n" + sealed)
    except OSError as exc:
        raise BackupError(f"Cannot write {path}: {exc.strerror}.") from None
    return manifest


def is_sealed_file(path: Path) -> bool:
    """Whether ``path`` starts as a file ``write_sealed`` wrote."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _manifest_line(manifest: dict[str, Any]) -> bytes:
    # What is sealed with the payload: the manifest without the payload's own hash.
    bound = {k: v for k, v in manifest.items() if k not in ("payload_sha256", "payload_bytes")}
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


# -- reading a backup file ---------------------------------------------------------------


def read_manifest(path: Path, *, fmt: str = FORMAT) -> tuple[dict[str, Any], bytes]:
    """The manifest and sealed payload of the ``fmt`` file at ``path``, checked for damage."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BackupError(f"There is no file {str(path)!r}.") from None
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from None
    if not data.startswith(MAGIC):
        raise BackupError(f"{path} is not a sealed Fulcrum file (it does not start as one).")
    line, newline, sealed = data[len(MAGIC) :].partition(b"\n")
    try:
        manifest = json.loads(line.decode("utf-8")) if newline else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict):
        raise BackupError(f"The manifest of {path} is damaged: it is not one line of JSON.")
    if manifest.get("format") != fmt:
        raise BackupError(
            f"{path} is not a {fmt} file (its manifest names {manifest.get('format')!r})."
        )
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a version {manifest.get('version')!r} file; this Fulcrum reads "
            f"version {FORMAT_VERSION}."
        )
    _check_length_and_hash(path, manifest, sealed)
    if fmt != FORMAT:
        return manifest, sealed
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or not all(
        isinstance(v, int) and v >= 0 for v in counts.values()
    ):
        raise BackupError(f"The manifest of {path} is damaged: its row counts are unreadable.")
    if not isinstance(manifest.get("migrations"), dict):
        raise BackupError(f"The manifest of {path} is damaged: it names no migrations.")
    return manifest, sealed


def _check_length_and_hash(path: Path, manifest: dict[str, Any], sealed: bytes) -> None:
    if manifest.get("payload_bytes") != len(sealed):
        raise BackupError(
            f"{path} is cut short or padded: its manifest promises "
            f"{manifest.get('payload_bytes')} bytes of payload and it holds {len(sealed)}."
        )
    if hashlib.sha256(sealed).hexdigest() != manifest.get("payload_sha256"):
        raise BackupError(f"{path} is damaged: its payload does not match the manifest's SHA-256.")


def open_sealed(manifest: dict[str, Any], sealed: bytes, *, passphrase: str | None) -> bytes:
    """The plain payload of a checked file, opened with the passphrase or the data key."""
    seal = manifest.get("seal")
    key = _opening_key(seal, passphrase)
    assert isinstance(seal, dict)  # _opening_key refuses anything else
    nonce = _unb64(seal.get("nonce"))
    try:
        packed = AESGCM(key).decrypt(nonce, sealed, _manifest_line(manifest))
    except (InvalidTag, ValueError):
        what = "the passphrase is wrong" if seal["kind"] == "passphrase" else "it was altered"
        raise BackupError(f"The file does not open: {what}.") from None
    return gzip.decompress(packed)


def open_payload(
    manifest: dict[str, Any], sealed: bytes, *, passphrase: str | None
) -> list[dict[str, Any]]:
    """The tables a checked backup holds, opened with the passphrase or the data key."""
    plain = open_sealed(manifest, sealed, passphrase=passphrase)
    tables = [json.loads(line) for line in plain.decode("utf-8").splitlines()]
    found = {t["table"]: len(t["rows"]) for t in tables}
    if found != manifest["counts"]:
        raise BackupError("The backup's rows do not match the counts in its manifest.")
    return tables


# -- restoring ---------------------------------------------------------------------------


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    return {
        m._meta.db_table: m._base_manager.using(connection.alias).count()
        for m in backed_up_models()
    }


def _refuse_unless_fits(manifest: dict[str, Any], connection: BaseDatabaseWrapper) -> None:
    ours = applied_migrations(connection)
    if manifest["migrations"] != ours:
        theirs = {(a, n) for a, names in manifest["migrations"].items() for n in names}
        here = {(a, n) for a, names in ours.items() for n in names}
        missing = sorted(theirs - here)
        example = f" (this database lacks {missing[0][0]}.{missing[0][1]})" if missing else ""
        raise BackupError(
            f"The backup was made by Fulcrum {manifest.get('fulcrum_version')} with another "
            f"set of migrations{example}; restore it with the same version of Fulcrum."
        )
    known = {m._meta.db_table for m in backed_up_models()}
    if set(manifest["counts"]) != known:
        raise BackupError("The backup's tables are not the tables this Fulcrum keeps.")
    filled = {
        table: n
        for table, n in table_counts(connection).items()
        if n and table not in _made_by_migrate_tables()
    }
    if filled:
        table, n = sorted(filled.items())[0]
        raise BackupError(
            f"The database is not empty ({table} holds {n} {'row' if n == 1 else 'rows'}); "
            "restore only into a new, "
            "empty database."
        )


def _made_by_migrate_tables() -> set[str]:
    return {apps.get_model(label)._meta.db_table for label in MADE_BY_MIGRATE}


def check_backup(
    path: Path, *, passphrase: str | None, using: str = "default"
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read, check and open the backup at ``path`` against the database it would fill."""
    manifest, sealed = read_manifest(path)
    connection = connections[using]
    _refuse_unless_fits(manifest, connection)
    return manifest, open_payload(manifest, sealed, passphrase=passphrase)


def restore_backup(
    path: Path, *, passphrase: str | None = None, using: str = "default"
) -> Restored:
    """Load the backup at ``path`` into the empty database ``using``, in one transaction."""
    manifest, tables = check_backup(path, passphrase=passphrase, using=using)
    connection = connections[using]
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    with transaction.atomic(using=using, durable=True):
        for label in reversed(MADE_BY_MIGRATE):  # permissions point at content types
            by_label[label]._base_manager.using(using).all()._raw_delete(using)
        for table in tables:
            model = by_label.get(table["model"])
            if model is None:
                raise BackupError(f"The backup holds {table['model']}, a model Fulcrum lacks.")
            _insert_rows(model, table, connection)
        counts = table_counts(connection)
        if counts != manifest["counts"]:
            raise BackupError("After loading, the tables do not hold the manifest's counts.")
        _reset_sequences(connection)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return Restored(counts=counts, manifest=manifest)


def _insert_rows(
    model: type[models.Model], table: dict[str, Any], connection: BaseDatabaseWrapper
) -> None:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = table["columns"]
    if set(columns) != set(fields):
        raise BackupError(f"The backup's columns of {table['table']} are not this Fulcrum's.")
    chosen = [fields[c] for c in columns]
    objs = []
    for row in table["rows"]:
        values = {f.attname: f.to_python(v) for f, v in zip(chosen, row, strict=True)}
        objs.append(model(**values))
    if not objs:
        return
    size = max(1, connection.ops.bulk_batch_size(chosen, objs) or len(objs))
    manager = model._base_manager.using(connection.alias)
    for start in range(0, len(objs), size):
        # raw: the values are stored as they were, auto_now and defaults untouched.
        manager._insert(  # type: ignore[attr-defined]
            objs[start : start + size], fields=chosen, raw=True, using=connection.alias
        )


def _reset_sequences(connection: BaseDatabaseWrapper) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
