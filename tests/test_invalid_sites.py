"""One fixture site per failure mode: the exact `path:line: message` lines, exit 1, output/ untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from registre.write import MARKER, MARKER_TEXT

from .conftest import SITES, copy_site, run_cli, tree_state

CONFIG_MODES = {"broken_config", "case_only_codes"}
"""Errors of the configuration: `check` cannot start, and says so on stderr."""
MODES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())


def previous_site(output: Path) -> None:
    """What a previous good build left, to prove a failed build changes nothing."""
    (output / "deliberations" / "x").mkdir(parents=True)
    (output / MARKER).write_bytes(MARKER_TEXT)
    (output / "index.html").write_text("<p>le site d'avant</p>", encoding="utf-8")
    (output / "deliberations" / "x" / "index.html").write_text("<p>une délibération</p>", encoding="utf-8")


@pytest.mark.parametrize("mode", MODES)
def test_each_failure_mode_is_reported_exactly_and_loses_nothing(mode: str, chdir_tmp: Path) -> None:
    root = copy_site(f"invalid/{mode}", chdir_tmp / mode)
    os.chdir(root)
    expected = (SITES / "invalid" / mode / "expected.txt").read_text(encoding="utf-8")
    previous_site(root / "output")
    before = tree_state(root / "output")
    built = run_cli("build")
    assert (built.status, built.err) == (1, expected)
    assert tree_state(root / "output") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith((".registre-build-", ".registre-old-"))) == []
    checked = run_cli("check")
    assert (checked.status, checked.out) == (1, expected if mode not in CONFIG_MODES else "")


def test_modes_cover_the_list_of_the_robustness_issue() -> None:
    assert set(MODES) >= {
        "malformed_yaml", "unclosed_front_matter", "empty_file", "wrong_types", "impossible_date", "unknown_key", "missing_required",
        "duplicate_numbers", "slug_collision", "unknown_theme_body", "number_mismatch", "not_utf8", "attachment_escape",
        "symlink_outside", "broken_config", "layout_error", "dangling_symlink", "looping_symlink", "case_only_codes", "unsafe_session_links", "control_characters", "number_variants", "session_symlink_outside",
    }


def test_crlf_byte_order_mark_spaces_accents_and_a_10_mb_body_are_accepted(chdir_tmp: Path) -> None:
    root = copy_site("accepted", chdir_tmp / "accepted")
    big = "Considérant l'intérêt métropolitain de l'opération ; " * 200_000  # 10.6 MB in one paragraph
    text = (root / "content/2017/bom.md").read_text(encoding="utf-8-sig").replace("004-2439/17/BM", "006-2441/17/BM")
    (root / "content/2017/big.md").write_text(text.replace("Texte de la délibération", big), encoding="utf-8")
    assert len((root / "content/2017/big.md").read_bytes()) > 10_000_000
    result = run_cli("build", "--config", root / "site_config.yaml")
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("4 acts,")
    for slug in ("eco-003-2438-17-bm", "eco-004-2439-17-bm", "eco-005-2440-17-bm", "eco-006-2441-17-bm"):
        page = (root / "output/deliberations" / slug / "index.html").read_text(encoding="utf-8")
        assert "Noël, œuvre" in page or "intérêt métropolitain" in page
        assert 'id="article-1"' in page


def test_layouts_and_static_files_are_never_read_through_a_link_out_of_their_folder(chdir_tmp: Path) -> None:
    import shutil

    from .conftest import LAYOUTS

    root = copy_site("minimal", chdir_tmp / "site")
    shutil.copytree(LAYOUTS, root / "layouts")
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(LAYOUTS), "layouts"), encoding="utf-8")
    secret = chdir_tmp / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    (root / "layouts" / "static" / "leak.txt").symlink_to(secret)
    (root / "layouts" / "act.html").unlink()
    (root / "layouts" / "act.html").symlink_to(secret)
    os.chdir(root)
    built = run_cli("build", "--no-search")
    assert built.status == 1
    assert built.err.splitlines() == [
        "layouts/act.html: symbolic link pointing outside the layouts folder",
        "layouts/static/leak.txt: symbolic link pointing outside the layouts folder",
    ]
    assert not (root / "output").exists()
