"""A build writes only into a folder that is ours: absent, empty, or a site it wrote; one build at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from registre.write import MARKER

from .conftest import ROOT, SITES, copy_site, run_cli, tree_state

MODES = sorted(p.name for p in (SITES / "unsafe_output").iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, object]:
    """Every file, folder and link under a folder, with bytes, link targets and modification times."""
    state: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            stat = path.lstat()
            if path.is_symlink():
                state[str(path.relative_to(folder))] = ("link", os.readlink(path))
            elif path.is_file():
                state[str(path.relative_to(folder))] = (path.read_bytes(), stat.st_mtime_ns)
            else:
                state[str(path.relative_to(folder))] = "folder"
    return state


@pytest.mark.parametrize("mode", MODES)
def test_an_output_folder_that_is_not_ours_is_refused_before_anything_is_touched(mode: str, chdir_tmp: Path) -> None:
    root = copy_site(f"unsafe_output/{mode}", chdir_tmp / "project")
    (chdir_tmp / "voisin.txt").write_text("Un fichier à côté du projet.\n", encoding="utf-8")
    os.chdir(root)
    before = snapshot(chdir_tmp)
    result = run_cli("build")
    expected = (SITES / "unsafe_output" / mode / "expected.txt").read_text(encoding="utf-8")
    assert (result.status, result.err) == (1, expected)
    assert snapshot(chdir_tmp) == before


@pytest.mark.parametrize("given", [".", "..", "content", "site_config.yaml", "docs", "content/2016"])
def test_an_output_option_naming_a_folder_that_is_not_ours_is_refused(given: str, chdir_tmp: Path) -> None:
    root = copy_site("minimal", chdir_tmp / "project")
    (root / "docs").mkdir()
    (root / "docs" / "rapport.odt").write_bytes(b"un document de l'utilisateur")
    os.chdir(root)
    before = snapshot(chdir_tmp)
    result = run_cli("build", "--output", given, "--no-search")
    assert result.status == 1
    assert result.err.startswith(f'--output: "{given}" ') and result.err.endswith("; nothing was written\n"), result.err
    assert snapshot(chdir_tmp) == before


def test_an_empty_folder_is_taken_and_marked_then_rebuilt(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    (root / "public").mkdir()
    assert run_cli("build", "--config", root / "site_config.yaml", "--output", root / "public", "--no-search").status == 0
    assert (root / "public" / MARKER).is_file() and (root / "public" / "index.html").is_file()
    (root / "content" / "2016" / "fag-001-012-16-cm.md").unlink()
    assert run_cli("build", "--config", root / "site_config.yaml", "--output", root / "public", "--no-search").status == 0
    assert not (root / "public" / "deliberations" / "fag-001-012-16-cm").exists()


def test_an_edit_in_output_that_keeps_the_size_is_undone_by_the_next_build(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    built = tree_state(root / "output")
    page = root / "output" / "index.html"
    text = page.read_bytes()
    page.write_bytes(text.replace(b"Registre", b"REGISTRE", 1))
    assert len(page.read_bytes()) == len(text) and page.read_bytes() != text
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert result.status == 0 and "(1 files written)" in result.out
    assert {k: v[0] for k, v in tree_state(root / "output").items()} == {k: v[0] for k, v in built.items()}


def test_leftovers_of_another_output_with_a_longer_name_are_left_alone(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    (root / ".registre-build-output-2-123").mkdir()
    (root / ".registre-build-output-2-123" / "index.html").write_text("le site d'un autre build", encoding="utf-8")
    (root / ".registre-build-output-999").mkdir()
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    assert (root / ".registre-build-output-2-123" / "index.html").is_file()
    assert not (root / ".registre-build-output-999").exists()


def test_a_second_build_on_the_same_output_stops_and_the_first_ends_whole(tmp_path: Path) -> None:
    from .serving import free_port

    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    corpus.generate(400, tmp_path, ROOT / "layouts")
    alone = run_cli("build", "--config", tmp_path / "site_config.yaml", "--output", tmp_path / "alone", "--no-search")
    assert alone.status == 0
    # serve holds the output's lock for its whole life: a build meanwhile is the second writer, whatever the timing.
    log = tmp_path / "serve.log"
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--config", str(tmp_path / "site_config.yaml"), "--no-search", "--port", str(free_port())]
    first = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while " acts, " not in log.read_text(errors="replace"):  # its first build is done
            assert first.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.05)
        # Another base URL: a build with something to write (with nothing, it writes nothing and needs no lock).
        second = run_cli("build", "--config", tmp_path / "site_config.yaml", "--no-search", "--base-url", "https://ailleurs.example/")
        assert second.status == 1
        assert f"another Registre process (pid {first.pid}) is writing this site" in second.err
    finally:
        first.terminate()
        first.wait(timeout=30)
    assert {k: v[0] for k, v in tree_state(tmp_path / "output").items()} == {k: v[0] for k, v in tree_state(tmp_path / "alone").items()}


def test_serve_refuses_a_folder_that_is_not_ours_at_once(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    (root / "docs").mkdir()
    (root / "docs" / "rapport.odt").write_bytes(b"un document")
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--config", str(root / "site_config.yaml"), "--output", str(root / "docs"), "--port", "0"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 1
    assert "holds files Registre did not write (rapport.odt)" in finished.stderr
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["rapport.odt"]
