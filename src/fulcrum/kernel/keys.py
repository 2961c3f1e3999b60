"""The key store: the data keys that encrypt stored text, and named secrets, kept outside
the database.

Where the data keys come from, looked up at call time:

1. ``FULCRUM_DATA_KEY`` (setting or environment variable): one or more keys, each 32
   random bytes in URL-safe base64, separated by commas; the first is current. Several
   application servers can share one database this way.
2. Otherwise a key file, ``data-keys.json`` in ``FULCRUM_KEY_DIR`` (by default a
   folder beside the data folder: ``var-keys/`` beside ``var/``), created on first use
   with mode 0600 in a folder of mode 0700. When ``FULCRUM_KEY_PASSPHRASE`` is set as
   the file is made (or ``fulcrum keys protect`` is run), the file holds the keys
   wrapped under a key derived from that passphrase (scrypt, then AES-GCM), and every
   process needs the same passphrase to read it.

Every key has an id derived from the key itself (``k`` and eight hex digits); stored
values carry it, so a value can always be matched with the key that sealed it and keys
can be rotated while Fulcrum runs. See docs/encryption.md.

Named secrets (``secret``) live in ``secrets.json`` in the same folder, each sealed
under the current data key, so whoever can read the data keys can read them and nobody
else.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from fulcrum.core.errors import FulcrumError

KEY_BYTES = 32
KEY_FILE_NAME = "data-keys.json"
SECRETS_FILE_NAME = "secrets.json"
LOCK_FILE_NAME = "keys.lock"
FILE_FORMAT = "fulcrum-keys"
SECRETS_FORMAT = "fulcrum-secrets"
PASSPHRASE_ENV = "FULCRUM_KEY_PASSPHRASE"  # noqa: S105 (the variable's name)
# scrypt's cost: about a tenth of a second and 32 MB, paid once per process.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
# How often a running process looks at the key file for a rotation made elsewhere.
RECHECK_SECONDS = 1.0


class KeyStoreError(FulcrumError):
    """The key store is missing, unreadable or cannot do what was asked."""


@dataclass(frozen=True)
class DataKey:
    """One data key and the id stored values carry."""

    id: str
    key: bytes
    created_at: str = ""


@dataclass(frozen=True)
class KeyRing:
    """The data keys one process can use: ``current`` seals, every key opens."""

    current: DataKey
    keys: tuple[DataKey, ...]
    source: str  # "environment" or "file"
    path: Path | None
    wrapped: bool

    def get(self, key_id: str) -> DataKey | None:
        if key_id == self.current.id:
            return self.current
        return next((k for k in self.keys if k.id == key_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(k.id for k in self.keys)


def key_id_for(key: bytes) -> str:
    """The id of a key: a short digest that names it without revealing it."""
    return "k" + hashlib.sha256(b"fulcrum data key id\x00" + key).hexdigest()[:8]


def new_key(*, now: datetime | None = None) -> DataKey:
    raw = secrets.token_bytes(KEY_BYTES)
    created = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return DataKey(id=key_id_for(raw), key=raw, created_at=created)


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def _decode_key(text: str, *, where: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise KeyStoreError(f"{where} holds a key that is not URL-safe base64.") from None
    if len(raw) != KEY_BYTES:
        raise KeyStoreError(f"{where} holds a key of {len(raw)} bytes; a key is 32 bytes.")
    return raw


# -- where things are ------------------------------------------------------------------


def key_dir() -> Path:
    configured = getattr(settings, "FULCRUM_KEY_DIR", None)
    if configured:
        return Path(configured)
    data_dir = Path(settings.DATA_DIR)
    return data_dir.parent / f"{data_dir.name}-keys"


def key_file() -> Path:
    return key_dir() / KEY_FILE_NAME


def secrets_file() -> Path:
    return key_dir() / SECRETS_FILE_NAME


def _environment_keys() -> str:
    return str(getattr(settings, "FULCRUM_DATA_KEY", "") or "").strip()


def _passphrase() -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value if value else None


# -- files -----------------------------------------------------------------------------


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it readable by this user alone."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``, mode 0600 from the first byte."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Hold the key folder's lock, so two processes never write the store at once."""
    folder = ensure_private_dir(key_dir())
    fd = os.open(folder / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# -- the key file ----------------------------------------------------------------------


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64(text: Any, *, where: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(str(text).encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise KeyStoreError(f"{where} is damaged: a value is not base64.") from None


def _file_document(current: str, keys: tuple[DataKey, ...]) -> dict[str, Any]:
    return {
        "format": FILE_FORMAT,
        "version": 1,
        "current": current,
        "keys": [{"id": k.id, "key": encode_key(k.key), "created_at": k.created_at} for k in keys],
    }


def _serialise(document: dict[str, Any], passphrase: str | None) -> bytes:
    plain = json.dumps(document, indent=2).encode("utf-8")
    if passphrase is None:
        return plain + b"\n"
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    wrapping = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(wrapping).encrypt(nonce, plain, FILE_FORMAT.encode())
    wrapped = {
        "format": FILE_FORMAT,
        "version": 1,
        "wrapped": {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "ciphertext": _b64(sealed),
        },
    }
    return json.dumps(wrapped, indent=2).encode("utf-8") + b"\n"


def _parse_key_file(path: Path, data: bytes) -> tuple[dict[str, Any], bool]:
    """The plain document in the key file at ``path`` and whether it was wrapped."""
    where = f"The key file {path}"
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise KeyStoreError(f"{where} is not JSON; restore it from your backup.") from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise KeyStoreError(f"{where} is not a Fulcrum key file.")
    wrapped = document.get("wrapped")
    if wrapped is None:
        return document, False
    passphrase = _passphrase()
    if passphrase is None:
        raise KeyStoreError(f"{where} is protected by a passphrase; set {PASSPHRASE_ENV}.")
    try:
        wrapping = _scrypt(
            passphrase,
            _unb64(wrapped["salt"], where=where),
            int(wrapped["n"]),
            int(wrapped["r"]),
            int(wrapped["p"]),
        )
        plain = AESGCM(wrapping).decrypt(
            _unb64(wrapped["nonce"], where=where),
            _unb64(wrapped["ciphertext"], where=where),
            FILE_FORMAT.encode(),
        )
    except InvalidTag:
        raise KeyStoreError(f"{PASSPHRASE_ENV} does not open {path}.") from None
    except (KeyError, TypeError, ValueError):
        raise KeyStoreError(f"{where} is damaged; restore it from your backup.") from None
    inner = json.loads(plain)
    if not isinstance(inner, dict):
        raise KeyStoreError(f"{where} is damaged; restore it from your backup.")
    return inner, True


def _ring_from_document(path: Path, document: dict[str, Any], *, wrapped: bool) -> KeyRing:
    where = f"The key file {path}"
    try:
        keys = tuple(
            DataKey(
                id=str(entry["id"]),
                key=_decode_key(str(entry["key"]), where=where),
                created_at=str(entry.get("created_at", "")),
            )
            for entry in document["keys"]
        )
        current_id = str(document["current"])
    except (KeyError, TypeError):
        raise KeyStoreError(f"{where} is damaged; restore it from your backup.") from None
    for k in keys:
        if key_id_for(k.key) != k.id:
            raise KeyStoreError(f"{where} is damaged: key {k.id} does not match its id.")
    current = next((k for k in keys if k.id == current_id), None)
    if current is None:
        raise KeyStoreError(f"{where} names {current_id} as current but does not hold it.")
    return KeyRing(current=current, keys=keys, source="file", path=path, wrapped=wrapped)


def _read_file_ring(path: Path) -> KeyRing | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyStoreError(f"Cannot read the key file {path}: {exc.strerror}.") from None
    document, wrapped = _parse_key_file(path, data)
    return _ring_from_document(path, document, wrapped=wrapped)


def _write_file_ring(path: Path, current: str, keys: tuple[DataKey, ...], *, wrap: bool) -> None:
    passphrase = _passphrase() if wrap else None
    if wrap and passphrase is None:
        raise KeyStoreError(f"Set {PASSPHRASE_ENV} to the passphrase that should protect keys.")
    ensure_private_dir(path.parent)
    write_private_file(path, _serialise(_file_document(current, keys), passphrase))


def _environment_ring(value: str) -> KeyRing:
    keys: list[DataKey] = []
    for position, text in enumerate(part for part in value.split(",") if part.strip()):
        raw = _decode_key(text, where=f"FULCRUM_DATA_KEY (key {position + 1})")
        keys.append(DataKey(id=key_id_for(raw), key=raw))
    if not keys:
        raise KeyStoreError("FULCRUM_DATA_KEY is set but holds no key.")
    return KeyRing(
        current=keys[0], keys=tuple(keys), source="environment", path=None, wrapped=False
    )


# -- the ring a process uses, cached ---------------------------------------------------


@dataclass
class _Cache:
    signature: tuple[Any, ...] | None = None
    ring: KeyRing | None = None
    checked_at: float = 0.0


_cache = _Cache()
_cache_lock = threading.Lock()


def _file_signature(path: Path) -> tuple[Any, ...]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (str(path), None)
    return (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _where() -> tuple[Any, ...]:
    """What decides where the keys come from, cheap enough to compare on every use."""
    return (
        getattr(settings, "FULCRUM_DATA_KEY", ""),
        getattr(settings, "FULCRUM_KEY_DIR", None),
        getattr(settings, "DATA_DIR", None),
        PASSPHRASE_ENV in os.environ,
    )


def key_ring(*, create: bool = False, refresh: bool = False) -> KeyRing:
    """The data keys, from the environment or the key file (made on first use if ``create``).

    A running process notices a key file rewritten by ``fulcrum keys rotate`` within
    ``RECHECK_SECONDS``, or at once when ``refresh`` is asked for (a value sealed with a
    key it does not know yet).
    """
    ring = _cache.ring
    # The common case, every value sealed or opened: nothing changed, nothing to read.
    # (A changed setting empties the cache at once, see _settings_changed.)
    recent = time.monotonic() - _cache.checked_at < RECHECK_SECONDS
    if ring is not None and not refresh and (ring.source == "environment" or recent):
        return ring
    where = _where()
    environment = _environment_keys()
    path = key_file()
    with _cache_lock:
        signature = (where, *(() if environment else _file_signature(path)))
        _cache.checked_at = time.monotonic()
        if _cache.ring is not None and signature == _cache.signature:
            return _cache.ring
        if environment:
            ring = _environment_ring(environment)
        else:
            ring = _read_file_ring(path)
            if ring is None:
                if not create:
                    raise KeyStoreError(
                        f"There is no data key: set FULCRUM_DATA_KEY or restore the key file "
                        f"{path} from your backup."
                    )
                ring = _create_key_file(path)
            signature = (where, *_file_signature(path))
        _cache.ring = ring
        _cache.signature = signature
        return ring


def _create_key_file(path: Path) -> KeyRing:
    with _locked():
        existing = _read_file_ring(path)  # another process may have made it meanwhile
        if existing is not None:
            return existing
        key = new_key()
        _write_file_ring(path, key.id, (key,), wrap=_passphrase() is not None)
    ring = _read_file_ring(path)
    assert ring is not None
    return ring


def ensure_data_key() -> tuple[KeyRing, bool]:
    """The data keys, making the key file if there is none; and whether it was just made."""
    existed = bool(_environment_keys()) or key_file().exists()
    return key_ring(create=True), not existed


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"FULCRUM_DATA_KEY", "FULCRUM_KEY_DIR", "DATA_DIR"}:
        forget_cached_keys()


def forget_cached_keys() -> None:
    """Drop the cached keys, so the next use reads them afresh (tests, after rotation)."""
    with _cache_lock:
        _cache.signature = None
        _cache.ring = None
        _cache.checked_at = 0.0


# -- changing the key file -------------------------------------------------------------


def _require_file(action: str) -> KeyRing:
    if _environment_keys():
        raise KeyStoreError(
            f"The data keys come from FULCRUM_DATA_KEY, so Fulcrum cannot {action} them; "
            "change that variable instead (the first key is current)."
        )
    ring = key_ring(create=True, refresh=True)
    return ring


def add_current_key() -> KeyRing:
    """Make a new data key current in the key file; the old ones stay to open old values."""
    _require_file("add to")
    with _locked():
        ring = key_ring(refresh=True)
        key = new_key()
        _write_file_ring(ring.path or key_file(), key.id, (*ring.keys, key), wrap=ring.wrapped)
    forget_cached_keys()
    return key_ring()


def remove_key(key_id: str) -> KeyRing:
    """Remove a key that is not current from the key file."""
    _require_file("remove")
    with _locked():
        ring = key_ring(refresh=True)
        if ring.get(key_id) is None:
            raise KeyStoreError(f"The key file holds no key {key_id}.")
        if ring.current.id == key_id:
            raise KeyStoreError(f"Key {key_id} is current; rotate to a new key first.")
        kept = tuple(k for k in ring.keys if k.id != key_id)
        _write_file_ring(ring.path or key_file(), ring.current.id, kept, wrap=ring.wrapped)
    forget_cached_keys()
    return key_ring()


def protect_key_file() -> KeyRing:
    """Wrap the key file under ``FULCRUM_KEY_PASSPHRASE`` (or re-wrap under a new one)."""
    _require_file("protect")
    if _passphrase() is None:
        raise KeyStoreError(f"Set {PASSPHRASE_ENV} to the passphrase that should protect keys.")
    with _locked():
        ring = key_ring(refresh=True)
        _write_file_ring(ring.path or key_file(), ring.current.id, ring.keys, wrap=True)
    forget_cached_keys()
    return key_ring()


# -- named secrets ---------------------------------------------------------------------


def _secret_context(name: str) -> bytes:
    return f"fulcrum secret\x00{name}".encode()


def _seal(ring: KeyRing, name: str, value: bytes) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ring.current.key).encrypt(nonce, value, _secret_context(name))
    return {"key_id": ring.current.id, "value": _b64(nonce + sealed)}


def _open_secret(name: str, entry: Any) -> bytes:
    where = f"The secret {name!r} in {secrets_file()}"
    if not isinstance(entry, dict):
        raise KeyStoreError(f"{where} is damaged.")
    key_id = str(entry.get("key_id"))
    key = key_ring().get(key_id) or key_ring(refresh=True).get(key_id)
    if key is None:
        raise KeyStoreError(f"{where} is sealed with key {entry.get('key_id')}, which is missing.")
    blob = _unb64(entry.get("value", ""), where=where)
    try:
        return AESGCM(key.key).decrypt(blob[:12], blob[12:], _secret_context(name))
    except InvalidTag:
        raise KeyStoreError(f"{where} does not open with its key; it was altered.") from None


def _read_secrets() -> dict[str, Any]:
    path = secrets_file()
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError):
        raise KeyStoreError(f"The secrets file {path} is not JSON.") from None
    if not isinstance(document, dict) or document.get("format") != SECRETS_FORMAT:
        raise KeyStoreError(f"The secrets file {path} is not a Fulcrum secrets file.")
    entries = document.get("secrets", {})
    if not isinstance(entries, dict):
        raise KeyStoreError(f"The secrets file {path} is damaged.")
    return entries


def _write_secrets(entries: dict[str, Any]) -> None:
    document = {"format": SECRETS_FORMAT, "version": 1, "secrets": entries}
    write_private_file(secrets_file(), json.dumps(document, indent=2).encode("utf-8") + b"\n")


def secret(name: str, *, create: Callable[[], bytes]) -> bytes:
    """The named secret, held outside the database; ``create()`` makes it on first use.

    Secrets are sealed under the current data key in ``secrets.json`` beside the key
    file. Two processes asking at once get the same secret.
    """
    if not name or not name.isprintable():
        raise KeyStoreError("A secret needs a printable name.")
    key_ring(create=True)
    entries = _read_secrets()
    if name in entries:
        return _open_secret(name, entries[name])
    with _locked():
        entries = _read_secrets()
        if name in entries:
            return _open_secret(name, entries[name])
        value = create()
        if not isinstance(value, bytes) or not value:
            raise KeyStoreError(f"The secret {name!r} must be made of bytes.")
        entries[name] = _seal(key_ring(refresh=True), name, value)
        _write_secrets(entries)
    return value


def secret_names() -> list[str]:
    return sorted(_read_secrets())


def reseal_secrets() -> int:
    """Seal every secret under the current data key; return how many moved."""
    path = secrets_file()
    if not path.exists():
        return 0
    with _locked():
        ring = key_ring(refresh=True)
        entries = _read_secrets()
        moved = 0
        for name, entry in list(entries.items()):
            if isinstance(entry, dict) and entry.get("key_id") == ring.current.id:
                continue
            entries[name] = _seal(ring, name, _open_secret(name, entry))
            moved += 1
        if moved:
            _write_secrets(entries)
    return moved


def secrets_by_key() -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in _read_secrets().values():
        key_id = str(entry.get("key_id")) if isinstance(entry, dict) else "?"
        counts[key_id] = counts.get(key_id, 0) + 1
    return counts
