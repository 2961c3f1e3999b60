"""Where the learned utterance coder is kept, and how it is loaded.

The learned coder is trained from a corpus the user has and cached outside the
repository (docs/decisions/0002-learned-coder-trained-locally.md). Without one, or with
one this version cannot read, Fulcrum codes with its transparent rules and says so.
The command line and the web pages both load coders through this module; it does file
I/O but needs no Django.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fulcrum.core.errors import FulcrumError
from fulcrum.core.transcripts.coding.base import Coder

MODEL_FILE = "learned-coder.npz"
# Coders saved before the NumPy archive format; never loaded (unpickling runs code).
OLD_MODEL_FILE = "learned-coder.pkl"
# The notes travel with an analysis to the web page, the API and the command line's
# JSON, so they never name a folder: where the coders live is the server's business
# (``fulcrum analyze`` says it on stderr, to whoever runs it there).
NO_MODEL_NOTE = (
    "No trained coder is kept on this computer; using the transparent rules. "
    "Train one with `fulcrum analyzer train --corpus FILE`, FILE being AnnoMI-full.csv, "
    "the AnnoMI corpus of annotated counselling sessions its authors publish on GitHub "
    "(uccollab/AnnoMI)."
)
OLD_MODEL_NOTE = (
    "The trained coder kept on this computer was saved by an older Fulcrum and is not "
    "used; using the transparent rules. Train it again with "
    "`fulcrum analyzer train --corpus FILE`."
)
UNREADABLE_MODEL_NOTE = (
    "The trained coder kept on this computer was not used: {reason} Using the transparent rules."
)
# Anything that looks like a file-system path.
_PATH = re.compile(r"(?:~|[A-Za-z]:\\|/)[\w.~-]+(?:[/\\][\w.~-]+)+[/\\]?")


def without_paths(note: str) -> str:
    """``note`` with no file-system path in it.

    A note stored before the notes stopped naming folders is answered whole in today's
    words: a folder may hold spaces (a user's name among them) that no pattern can tell
    from the words around it. Any other path is replaced by words.
    """
    if note.startswith("No trained coder found in "):
        return NO_MODEL_NOTE
    if note.startswith("The trained coder in "):
        if "older Fulcrum" in note:
            return OLD_MODEL_NOTE
        return UNREADABLE_MODEL_NOTE.format(reason="it could not be read.")
    return _PATH.sub("the server's model folder", note)


def model_dir() -> Path:
    """Where trained coders live: $FULCRUM_MODEL_DIR, $FULCRUM_DATA_DIR/models, or the cache."""
    if os.environ.get("FULCRUM_MODEL_DIR"):
        return Path(os.environ["FULCRUM_MODEL_DIR"]).expanduser()
    if os.environ.get("FULCRUM_DATA_DIR"):
        return Path(os.environ["FULCRUM_DATA_DIR"]).expanduser() / "models"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "fulcrum" / "models"


# The loaded coder, kept while its file is unchanged: pages call load_coder() per request.
_LOADED: dict[Path, tuple[tuple[int, int], Coder]] = {}


def load_coder() -> tuple[Coder, list[str]]:
    """The cached learned coder if there is one, else the rules with a note saying so."""
    from fulcrum.core.transcripts.coding.learned import coder_from_bytes
    from fulcrum.core.transcripts.coding.rules import RulesCoder

    path = model_dir() / MODEL_FILE
    if not path.is_file():
        note = OLD_MODEL_NOTE if (path.parent / OLD_MODEL_FILE).is_file() else NO_MODEL_NOTE
        return RulesCoder(), [note]
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    kept = _LOADED.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1], []
    try:
        coder = coder_from_bytes(path.read_bytes())
    except FulcrumError as exc:
        return RulesCoder(), [UNREADABLE_MODEL_NOTE.format(reason=without_paths(str(exc)))]
    _LOADED.clear()
    _LOADED[path] = (stamp, coder)
    return coder, []


def save_coder(data: bytes) -> Path:
    """Write a serialised coder to the cache atomically and return its path."""
    target = model_dir()
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / (MODEL_FILE + ".tmp")
    tmp.write_bytes(data)
    final = target / MODEL_FILE
    tmp.replace(final)
    (target / OLD_MODEL_FILE).unlink(missing_ok=True)
    return final
