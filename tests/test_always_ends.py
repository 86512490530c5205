"""Every build, check and import ends in bounded time on hostile input, with a clear error.

Each case runs build.py in a process of its own with a time limit: a regression
(a pattern that backtracks, a FIFO read, an alias followed forever) fails the test
instead of hanging the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SITES, copy_site, tree_state
from .test_invalid_sites import previous_site

LIMIT = 60
"""Seconds: each case takes well under one; the limit only turns a hang into a failure."""
HOSTILE = SITES / "hostile"
SITE_CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expected.txt").is_file())
IMPORT_CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "extract.txt").is_file())


def run_bounded(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run build.py in its own process; raise (and fail the test) if it outlives LIMIT."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, argv)], cwd=cwd, capture_output=True, text=True, timeout=LIMIT)


@pytest.mark.parametrize("case", SITE_CASES)
def test_each_hostile_site_fails_at_once_with_its_line_and_loses_nothing(case: str, tmp_path: Path) -> None:
    root = copy_site(f"hostile/{case}", tmp_path / case)
    previous_site(root / "output")
    before = tree_state(root / "output")
    expected = (HOSTILE / case / "expected.txt").read_text(encoding="utf-8")
    built = run_bounded("build", "--no-search", cwd=root)
    assert (built.returncode, built.stderr) == (1, expected)
    assert tree_state(root / "output") == before
    checked = run_bounded("check", cwd=root)
    assert (checked.returncode, checked.stdout) == (1, expected)


@pytest.mark.parametrize("case", IMPORT_CASES)
def test_import_reads_hostile_extracts_in_bounded_time(case: str, tmp_path: Path) -> None:
    result = run_bounded("import", HOSTILE / case / "extract.txt", "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path, cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    assert [p.suffix for p in tmp_path.iterdir()] == [".md"]


def test_the_vote_names_are_still_read_from_a_long_list(tmp_path: Path) -> None:
    run_bounded("import", HOSTILE / "import_vote_names" / "extract.txt", "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path, cwd=tmp_path)
    text = next(tmp_path.iterdir()).read_text(encoding="utf-8")
    assert "for: 20" in text or "'for': 20" in text or '"for": 20' in text, text[:2000]


@pytest.mark.parametrize("where", ["content/2016/fifo.md", "content/sessions/2016-03-17-cm.yaml", "content/members.yaml", "layouts/static/fifo.css"])
def test_a_fifo_anywhere_the_build_reads_is_refused_not_waited_on(where: str, tmp_path: Path) -> None:
    root = copy_site("minimal", tmp_path / "site")
    config = root / "site_config.yaml"
    if where.startswith("layouts/"):
        from .conftest import LAYOUTS

        import shutil

        shutil.copytree(LAYOUTS, root / "layouts")
        config.write_text(config.read_text(encoding="utf-8").replace(str(LAYOUTS), "layouts"), encoding="utf-8")
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / where)
    built = run_bounded("build", "--no-search", cwd=root)
    assert built.returncode == 1
    assert built.stderr == f"{where}: a FIFO, not a regular file: refused\n"


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_import_refuses_a_fifo_or_a_device(special: str, tmp_path: Path) -> None:
    source = Path(special)
    if special == "fifo":
        source = tmp_path / "extrait.txt"
        os.mkfifo(source)
    result = run_bounded("import", source, "--config", ROOT / "site_config.yaml", "--output-dir", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 1
    kind = "a FIFO" if special == "fifo" else "a device"
    assert result.stderr.endswith(f": {kind}, not a regular file: refused\n"), result.stderr


def test_a_body_quoting_a_number_160000_times_is_read_in_linear_time(tmp_path: Path) -> None:
    root = copy_site("minimal", tmp_path / "site")
    act = root / "content" / "2016" / "hn009-011-16-cm.md"
    act.write_text(act.read_text(encoding="utf-8") + "Vu la délibération ECO 003-2438/17/BM ;\n" * 160_000, encoding="utf-8")
    assert act.stat().st_size > 4_000_000
    checked = run_bounded("check", cwd=root)
    assert checked.returncode == 0, checked.stdout


def test_a_disk_that_fills_while_writing_ends_the_build_with_one_line(tmp_path: Path) -> None:
    """A file size limit stands in for a full disk: the same OSError, at the same place."""
    import resource

    root = copy_site("minimal", tmp_path / "site")
    previous_site(root / "output")
    before = tree_state(root / "output")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8_000, 8_000))

    finished = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--no-search"], cwd=root, capture_output=True, text=True, timeout=LIMIT, preexec_fn=small_files
    )
    assert finished.returncode == 1
    assert re.fullmatch(r"error: \S*\.registre-build-\S+: File too large; the site already published is as it was\n", finished.stderr), finished.stderr
    assert tree_state(root / "output") == before
    assert not list(root.glob(".registre-build-*"))
