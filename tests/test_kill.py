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


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("big")
    corpus.generate(ACTS, root, ROOT / "layouts")
    assert run_cli("build", "--config", root / "site_config.yaml").status == 0
    return root


def staging(root: Path) -> list[Path]:
    return sorted(root.glob(".registre-build-*"))


def when_rendering(root: Path) -> bool:
    return not staging(root)


def when_writing(root: Path) -> bool:
    return bool(staging(root)) and not (staging(root)[0] / "pagefind").exists() and any(staging(root)[0].iterdir())


def when_indexing(root: Path) -> bool:
    return bool(staging(root)) and (staging(root)[0] / "pagefind").exists()


@pytest.mark.parametrize("moment", [when_rendering, when_writing, when_indexing], ids=["rendering", "writing", "indexing"])
def test_sigkill_leaves_the_previous_site_and_the_next_build_succeeds(big_site: Path, moment) -> None:  # type: ignore[no-untyped-def]
    before = tree_state(big_site / "output")
    # Change one act, so the killed build has something new to write.
    act = next((big_site / "content").rglob("*.md"))
    act.write_text(act.read_text(encoding="utf-8").replace("Est approuvé", f"Est approuvé ({moment.__name__})", 1), encoding="utf-8")
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
