from __future__ import annotations

import re

from pathlib import Path

import pytest

from registre.write import Staging

from .conftest import act_text, good_act, run_cli, tree_state


def test_a_second_build_with_nothing_changed_rewrites_no_file(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act())})
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    before = tree_state(root / "output")
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert "(0 files written)" in result.out
    assert tree_state(root / "output") == before


def test_a_first_build_counts_every_file_it_writes_the_search_bundles_too(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act()), "b.md": act_text(good_act(number="ECO 004-2439/17/BM"))})
    result = run_cli("build", "--config", root / "site_config.yaml")
    written = int(re.search(r"\((\d+) files written\)", result.out).group(1))  # type: ignore[union-attr]
    files = [p for p in (root / "output").rglob("*") if p.is_file() and p.name != ".registre-output"]
    assert written == len(files) and any(p.parts[-3] == "pagefind" for p in files)


def test_only_changed_files_are_new(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act())})
    run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    before = tree_state(root / "output")
    (root / "content" / "a.md").write_text(act_text(good_act(), "Un texte nouveau.\n"), encoding="utf-8")
    run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    after = tree_state(root / "output")
    assert [k for k in after if after[k] != before.get(k)] == ["deliberations/eco-003-2438-17-bm/index.html"]


def test_an_error_while_writing_leaves_the_old_site_and_no_temporary_folder(tmp_path: Path) -> None:
    output = tmp_path / "output"
    with Staging(output) as staging:
        staging.write("index.html", b"old")
    with pytest.raises(RuntimeError), Staging(output) as staging:
        staging.write("index.html", b"new")
        assert (staging.path / "index.html").read_bytes() == b"new"
        raise RuntimeError("indexing failed")
    assert (output / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".registre-build-output-999").mkdir()
    (tmp_path / ".registre-old-output-998").mkdir()
    with Staging(tmp_path / "output") as staging:
        staging.write("index.html", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_two_builds_are_byte_identical_search_index_included(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    for name in ("one", "two", "three"):
        assert run_cli("build", "--config", root / "site_config.yaml", "--output", tmp_path / name).status == 0
    one, two, three = (tree_state(tmp_path / n) for n in ("one", "two", "three"))
    assert any(re.match(r"pagefind/\d{4}/filter/", k) for k in one)
    assert {k: v[0] for k, v in one.items()} == {k: v[0] for k, v in two.items()} == {k: v[0] for k, v in three.items()}
    again = run_cli("build", "--config", root / "site_config.yaml", "--output", tmp_path / "one")
    assert "(0 files written)" in again.out
    assert tree_state(tmp_path / "one") == one


def test_a_parallel_build_gives_the_bytes_of_a_serial_one(tmp_path: Path) -> None:
    import sys

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    corpus.generate(300, tmp_path / "site", ROOT / "layouts")
    config = tmp_path / "site" / "site_config.yaml"
    for jobs in ("1", "2"):
        result = run_cli("build", "--config", config, "--output", tmp_path / f"jobs{jobs}", "--jobs", jobs, "--no-search")
        assert result.status == 0, result.err
    serial, parallel = tree_state(tmp_path / "jobs1"), tree_state(tmp_path / "jobs2")
    assert len(serial) > 400
    assert {k: v[0] for k, v in serial.items()} == {k: v[0] for k, v in parallel.items()}
