"""A build killed at any moment (rendering, writing, indexing) leaves the previous site whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli, tree_state

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

ACTS = 800
STOP_SECONDS = 30
"""Seconds for a stopped build to end: a few on an idle machine, more on a CI runner under load."""


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    corpus.generate(ACTS, root, ROOT / "layouts")
    assert run_cli("build", "--config", root / "site_config.yaml").status == 0
    return root


def staging(root: Path) -> list[Path]:
    return sorted(root.glob(".registre-build-*"))


def when_rendering(root: Path) -> bool:
    """The site being written aside, before Pagefind starts (it starts once the act pages are rendered).
    Not `no staging folder yet`: a build that already ended has none either."""
    return bool(staging(root)) and not (staging(root)[0] / "pagefind").exists()


def when_writing(root: Path) -> bool:
    return bool(staging(root)) and not (staging(root)[0] / "pagefind").exists() and any(staging(root)[0].iterdir())


def when_indexing(root: Path) -> bool:
    return bool(staging(root)) and (staging(root)[0] / "pagefind").exists()


@pytest.mark.parametrize("moment", [when_rendering, when_writing, when_indexing], ids=["rendering", "writing", "indexing"])
def test_sigkill_leaves_the_previous_site_and_the_next_build_succeeds(big_site: Path, moment) -> None:  # type: ignore[no-untyped-def]
    before = tree_state(big_site / "output")
    # Change acts, so the killed build has something new to write, and a second of act pages to render
    # before Pagefind starts (fewer than the 200 pages that would be shared among forked workers).
    acts = sorted((big_site / "content").rglob("*.md"))[:150]
    for path in acts:
        path.write_text(path.read_text(encoding="utf-8").replace("Est approuvé", f"Est approuvé ({moment.__name__})", 1), encoding="utf-8")
    act = acts[0]
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--config", str(big_site / "site_config.yaml")], start_new_session=True)
    started = time.monotonic()
    while not (time.monotonic() - started > 0.5 and moment(big_site)):
        assert process.poll() is None, "the build ended before the moment to kill it"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)  # the build and its Pagefind process
    process.wait()
    assert tree_state(big_site / "output") == before
    result = run_cli("build", "--config", big_site / "site_config.yaml")
    assert result.status == 0, result.err
    assert staging(big_site) == [] and not list(big_site.glob(".registre-old-*"))
    page = big_site / "output" / "deliberations" / act.stem / "index.html"
    assert moment.__name__ in page.read_text(encoding="utf-8")


def handles_sigterm(pid: int) -> bool:
    """Whether a process catches SIGTERM (the mask of caught signals in /proc)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
    return bool(caught >> (signal.SIGTERM - 1) & 1)


