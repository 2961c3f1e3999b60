"""The request log never holds a client link's token or a query string."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.test import SimpleTestCase

TOKEN = "pV3x9Qm2Lr8sT4wYb7Nc1Hd6Jf0Kg5Ze"


@contextmanager
def captured(logger_name: str) -> Iterator[io.StringIO]:
    """What the configured handlers of ``logger_name`` write, through their own filters."""
    logger = logging.getLogger(logger_name)
    while not logger.handlers and logger.parent is not None:
        logger = logger.parent
    stream = io.StringIO()
    # exactly StreamHandler: the test runner adds capturing subclasses of its own
    handlers = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    assert handlers, f"no stream handler configured for {logger_name}"
    previous = [h.setStream(stream) for h in handlers]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


class RequestLogTestCase(SimpleTestCase):
    def test_it_hides_the_token_and_query_in_the_servers_request_lines(self) -> None:
        with captured("django.server") as out:
            server = logging.getLogger("django.server")
            server.info('"%s" %s %s', f"GET /voice/{TOKEN}/ HTTP/1.1", "200", "1024")
            server.info('"%s" %s %s', "GET /reflection/?q=Ashby+at+school HTTP/1.1", "200", "9")
        text = out.getvalue()
        assert TOKEN not in text
        assert "Ashby" not in text
        assert '"GET /voice/…/ HTTP/1.1" 200 1024' in text
        assert '"GET /reflection/?… HTTP/1.1" 200 9' in text

    def test_it_hides_the_token_in_warnings_about_closed_links(self) -> None:
        with captured("django.request") as out:
            logging.getLogger("django.request").warning("Gone: %s", f"/voice/{TOKEN}/")
        assert out.getvalue().strip() == "Gone: /voice/…/"

    def test_it_leaves_the_practitioners_own_voice_pages_readable(self) -> None:
        with captured("django.request") as out:
            logging.getLogger("django.request").warning("Not Found: %s", "/voice/clients/12/")
        assert out.getvalue().strip() == "Not Found: /voice/clients/12/"
