"""Files published as they are: the layouts' static assets, acts' attachments, sessions' minutes."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ContentError
from ..group import Archive
from ..models import attachment_urls, minutes_url
from ..read import display_path, file_problem
from ..routes import route


def copies(archive: Archive, layouts_dir: Path) -> dict[str, Path]:
    """Every file to copy, by output path."""
    files: dict[str, Path] = {}
    static = layouts_dir / "static"
    for folder, _, names in sorted(os.walk(static)):  # links to folders are not followed
        for path in (Path(folder, name) for name in sorted(names)):
            files[route("static") + path.relative_to(static).as_posix()] = path
    content = archive.config.content_dir
    for act in archive.acts.values():
        for item, url in zip(act.attachments, attachment_urls(act.url, act.attachments)):
            files[url] = content / item.file
    for session in archive.sessions.values():
        if session.info.minutes_file:
            files[minutes_url(session)] = content / session.info.minutes_file
    return files


def copy_problems(files: dict[str, Path], layouts_dir: Path) -> list[ContentError]:
    """Static files that may not be published (attachments are checked with their act)."""
    return [
        ContentError(display_path(path), 0, "", problem)
        for output_path, path in files.items()
        if output_path.startswith(route("static")) and (problem := file_problem(path, layouts_dir))
    ]
