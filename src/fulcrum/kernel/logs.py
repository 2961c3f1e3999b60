"""Keep private parts of addresses out of the log.

Query strings can hold what a practitioner typed (a journal search, a report's
choices), and a client's link carries its token in the path: a log line would turn a
single-use credential into something anyone reading the terminal or the log file can
use. Request lines and request warnings are logged with both replaced by "…".
"""

from __future__ import annotations

import logging
import re

# A client's link: /voice/<token>/ or /consent/<token>/ (and its receipt/), with the
# token made by secrets.token_urlsafe.
_VOICE_TOKEN = re.compile(r"(/(?:voice|consent)/)[A-Za-z0-9_-]{16,}")
_QUERY = re.compile(r"\?[^\s\"']*")


def hide_private_parts(text: str) -> str:
    """``text`` with query strings and client-link tokens replaced by "…"."""
    return _QUERY.sub("?…", _VOICE_TOKEN.sub(r"\1…", text))


class HidePrivateUrls(logging.Filter):
    """A logging filter that rewrites each record's message with ``hide_private_parts``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_private_parts(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
