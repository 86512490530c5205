"""The example archive: the seed transcribed, and enough variety to show every page type."""

from __future__ import annotations

import sys
from pathlib import Path

from registre.config import load_config
from registre.load import load_archive

from .conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "tools"))
import example_archive  # noqa: E402


def test_the_example_archive_has_the_promised_variety() -> None:
    archive = load_archive(load_config(ROOT / "site_config.yaml"))
    acts = list(archive.acts.values())
    assert archive.warnings == []
    assert len(acts) >= 60
    assert len(archive.sessions) >= 4 and {s.body for s in archive.sessions.values()} == {"BM", "CM"}
    assert len(archive.terms["annees"]) >= 2 and len(archive.terms["themes"]) >= 6 and len(archive.terms["rapporteurs"]) >= 8
    assert any(a.vote.unanimous for a in acts)
    assert any(a.vote.has_counts and a.vote.against for a in acts)
    assert any(a.vote.result == "rejected" for a in acts)
    assert any(a.represented for a in acts)
    assert sum(bool(c) for c in archive.cites.values()) >= 10
    seed = archive.acts["ECO 003-2438/17/BM"]
    assert archive.cites[seed.number] == ("ECO 012-1558/17/BM", "HN009-011/16/CM")


def test_the_generator_is_deterministic_and_matches_the_committed_content(tmp_path: Path) -> None:
    example_archive.generate(tmp_path)
    generated = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(ROOT / "content").as_posix(): p.read_bytes() for p in (ROOT / "content").rglob("*") if p.is_file()}
    committed.pop("2017/eco-003-2438-17-bm.md")  # the seed, transcribed by hand
    assert generated == committed


def test_check_passes_on_the_example_archive(chdir_tmp: Path) -> None:
    result = run_cli("check", "--config", ROOT / "site_config.yaml")
    assert (result.status, result.out, result.err) == (0, "", "0 errors, 0 warnings\n")
