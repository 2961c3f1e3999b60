"""The request log never holds a client link's token or a query string."""

from __future__ import annotations

import logging

from django.test import SimpleTestCase

TOKEN = "pV3x9Qm2Lr8sT4wYb7Nc1Hd6Jf0Kg5Ze"


def logged(logger_name: str, level: int, msg: str, *args: object) -> list[str]:
    """What each handler configured for ``logger_name`` would write, after its filters."""
    logger = logging.getLogger(logger_name)
    owner = logger
    while not owner.handlers and owner.propagate and owner.parent is not None:
        owner = owner.parent
    # Exactly StreamHandler: the test runner adds capturing subclasses of its own.
    handlers = [h for h in owner.handlers if type(h) is logging.StreamHandler]
    assert handlers, f"no stream handler configured for {logger_name}"
    lines = []
    for handler in handlers:
        record = logger.makeRecord(logger_name, level, __file__, 0, msg, args, None)
        if handler.filter(record):
            lines.append(handler.format(record))
    return lines


class RequestLogTestCase(SimpleTestCase):
    def test_it_hides_the_token_and_query_in_the_servers_request_lines(self) -> None:
        line = f"GET /voice/{TOKEN}/ HTTP/1.1"
        (voice,) = logged("django.server", logging.INFO, '"%s" %s %s', line, "200", "1024")
        line = "GET /reflection/?q=Ashby+at+school HTTP/1.1"
        (search,) = logged("django.server", logging.INFO, '"%s" %s %s', line, "200", "9")
        assert voice.endswith('"GET /voice/…/ HTTP/1.1" 200 1024')
        assert search.endswith('"GET /reflection/?… HTTP/1.1" 200 9')

    def test_it_hides_the_token_in_warnings_about_closed_links(self) -> None:
        lines = logged("django.request", logging.WARNING, "Gone: %s", f"/voice/{TOKEN}/")
        assert lines == ["Gone: /voice/…/"]

    def test_it_leaves_the_practitioners_own_voice_pages_readable(self) -> None:
        lines = logged("django.request", logging.WARNING, "Not Found: %s", "/voice/clients/12/")
        assert lines == ["Not Found: /voice/clients/12/"]

    def test_it_hides_the_token_of_a_consent_link_and_its_receipt(self) -> None:
        for path in (f"/consent/{TOKEN}/", f"/consent/{TOKEN}/receipt/"):
            (line,) = logged("django.request", logging.WARNING, "Gone: %s", path)
            assert TOKEN not in line
            assert line.startswith("Gone: /consent/…/")
