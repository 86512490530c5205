"""content/ -> SourceFile: the text of each act, its front matter and where each part starts."""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import ContentError, ContentErrors
from .yamldoc import dotted, parse_yaml

FENCE = "---"
CLOSING_FENCE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)
"""A line that is --- with only spaces after it (the whole line, as `line.rstrip() == FENCE`)."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One content file split into front matter and Markdown body."""

    source_path: str
    """Path as shown in messages (relative to the working directory when possible)."""
    relative_path: str
    """Path inside the content folder, with / separators."""
    front_matter: str
    body: str
    body_line: int
    """Line of the file on which the body starts (1-based)."""
    digest: bytes = b""
    """The file_digest of the bytes read (read_source): the file is not read a second time for it."""


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it (links not followed)."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(_resolved(os.getcwd())))
    except ValueError:
        return str(path)


@functools.lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    """The working directory, links followed: once per directory, not once per file shown."""
    return Path(folder).resolve()


SPECIAL_FILES = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def read_file(path: Path, shown: str | None = None, within: Path | None = None) -> bytes:
    """The bytes of a regular file, or ContentErrors naming it.

    A FIFO, a device or a socket is refused (reading one blocks forever or never
    ends), and so is a symbolic link leading out of `within` (content/, layouts/):
    an archive publishes only what its folders hold.
    """
    shown = shown or display_path(path)

    def refuse(message: str) -> ContentErrors:
        return ContentErrors([ContentError(shown, 0, "", message)])

    if within is not None and not is_within(path, within):
        raise refuse(f"symbolic link pointing outside the {within.name} folder")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO without it waits for a writer
    except OSError as exc:
        looping = exc.errno == errno.ELOOP or exc.errno == errno.ENOENT and os.path.islink(path)
        raise refuse("symbolic link that leads nowhere (dangling or looping)" if looping else f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        kind = stat.S_IFMT(os.fstat(fd).st_mode)
        if kind != stat.S_IFREG:
            raise refuse(f"{SPECIAL_FILES.get(kind, 'a special file')}, not a regular file: refused")
        try:
            return file.read()
        except OSError as exc:
            raise refuse(f"cannot read: {exc.strerror}") from None


def is_within(path: Path, folder: Path) -> bool:
    """Whether a path, its links followed, lies inside a folder."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def file_problem(path: Path, within: Path) -> str | None:
    """Why a file listed for publication cannot be read from `within`, or None (checked again when read)."""
    if not is_within(path, within):
        return f"symbolic link pointing outside the {within.name} folder"
    try:
        kind = stat.S_IFMT(path.stat().st_mode)
    except OSError:
        return "symbolic link that leads nowhere (dangling or looping)" if path.is_symlink() else "does not exist"
    return None if kind == stat.S_IFREG else f"{SPECIAL_FILES.get(kind, 'a special file')}, not a regular file: refused"


def file_digest(path: Path | str) -> bytes:
    """A digest of a regular file's bytes (empty for anything else: reading it says why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with open(path, "rb") as opened:
            return hashlib.file_digest(opened, "blake2b").digest()
    except OSError:
        return b""


def file_stamp(path: Path | str) -> tuple[int, int]:
    """(mtime, size) of a file through its links; of the link itself when it leads nowhere (reading it says so)."""
    try:
        stat = os.stat(path)
    except OSError:
        stat = os.lstat(path)
    return (stat.st_mtime_ns, stat.st_size)


def read_text(path: Path, shown: str | None = None, within: Path | None = None) -> str:
    """Read UTF-8 text; a BOM is dropped and CRLF becomes LF; bad bytes are an error at their line.

    `shown` names the file in errors (by default its path as display_path shows it).
    """
    return decode_text(read_file(path, shown, within), shown or display_path(path))


def decode_text(data: bytes, shown: str) -> str:
    """The text of a file's bytes (read_text's rules)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        raise ContentErrors([ContentError(shown, line, "", message)]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, shown: str, relative_path: str, digest: bytes = b"") -> SourceFile:
    """Split `---` front matter from the Markdown body."""
    if not text.strip():
        raise ContentErrors([ContentError(shown, 1, "", "the file is empty; an act starts with --- and its front matter")])
    if text.split("\n", 1)[0].rstrip() != FENCE:
        raise ContentErrors([ContentError(shown, 1, "", 'expected front matter opening with "---" on the first line')])
    opening_end = text.find("\n")
    closing = CLOSING_FENCE.search(text, opening_end + 1) if opening_end >= 0 else None
    if closing is None:
        raise ContentErrors([ContentError(shown, 1, "", 'front matter is never closed: add a line "---" after it')])
    return SourceFile(
        source_path=shown,
        relative_path=relative_path,
        front_matter=text[opening_end + 1 : closing.start()].removesuffix("\n"),
        body=text[closing.end() + 1 :],
        body_line=text.count("\n", 0, closing.start()) + 2,
        digest=digest,
    )


def list_act_files(content_dir: Path, among: Iterable[str] | None = None) -> list[str]:
    """Every act file (*.md) under the content folder, sorted as paths sort, following no link out of it
    (`among`: the folder's files, already listed by a walk of it). None is hidden, nor in a hidden folder.
    Strings, not Path objects: 100,000 of these took a second to make and sort."""
    found = []
    if among is None:
        for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            found += [os.path.join(dirpath, name) for name in filenames if name.endswith(".md") and not name.startswith(".")]
    else:
        start = len(os.path.join(content_dir, ""))
        found = [path for path in among if path.endswith(".md") and not any(part.startswith(".") for part in path[start:].split(os.sep))]
    return sorted(found, key=lambda path: path.split(os.sep))


def read_source(path: Path, content_dir: Path) -> SourceFile:
    """Read one act file; raise ContentErrors when it cannot be split."""
    shown = display_path(path)
    relative = path.relative_to(content_dir).as_posix()
    data = read_file(path, shown, content_dir)
    return split_front_matter(decode_text(data, shown), shown, relative, hashlib.blake2b(data).digest())


def read_body(content_dir: Path, relative_path: str) -> str:
    """The Markdown body of an act file, read again when a page needs it."""
    path = content_dir / relative_path
    return split_front_matter(read_text(path), relative_path, relative_path).body


def item_line(content_dir: Path, relative_path: str, field: str) -> int:
    """The line of a front-matter item (`present[3]`), found by reading the file again (for the rare message that needs it)."""
    path = content_dir / relative_path
    try:
        source = split_front_matter(read_text(path, display_path(path)), display_path(path), relative_path)
        doc = parse_yaml(source.front_matter, source.source_path, first_line=2)
    except ContentErrors:
        return 1
    lines = {dotted(k): line for k, line in doc.lines.items()}
    return lines.get(field) or lines.get(re.split(r"[\[.]", field)[0], 1)