def group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("moment", [when_rendering, when_writing, when_indexing], ids=["rendering", "writing", "indexing"])
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_ends_the_build_within_seconds_leaving_the_last_site(big_site: Path, moment, how: str) -> None:  # type: ignore[no-untyped-def]
    before = tree_state(big_site / "output")
    act = sorted((big_site / "content").rglob("*.md"))[1]
    act.write_text(act.read_text(encoding="utf-8").replace("Est approuvé", f"Est approuvé ({how} {moment.__name__})", 1), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--config", str(big_site / "site_config.yaml")],
        start_new_session=True, stderr=subprocess.PIPE, text=True,
    )
    while not handles_sigterm(process.pid):  # Python started, Registre's handlers in place
        assert process.poll() is None, process.communicate()
        time.sleep(0.005)
    while not moment(big_site):
        assert process.poll() is None, "the build ended before the moment to stop it"
        time.sleep(0.005)
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # a terminal sends it to the whole group
    else:
        os.kill(process.pid, signal.SIGTERM)  # a CI runner, `kill`: the build alone
    try:
        _, err = process.communicate(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # else it keeps the site's lock and every later test fails for it
        process.communicate()
        raise AssertionError(f"the build was still running {STOP_SECONDS} s after {how}") from None
    assert process.returncode == (130 if how == "ctrl-c" else 143), err
    assert err.endswith("interrupted; the site already published is as it was\n"), err
    deadline = time.monotonic() + 5
    while not group_is_gone(process.pid):  # workers and Pagefind end with it
        assert time.monotonic() < deadline, "processes of the build outlived it"
        time.sleep(0.05)
    assert tree_state(big_site / "output") == before


@pytest.mark.parametrize("pagefind", ["#!/bin/sh\necho 'No space left on device' >&2\nexit 3\n", "#!/bin/sh\nexec sleep 600\n"], ids=["fails", "silent"])
def test_pagefind_failing_or_silent_ends_the_build_with_one_line(site, tmp_path: Path, pagefind: str) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    assert run_cli("build", "--config", root / "site_config.yaml").status == 0
    before = tree_state(root / "output")
    (root / "content" / "2016" / "fag-001-012-16-cm.md").unlink()
    fake = tmp_path / "pagefind"
    fake.write_text(pagefind, encoding="utf-8")
    fake.chmod(0o755)
    environment = {**os.environ, "PAGEFIND_BINARY_PATH": str(fake), "REGISTRE_PAGEFIND_TIMEOUT": "3"}
    finished = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--config", str(root / "site_config.yaml")],
        env=environment, capture_output=True, text=True, timeout=60, start_new_session=True,
    )
    assert finished.returncode == 1
    reason = "stopped (exit status 3)" if "exit 3" in pagefind else "gave no answer for 3 s"
    assert finished.stderr.startswith(f"error: Pagefind {reason} while "), finished.stderr
    assert finished.stderr.endswith("; the site already published is as it was\n")
    assert tree_state(root / "output") == before


def test_pagefind_failing_ends_the_ranking_process_started_beside_it(site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """An act removed: one bundle indexed, its ranking's process started with Pagefind, waiting for
    its words. Pagefind failing, that process is ended, not left waiting."""
    from registre.build import Builder
    from registre.config import load_config
    from registre.errors import SearchFailed
    from registre.search import _RUNNING

    root = site("minimal")
    Builder(load_config(root / "site_config.yaml")).build()
    (root / "content" / "2016" / "fag-001-012-16-cm.md").unlink()
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    with pytest.raises(SearchFailed, match="Pagefind stopped"):
        Builder(load_config(root / "site_config.yaml")).build()
    assert not _RUNNING


def test_a_ranking_process_that_fails_names_its_bundle_and_what_it_said(tmp_path: Path) -> None:
    import asyncio

    from registre.errors import SearchFailed
    from registre.search import _RUNNING, _ranked, _start_ranking

    async def rank(bundle: Path) -> None:
        await _ranked(await _start_ranking(bundle, tmp_path / "cache", "fr"), bundle, ["convention"])

    with pytest.raises(SearchFailed) as failed:
        asyncio.run(rank(tmp_path / "2017"))  # no bundle there
    assert str(failed.value) == f"The ranking of 2017 stopped (exit status 1): ValueError: {tmp_path / '2017'}: not a Pagefind bundle (no pagefind-entry.json)"
    assert not _RUNNING
    assert not (tmp_path / "cache" / "best" / "2017.pickle").exists()


def test_the_ranking_process_collects_garbage_as_rarely_as_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding a bundle makes millions of objects and no cycles: at Python's default thresholds,
    a quarter of the ranking of a year of 10,000 acts went to collections."""
    import gc
    import io

    from registre.ranking import rank_bundle

    before = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", ["-c", str(tmp_path / "2017"), str(tmp_path / "cache"), "fr"])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'["convention"]')))
    try:
        gc.set_threshold(700, 10, 10)
        with pytest.raises(ValueError, match="not a Pagefind bundle"):
            rank_bundle()
        assert gc.get_threshold() == (100_000, 50, 100)
    finally:
        gc.set_threshold(*before)
