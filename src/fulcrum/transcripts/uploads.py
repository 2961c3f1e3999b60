"""Receiving a transcript file: in memory only, and never more than the limit.

Django writes an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary
file. Transcripts are clinical text, so the upload pages and the API install
:class:`CappedMemoryUploadHandler` instead: a file is held in memory up to the limit,
and past it Fulcrum only counts the bytes, so an oversized file is refused with its
real size without ever touching the disk.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http import HttpRequest

from fulcrum.core.transcripts.parsing import DEFAULT_MAX_BYTES, DEFAULT_MAX_UTTERANCES

MEGABYTE = 1024 * 1024


def byte_limit() -> int:
    """The largest transcript Fulcrum accepts: the parser's limit or the upload setting."""
    return min(DEFAULT_MAX_BYTES, int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def utterance_limit() -> int:
    """The most utterances one transcript may hold (``FULCRUM_TRANSCRIPT_MAX_UTTERANCES``)."""
    return int(getattr(settings, "TRANSCRIPT_MAX_UTTERANCES", DEFAULT_MAX_UTTERANCES))


def size_in_words(count: int) -> str:
    """``5 MB``, ``1.2 MB`` or ``900 bytes``: a size a person reads at a glance."""
    if count >= MEGABYTE // 10:
        return f"{count / MEGABYTE:.1f}".removesuffix(".0") + " MB"
    return f"{count:,} bytes"


def too_big_message(size: int, limit: int) -> str:
    return (
        f"The file is {size_in_words(size)}; Fulcrum reads transcripts up to "
        f"{size_in_words(limit)}. Split it or remove what is not the session."
    )


def is_too_big(upload: UploadedFile[Any], limit: int | None = None) -> bool:
    return (upload.size or 0) > (byte_limit() if limit is None else limit)


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keep each uploaded file in memory; past ``limit`` bytes keep only its size.

    The file handed on has the full ``size`` and, when too big, no content: the form
    or endpoint refuses it by size and never reads it.
    """

    def __init__(self, request: HttpRequest | None = None, *, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = byte_limit() if limit is None else limit
        self.buffer = io.BytesIO()
        self.size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.size <= self.limit:
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = io.BytesIO()  # over the limit: drop what was kept
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def use_capped_uploads(request: HttpRequest) -> None:
    """Receive this request's files with :class:`CappedMemoryUploadHandler` only.

    Call before anything reads ``request.POST`` or ``request.FILES``; calling it again
    once they were received this way changes nothing.
    """
    received = hasattr(request, "_files")
    if received and all(isinstance(h, CappedMemoryUploadHandler) for h in request.upload_handlers):
        return
    request.upload_handlers = [CappedMemoryUploadHandler(request)]


def capped_uploads(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a view (or an API operation) so its uploads stay in memory and capped."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        use_capped_uploads(request)
        return view(request, *args, **kwargs)

    return wrapper
