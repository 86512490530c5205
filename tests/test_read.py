from __future__ import annotations

from pathlib import Path

import pytest

from registre.errors import ContentErrors
from registre.manifest import inputs_digest
from registre.read import list_act_files, read_source


def source(tmp_path: Path, data: bytes, name: str = "act.md"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return read_source(path, tmp_path)


def test_front_matter_and_body_with_the_body_line(tmp_path: Path) -> None:
    result = source(tmp_path, b"---\ntitle: x\nnumber: y\n---\nBody\n")
    assert result.front_matter == "title: x\nnumber: y"
    assert (result.body, result.body_line) == ("Body\n", 5)


def test_crlf_and_byte_order_mark_are_accepted(tmp_path: Path) -> None:
    result = source(tmp_path, "\ufeff---\r\ntitle: é\r\n---\r\nCorps\r\n".encode())
    assert (result.front_matter, result.body) == ("title: é", "Corps\n")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "1: the file is empty; an act starts with --- and its front matter"),
        (b"title: x\n", '1: expected front matter opening with "---" on the first line'),
        (b"---\ntitle: x\nbody\n", '1: front matter is never closed: add a line "---" after it'),
        (b"---\ntitle: ok\n---\nline\ncaf\xe9\n", "5: not UTF-8 text (byte 0xe9 at offset 26); save the file as UTF-8"),
    ],
)
def test_unreadable_files_are_located(tmp_path: Path, data: bytes, expected: str) -> None:
    with pytest.raises(ContentErrors) as caught:
        source(tmp_path, data)
    assert str(caught.value).endswith(expected)


def test_a_symlink_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "link.md").symlink_to(outside)
    with pytest.raises(ContentErrors, match="symbolic link pointing outside the content folder"):
        read_source(content / "link.md", content)


@pytest.mark.parametrize("listed", ["walked", "among the files the inputs' digest stamped"])
def test_act_files_are_listed_sorted_with_spaces_and_accents(tmp_path: Path, listed: str) -> None:
    content = tmp_path / "content"
    for name in ("b/é t é.md", "a.md", "b/c/d.md", "b.md", "notes.txt", ".hidden.md", ".git/x.md", "b/.drafts/y.md", "sessions/2017-10-19-bm.yaml"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x", encoding="utf-8")
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "page.md").write_text("x", encoding="utf-8")  # not content
    among = None if listed == "walked" else inputs_digest("", content, tmp_path / "layouts")[1]
    assert [Path(p).relative_to(content).as_posix() for p in list_act_files(content, among)] == ["a.md", "b/c/d.md", "b/é t é.md", "b.md"]


def test_reading_an_act_leaves_nothing_for_the_garbage_collector(site) -> None:  # type: ignore[no-untyped-def]
    """An act's objects are freed as soon as they are unused, not kept for the collector: objects left
    in cycles made collections walk the acts again and again (a fifth of reading 10,000 acts)."""
    import gc

    from registre.config import load_config
    from registre.load import read_act

    root = site("minimal")
    config = load_config(root / "site_config.yaml")
    files = sorted((root / "content").rglob("*.md"))
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        acts = [read_act(path, config)[1] for path in files]
        gc.collect()
        left = [type(thing).__name__ for thing in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert files and all(acts)
    assert left == []
