"""Uploaded transcripts stay in memory and an oversized one is never kept, even in memory."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import SimpleTestCase, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from fulcrum.transcripts.uploads import (
    CappedMemoryUploadHandler,
    byte_limit,
    size_in_words,
    too_big_message,
)


def parse(body: dict[str, object], limit: int) -> tuple[dict[str, str], InMemoryUploadedFile]:
    payload = encode_multipart(BOUNDARY, body)
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(payload))}
    handler = CappedMemoryUploadHandler(None, limit=limit)
    post, files = MultiPartParser(meta, io.BytesIO(payload), [handler]).parse()
    upload = files["file"]
    assert isinstance(upload, InMemoryUploadedFile)
    return {k: str(v) for k, v in post.items()}, upload


class CappedUploadTestCase(SimpleTestCase):
    def test_it_keeps_a_file_under_the_limit_in_memory(self) -> None:
        data = b"WEBVTT\n\n" + b"x" * 500
        fields, upload = parse({"file": named(data), "practitioner": "Dana"}, limit=10_000)
        assert upload.read() == data
        assert upload.size == len(data)
        assert fields == {"practitioner": "Dana"}

    def test_it_counts_but_drops_a_file_over_the_limit(self) -> None:
        data = b"y" * 300_000  # several chunks
        fields, upload = parse({"file": named(data), "practitioner": "Dana"}, limit=1_000)
        assert upload.size == len(data)
        assert upload.read() == b""
        assert fields == {"practitioner": "Dana"}

    def test_it_takes_the_smaller_of_the_parser_and_upload_limits(self) -> None:
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000):
            assert byte_limit() == 1_000
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=50 * 1024 * 1024):
            assert byte_limit() == 5 * 1024 * 1024

    def test_it_says_sizes_in_words(self) -> None:
        assert size_in_words(900) == "900 bytes"
        assert size_in_words(5 * 1024 * 1024) == "5 MB"
        assert size_in_words(int(1.25 * 1024 * 1024)) == "1.2 MB"
        assert too_big_message(7 * 1024 * 1024, 5 * 1024 * 1024).startswith(
            "The file is 7 MB; Fulcrum reads transcripts up to 5 MB."
        )


def named(data: bytes) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = "session.vtt"
    return f
