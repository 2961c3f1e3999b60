"""Adapting the course from the teaching pages, without a shell on the server.

An educator downloads the course the site serves as a zip (the bundled folder ``fulcrum
course new`` copies, or a published version written back out as that folder), edits it,
and uploads it again. The upload is unpacked with limits into a
temporary folder and read by the core exactly as ``fulcrum course check`` reads a
folder, so the page and the command give the same arithmetic and the same refusals.
Nothing of the upload is kept but the published version itself.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fulcrum.core.course.content import (
    DEFAULT_DIRECTORY,
    REFUSAL_PLACES,
    Course,
    inspect_course,
)
from fulcrum.core.course.writing import course_files
from fulcrum.core.errors import FulcrumError, InvalidInput

MAX_ZIP_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
MAX_FILES = 400
COURSE_SUFFIXES = frozenset({".toml", ".md"})
BUNDLED_ZIP_NAME = "fulcrum-course.zip"


@dataclass(frozen=True)
class Inspection:
    """What an uploaded course is and every sentence saying why it cannot be published
    (``course`` is None when it could not be read at all)."""

    course: Course | None
    problems: tuple[str, ...]


def bundled_zip() -> bytes:
    """The bundled course's folder as a zip, its files at the top level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(DEFAULT_DIRECTORY.rglob("*")):
            if path.is_file() and path.suffix in COURSE_SUFFIXES:
                archive.write(path, path.relative_to(DEFAULT_DIRECTORY).as_posix())
    return buffer.getvalue()


def course_zip(course: Course) -> bytes:
    """A published ``course`` written back out as its folder, zipped the same way."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(course_files(course).items()):
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def inspect_upload(data: bytes) -> Inspection:
    """Read the zip ``data`` as a course folder; refuse (``InvalidInput``) a file that is
    not such a zip, in one sentence."""
    with tempfile.TemporaryDirectory(prefix="fulcrum-course-") as folder:
        root = _unpack(data, Path(folder))
        try:
            course, refusals = inspect_course(root)
        except FulcrumError as exc:
            # The core names the file it could not read; name it inside the zip, never
            # by the server's temporary folder.
            return Inspection(None, (str(exc).replace(f"{root}/", "").replace(str(root), "."),))
        return Inspection(course, tuple(f"{REFUSAL_PLACES[r.code]}: {r.message}" for r in refusals))


def _unpack(data: bytes, folder: Path) -> Path:
    """Unpack the course files of ``data`` into ``folder`` and return the course's root
    (the folder holding course.toml: the zip's top level, or its one top folder)."""
    if len(data) > MAX_ZIP_BYTES:
        raise InvalidInput(
            f"The file is larger than a course can be ({MAX_ZIP_BYTES // 1024:,} KB)."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidInput("The file is not a zip; upload the course folder as a .zip.") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _is_clutter(m.filename)]
        if len(members) > MAX_FILES:
            raise InvalidInput(
                f"The zip holds more than {MAX_FILES} files; a course holds far fewer."
            )
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise InvalidInput("The zip unpacks to more than a course can hold.")
        for member in members:
            name = PurePosixPath(member.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                raise InvalidInput(f"The zip names a file outside its folder: {member.filename!r}.")
            if name.suffix not in COURSE_SUFFIXES:
                raise InvalidInput(
                    f"The zip holds {member.filename!r}; a course holds only .toml and .md files."
                )
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.write_bytes(archive.read(member))
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
                raise InvalidInput(f"The zip's file {member.filename!r} cannot be read.") from None
    if (folder / "course.toml").is_file():
        return folder
    tops = [p for p in folder.iterdir() if p.is_dir() and (p / "course.toml").is_file()]
    if len(tops) == 1:
        return tops[0]
    raise InvalidInput("The zip holds no course.toml at its top or in one folder at its top.")


def _is_clutter(name: str) -> bool:
    """Files an archiver adds beside the course (macOS resource forks, Finder's notes)."""
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or parts[-1] in {".DS_Store", "Thumbs.db"}
