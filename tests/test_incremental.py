"""The preview never lies: after each kind of edit, the tree its rebuild leaves equals a fresh full build."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Callable

import pytest

from registre.build import Builder
from registre.config import load_config
from registre.manifest import load_listing
from registre.write import output_listing

from .conftest import copy_site, tree_state

ACT = "content/2017/eco-012-1558-17-bm.md"
SEED = "content/2017/eco-003-2438-17-bm.md"
FAG = "content/2016/fag-001-012-16-cm.md"
SESSION = "content/sessions/2017-02-09-bm.yaml"


def replace(relative: str, old: str, new: str) -> Callable[[Path], set[Path]]:
    def edit(root: Path) -> set[Path]:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return {path}

    return edit


def write(relative: str, text: str | bytes) -> Callable[[Path], set[Path]]:
    def edit(root: Path) -> set[Path]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return {path}

    return edit


def remove(relative: str) -> Callable[[Path], set[Path]]:
    def edit(root: Path) -> set[Path]:
        (root / relative).unlink()
        return {root / relative}

    return edit


def rename(relative: str, new: str) -> Callable[[Path], set[Path]]:
    def edit(root: Path) -> set[Path]:
        (root / relative).rename(root / new)
        return {root / relative, root / new}

    return edit


def copy_act(root: Path) -> set[Path]:
    text = (root / ACT).read_text(encoding="utf-8").replace("ECO 012-1558/17/BM", "ECO 013-1559/17/BM")
    return write("content/2017/eco-013-1559-17-bm.md", text)(root)


EDITS: dict[str, Callable[[Path], set[Path]]] = {
    "act text": replace(ACT, "Est approuvée la convention-cadre", "Est approuvée sans réserve la convention-cadre"),
    "title": replace(ACT, "title: ", "title: Nouveau titre - "),
    "vote": replace("content/2016/hn009-011-16-cm.md", "vote: {result: adopted", "vote: {result: rejected"),
    "date to another year": lambda root: replace(FAG, "date: 2016-", "date: 2017-")(root) | replace(FAG, "/16/CM", "/17/CM")(root),
    "people": replace(ACT, "Martine VASSAL", "Roland BLUM"),
    "attachment bytes": write("content/attachments/eco-003-2438-17-bm-convention.pdf", b"%PDF-1.4 une autre convention\n"),
    "attachment removed": replace(SEED, "attachments:\n  - {title: Convention spécifique sur l'attractivité, file: attachments/eco-003-2438-17-bm-convention.pdf}\n", ""),
    "session file added": write("content/sessions/2017-10-19-bm.yaml", "place: Hôtel de la Métropole\nnotes: Séance ordinaire.\n"),
    "session file changed": replace(SESSION, "Salle du conseil", "Salle des fêtes"),
    "session file removed": remove(SESSION),
    "matter": replace(ACT, "theme: ECO", 'theme: ECO\nmatter: "7.5"'),
    "attachment added": lambda root: write("content/attachments/annexe.pdf", b"%PDF annexe")(root)
    | replace(ACT, "theme: ECO", "theme: ECO\nattachments: [{title: Annexe, file: attachments/annexe.pdf}]")(root),
    "members.yaml": write("content/members.yaml", "- {name: Martine VASSAL, roles: [Présidente]}\n"),
    "act added": copy_act,
    "act removed": remove("content/2016/fag-001-012-16-cm.md"),
    "act renamed": rename("content/2016/fag-001-012-16-cm.md", "content/2016/finances.md"),
    "act text quoting another act": replace(ACT, "Est approuvée la convention-cadre", "Vu la délibération FAG 001-012/16/CM, est approuvée la convention-cadre"),
    "civility in members.yaml": write("content/members.yaml", "- {name: Maryse JOISSAINS MASINI, civility: Mme}\n"),
    "layout": replace("layouts/act.html", "<h2", "<h2 data-edited"),
    "layout included": replace("layouts/_macros.html", '<ol class="act-list">', '<ol class="act-list" data-edited>'),
    "search document layout": replace("layouts/search_document.html", "<main data-pagefind-body", "<main data-edited data-pagefind-body"),
    "strings": replace("layouts/strings/fr.yaml", "deliberations: Délibérations", "deliberations: Les délibérations"),
    "configuration": replace("site_config.yaml", "title: Registre de test", "title: Registre modifié"),
}


def site_with_layouts(destination: Path) -> Path:
    """The minimal site with a layouts folder of its own, to edit."""
    from .conftest import LAYOUTS

    root = copy_site("minimal", destination)
    shutil.copytree(LAYOUTS, root / "layouts")
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(LAYOUTS), "layouts"), encoding="utf-8")
    write(SESSION, "place: Salle du conseil\nminutes: https://example.org/pv.pdf\n")(root)
    return root


NARROW = {
    "act text": 4, "act renamed": 4, "title": 12, "vote": 5, "attachment bytes": 1, "session file changed": 13, "layout": 4,
    "civility in members.yaml": 4, "members.yaml": 3,
}
"""Edits whose rebuild renders only the pages that read what changed (the act's page, and the home, search and
open data pages for its text; a member's own page and older years' pages for her roles): at most this many of the 77 pages."""


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_the_preview_after_an_edit_equals_a_fresh_build(kind: str, tmp_path: Path) -> None:
    root = site_with_layouts(tmp_path / "site")
    preview = Builder(load_config(root / "site_config.yaml"))
    preview.rebuild(None)
    changed = {p.resolve() for p in EDITS[kind](root)}
    if (root / "site_config.yaml").resolve() in changed:  # as serve does: a new builder, everything again
        preview = Builder(load_config(root / "site_config.yaml"))
        result = preview.rebuild(None)
    else:
        result = preview.rebuild(changed)
    fresh = load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")
    Builder(fresh).build()
    served, built = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    differ = sorted(k for k in set(served) | set(built) if not k.startswith("pagefind/") and served.get(k, (None,))[0] != built.get(k, (None,))[0])
    assert differ == []
    assert indexed(root / "output") == indexed(tmp_path / "fresh")
    assert result.rendered <= NARROW.get(kind, result.pages)


def indexed(site: Path) -> dict[str, list[tuple[str, str]]]:
    """Each search bundle's acts, as the search finds them: (address, title) of every page it indexes."""
    found = {}
    for entry in sorted(site.glob("pagefind/*/pagefind-entry.json")):
        bundle = entry.parent
        pages = []
        for fragment in sorted(bundle.glob("fragment/*.pf_fragment")):
            data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            pages.append((data["url"], data["meta"]["title"]))
        found[bundle.name] = sorted(pages)
        assert json.loads(entry.read_text(encoding="utf-8"))["languages"]["fr"]["page_count"] == len(pages)
    return found


EVERYTHING = {"strings", "configuration"}
"""Edits read through no tracked door: every page is rendered again."""


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_a_build_finding_the_last_one_s_cache_renders_what_changed_and_writes_the_same_bytes(kind: str, tmp_path: Path) -> None:
    """As a forge's CI does with its cache kept: a new process builds again after a commit."""
    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    EDITS[kind](root)
    result = Builder(load_config(root / "site_config.yaml")).build()  # nothing shared but the files on disk
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    again, fresh = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert sorted(again) == sorted(fresh)
    assert [k for k in sorted(again) if again[k][0] != fresh[k][0]] == []
    # The listing the manifest keeps, made from the last one and the files changed, is output/'s.
    assert load_listing(root / ".registre-cache-output") == output_listing(root / "output")
    if kind in EVERYTHING:
        assert result.rendered == result.pages
    else:
        assert result.rendered <= NARROW.get(kind, result.pages - 1)


def test_a_forge_s_checkout_and_restored_cache_still_build_only_what_changed(tmp_path: Path) -> None:
    """A forge checks out every file anew (new times) and restores output/ and the cache from an archive
    that keeps times to the second: the build still renders only what the commit changed."""
    import os

    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    for folder in ("content", "layouts"):  # the checkout
        for path in (root / folder).rglob("*"):
            os.utime(path)
    for folder in ("output", ".registre-cache-output"):  # the cache, restored
        for path in (root / folder).rglob("*"):
            os.utime(path, (int(path.stat().st_atime), int(path.stat().st_mtime)))
    EDITS["act text"](root)
    said: list[str] = []
    result = Builder(load_config(root / "site_config.yaml"), progress=said.append).build()
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    again, fresh = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert sorted(again) == sorted(fresh)
    assert [k for k in sorted(again) if again[k][0] != fresh[k][0]] == []
    assert result.rendered <= NARROW["act text"]
    assert [m for m in said if m.startswith("indexed")] == ["indexed 1 of 2 search shards"]  # the other kept


def test_a_build_with_the_last_one_s_cache_renders_the_other_pages_while_pagefind_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The act pages first: once their search documents are written, Pagefind indexes them while the
    listing pages render (the whole build waited for the pages, then for Pagefind). The listing pages
    wait till Pagefind runs: the indexing's Python before it (fragments linked) is not slowed by theirs."""
    from registre import search
    from registre.bundles import SearchBundles
    from registre.render import Renderer

    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    EDITS["act text"](root)
    happened: list[str] = []
    render_page, index_into, index = Renderer.render_page, SearchBundles.index_into, search._index

    async def pagefind(*args: object) -> None:
        happened.append("pagefind")
        await index(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "render_page", lambda self, page: happened.append("act" if page.search_shard else "other") or render_page(self, page))
    monkeypatch.setattr(SearchBundles, "index_into", lambda self, *args: happened.append("indexing") or index_into(self, *args))
    monkeypatch.setattr(search, "_index", pagefind)
    Builder(load_config(root / "site_config.yaml")).build()
    assert "indexing" in happened and "other" in happened[happened.index("indexing"):], happened
    assert "act" not in happened[happened.index("indexing"):], happened
    assert "other" not in happened[: happened.index("pagefind")], happened


def test_an_act_added_saves_the_state_while_the_last_pages_render_and_pagefind_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving the state (a second and more at 100,000 acts) began once Pagefind had ended, and held
    up the build's end: it begins as soon as the data files are made. The first page rendered after
    the act pages waits for it to begin (in vain when it begins after them)."""
    import threading

    from registre import build as build_module
    from registre.render import Renderer

    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    copy_act(root)
    saving, waited = threading.Event(), []
    save_state, render_page = build_module.save_state, Renderer.render_page

    def save(*args):  # type: ignore[no-untyped-def]
        saving.set()
        return save_state(*args)

    def render(self, page):  # type: ignore[no-untyped-def]
        if not page.search_shard and not waited:
            waited.append(saving.wait(30))
        return render_page(self, page)

    monkeypatch.setattr(build_module, "save_state", save)
    monkeypatch.setattr(Renderer, "render_page", render)
    Builder(load_config(root / "site_config.yaml")).build()
    assert waited == [True]


def test_a_build_failing_while_its_state_is_saved_leaves_output_as_it_was_and_the_next_build_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state is saved beside the last steps: should one fail (a full disk), the saving has ended
    when the build does (registre.workers.awaited_on_failure), nothing of it is taken for the last
    build's, and the next build makes the same site as a clean one."""
    import threading

    from registre import build as build_module

    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    copy_act(root)
    before = tree_state(root / "output")
    finished = threading.Event()
    save_state, read_file = build_module.save_state, build_module.read_file

    def save(*args):  # type: ignore[no-untyped-def]
        stored = save_state(*args)
        finished.set()
        return stored

    def full_disk(*args):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "save_state", save)
    monkeypatch.setattr(build_module, "read_file", full_disk)  # the files copied as they are, after the pages
    with pytest.raises(OSError):
        Builder(load_config(root / "site_config.yaml")).build()
    assert finished.is_set()
    assert tree_state(root / "output") == before
    monkeypatch.setattr(build_module, "read_file", read_file)
    Builder(load_config(root / "site_config.yaml")).build()
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    again, fresh = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert sorted(again) == sorted(fresh)
    assert [k for k in sorted(again) if again[k][0] != fresh[k][0]] == []


@pytest.mark.parametrize("linked_up_to", [32, 1])
def test_builds_one_after_another_take_over_what_the_pages_read_and_the_acts_and_an_act_removed_then_put_back_is_rendered(
    linked_up_to: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each build takes over the last one's files of reads and of acts as they are and adds its own
    (or, past a number of files, writes them anew in one): after several builds, the site is still a
    fresh build's, and a page gone then back is rendered, not taken for what it was."""
    import pickle

    from registre import manifest

    monkeypatch.setattr(manifest, "READS_LINKED_UP_TO", linked_up_to)
    monkeypatch.setattr(manifest, "ACT_FILES_LINKED_UP_TO", linked_up_to)
    root = site_with_layouts(tmp_path / "site")
    act = root / ACT
    text = act.read_text(encoding="utf-8")
    steps = [lambda: act.unlink(), lambda: act.write_text(text, encoding="utf-8"), lambda: EDITS["act text"](root), lambda: EDITS["title"](root)]
    Builder(load_config(root / "site_config.yaml")).build()
    for number, step in enumerate(steps):
        step()
        result = Builder(load_config(root / "site_config.yaml")).build()
        assert result.rendered < result.pages, number  # from the last build's state
        fresh_output = tmp_path / f"fresh-{number}"
        Builder(load_config(root / "site_config.yaml", output_dir=fresh_output)).build()
        again, fresh = tree_state(root / "output"), tree_state(fresh_output)
        assert sorted(again) == sorted(fresh), number
        assert [k for k in sorted(again) if again[k][0] != fresh[k][0]] == [], number
    cache = root / ".registre-cache-output"
    files = list((cache / "reads").glob("*.pickle"))
    assert len({path.name[:8] for path in files}) == (len(steps) + 1 if linked_up_to == 32 else 1)  # each build's own, or the last one's
    acts = [pickle.loads(path.read_bytes()) for path in sorted((cache / "acts").glob("*.pickle"))]
    if linked_up_to == 32:  # all four acts, then each act read again (an act removed reads none)
        assert [sorted(Path(key).name for key in held) for held in acts] == [sorted(p.name for p in (root / "content").rglob("*.md"))] + [[act.name]] * 3
    else:
        assert len(acts) == 1 and len(acts[0]) == 4


def test_the_files_of_reads_of_a_build_that_rendered_every_page_are_taken_over_until_later_builds_wrote_too_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that renders every page writes its reads in many files (one per READS_PER_FILE pages):
    the next builds link them as they are, and count only the files of later builds against
    READS_LINKED_UP_TO (at 100,000 acts, writing the reads anew took 2.6 s of the first act added)."""
    from registre import build, manifest

    monkeypatch.setattr(build, "READS_PER_FILE", 10)
    monkeypatch.setattr(manifest, "READS_LINKED_UP_TO", 2)
    root = site_with_layouts(tmp_path / "site")
    reads = root / ".registre-cache-output/reads"
    Builder(load_config(root / "site_config.yaml"), jobs=1).build()
    first = {path.name: path.stat().st_ino for path in reads.glob("*.pickle")}
    assert len(first) > 2
    generations = []
    for edit in ("act text", "title", "people"):
        EDITS[edit](root)
        Builder(load_config(root / "site_config.yaml"), jobs=1).build()
        now = {path.name: path.stat().st_ino for path in reads.glob("*.pickle")}
        generations.append(sorted({name[:8] for name in now}))
        if len(generations[-1]) > 1:  # taken over: the same files, not copies
            assert {name: now[name] for name in first} == first
    # Each edit's build wrote one file or two: the third build found more than two later ones and wrote the rest anew.
    assert generations[:2] == [["00000001", "00000002"], ["00000001", "00000002", "00000003"]]
    assert generations[2] == ["00000004"]

def test_a_build_after_one_that_ended_does_not_walk_the_search_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last build saved its documents' digests: the next one knows them from there and from
    what it renders (100,000 files took 11 s to walk), and still drops the document of an act gone."""
    from registre import search

    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    EDITS["act text"](root)
    (root / FAG).unlink()
    walked: list[Path] = []
    html_files = search._html_files
    monkeypatch.setattr(search, "_html_files", lambda folder: walked.append(folder) or html_files(folder))
    Builder(load_config(root / "site_config.yaml")).build()
    assert walked == []
    monkeypatch.undo()
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    documents, fresh = tree_state(root / ".registre-cache-output/search"), tree_state(tmp_path / ".registre-cache-fresh/search")
    assert {path: data for path, (data, _) in documents.items()} == {path: data for path, (data, _) in fresh.items()}
    again, clean = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert sorted(again) == sorted(clean) and [k for k in sorted(again) if again[k][0] != clean[k][0]] == []


@pytest.mark.parametrize("undone", ["text edited", "act removed"])
def test_a_search_document_a_failed_build_wrote_or_dropped_is_rendered_again_once_its_edit_is_undone(undone: str, tmp_path: Path) -> None:
    """A failed build leaves output/ as it was, but it may have written search documents (in the cache)
    from an edit undone since, or dropped that of an act it no longer had: their pages read nothing
    that changed since the last build that ended, and still they are rendered again."""
    from registre.errors import ContentErrors

    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    act, person = root / ACT, root / "layouts/person.html"
    act_text, person_layout = act.read_text(encoding="utf-8"), person.read_text(encoding="utf-8")
    if undone == "act removed":
        act.unlink()
    else:
        act.write_text(act_text.replace("Est approuvée la convention-cadre", "Est approuvée la convention provisoire"), encoding="utf-8")
    person.write_text(person_layout.replace("{% block main %}", "{% block main %}{{ 1 / 0 }}"), encoding="utf-8")
    with pytest.raises(ContentErrors):
        Builder(load_config(root / "site_config.yaml")).build()
    act.write_text(act_text, encoding="utf-8")
    person.write_text(person_layout, encoding="utf-8")
    Builder(load_config(root / "site_config.yaml")).build()
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    documents, fresh = root / ".registre-cache-output/search", tmp_path / ".registre-cache-fresh/search"
    assert tree_state(documents).keys() == tree_state(fresh).keys() and len(tree_state(fresh)) == 4
    assert {path: data for path, (data, _) in tree_state(documents).items()} == {path: data for path, (data, _) in tree_state(fresh).items()}
    again, clean = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert [k for k in sorted(again) if again[k][0] != clean[k][0]] == []


@pytest.mark.parametrize("how", ["build", "preview"])
def test_when_a_year_outgrows_its_bundle_and_shrinks_back_every_act_stays_found(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year of more acts than a bundle holds is cut in parts, every year alike (group.shard_months):
    an act added cuts them all anew, an act removed joins them. The acts whose bundle changed, their
    pages unchanged, have their search documents written again: the bundles are a fresh build's."""
    from registre import group

    monkeypatch.setattr(group, "SHARD_ACTS", 2)  # two acts a year: a bundle each year
    root = site_with_layouts(tmp_path / "site")
    preview = Builder(load_config(root / "site_config.yaml"))
    preview.build()
    assert sorted(indexed(root / "output")) == ["2016", "2017"]
    for number, step in enumerate([copy_act, remove("content/2017/eco-013-1559-17-bm.md")]):
        changed = step(root)
        if how == "preview":
            preview.rebuild(changed)
        else:
            Builder(load_config(root / "site_config.yaml")).build()
        fresh_output = tmp_path / f"fresh-{number}"
        Builder(load_config(root / "site_config.yaml", output_dir=fresh_output)).build()
        assert indexed(root / "output") == indexed(fresh_output), number
        assert sum(len(pages) for pages in indexed(root / "output").values()) == 4 + (number == 0)
        again, fresh = tree_state(root / "output"), tree_state(fresh_output)
        assert sorted(again) == sorted(fresh), number
        assert [k for k in sorted(again) if not k.startswith("pagefind/") and again[k][0] != fresh[k][0]] == [], number
        assert sorted(indexed(root / "output")) == (["2016-1", "2017-1", "2017-2"] if number == 0 else ["2016", "2017"])


def test_a_state_whose_file_of_acts_is_lost_is_not_used(tmp_path: Path) -> None:
    """The state names its acts, kept in files beside it: one of them gone (a cache restored in part),
    the build starts from scratch, and its site is still a fresh build's."""
    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    EDITS["title"](root)
    Builder(load_config(root / "site_config.yaml")).build()
    newest = sorted((root / ".registre-cache-output/acts").glob("*.pickle"))[-1]
    newest.unlink()
    EDITS["act text"](root)
    result = Builder(load_config(root / "site_config.yaml")).build()
    assert result.rendered == result.pages
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    again, fresh = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert sorted(again) == sorted(fresh) and [k for k in sorted(again) if again[k][0] != fresh[k][0]] == []


def fragments_by_url(bundle: Path) -> dict[str, Path]:
    """Each fragment of a search bundle, by the address of its page."""
    return {json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]: path for path in bundle.glob("fragment/*.pf_fragment")}


def test_an_act_added_leaves_the_fragments_pagefind_wrote_for_the_other_acts_of_its_year(tmp_path: Path) -> None:
    """Pagefind writes no fragment whose file is there: those of the acts unchanged are linked from the
    bundle in output/ (fragments.py), not written again; the bundle is still a fresh build's."""
    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    before = {url: path.stat().st_ino for url, path in fragments_by_url(root / "output/pagefind/2017").items()}
    copy_act(root)
    Builder(load_config(root / "site_config.yaml")).build()
    after = {url: path.stat().st_ino for url, path in fragments_by_url(root / "output/pagefind/2017").items()}
    assert sorted(set(after) - set(before)) == ["/deliberations/eco-013-1559-17-bm/"]
    assert {url: after[url] for url in before} == before  # the same files
    Builder(load_config(root / "site_config.yaml", output_dir=tmp_path / "fresh")).build()
    again, fresh = tree_state(root / "output"), tree_state(tmp_path / "fresh")
    assert sorted(again) == sorted(fresh) and [k for k in sorted(again) if again[k][0] != fresh[k][0]] == []


def test_an_act_added_rewrites_only_the_files_of_the_best_results_whose_words_it_changed(tmp_path: Path) -> None:
    """The table of the archive's best results (4,096 files at 10,000 acts): a file holding the same
    words as the one in output/ is that file, linked; those the new act's words changed are new."""
    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    table = root / "output/pagefind/best"
    before = {path.name: (path.stat().st_ino, path.read_bytes()) for path in table.glob("*.json")}
    copy_act(root)
    Builder(load_config(root / "site_config.yaml")).build()
    after = {path.name: (path.stat().st_ino, path.read_bytes()) for path in table.glob("*.json")}
    same = [name for name in after if name in before and after[name][1] == before[name][1]]
    changed = [name for name in after if name not in same]
    assert same and changed  # the added act's words are in some files, not in all
    assert all(after[name][0] == before[name][0] for name in same)
    assert not any(after[name][0] == before.get(name, (None,))[0] for name in changed)


def test_a_fragment_linked_under_the_name_pagefind_gives_another_page_is_not_served(tmp_path: Path) -> None:
    """Fragment names are 7 hex digits of a hash: an old file can bear the name of a new page's fragment.
    Made so here: the record says an unchanged act's fragment is the one the added act will get, and the
    bundle holds a file of that name with the unchanged act's text. The run is checked and done afresh."""
    root = site_with_layouts(tmp_path / "site")
    Builder(load_config(root / "site_config.yaml")).build()
    ahead = site_with_layouts(tmp_path / "ahead")
    copy_act(ahead)
    Builder(load_config(ahead / "site_config.yaml")).build()
    new_name = fragments_by_url(ahead / "output/pagefind/2017")["/deliberations/eco-013-1559-17-bm/"].name
    record = root / ".registre-cache-output/fragments/2017.json"
    made = json.loads(record.read_text(encoding="utf-8"))
    unchanged = "deliberations/eco-012-1558-17-bm/index.html"
    old = root / "output/pagefind/2017/fragment" / f"{made['documents'][unchanged][1]}.pf_fragment"
    shutil.copyfile(old, old.with_name(new_name))
    made["documents"][unchanged][1] = new_name.removesuffix(".pf_fragment")
    record.write_text(json.dumps(made), encoding="utf-8")
    copy_act(root)
    Builder(load_config(root / "site_config.yaml")).build()
    assert indexed(root / "output") == indexed(ahead / "output")
    again, fresh = tree_state(root / "output"), tree_state(ahead / "output")
    assert sorted(again) == sorted(fresh) and [k for k in sorted(again) if again[k][0] != fresh[k][0]] == []


@pytest.mark.parametrize("documents", ['{"a": 5}', '{"a": ["5"]}', '[1, 2]', '"text"'])
def test_a_record_of_fragments_not_as_written_links_nothing(documents: str, tmp_path: Path) -> None:
    """The cache's record of fragments, damaged: the bundle is made without links, not the build stopped."""
    from registre.fragments import link_unchanged

    (tmp_path / "previous").mkdir()
    (tmp_path / "previous/pagefind-entry.json").write_text('{"languages": {"fr": {"hash": "fr_1"}}}', encoding="utf-8")
    (tmp_path / "record.json").write_text(f'{{"meta": "fr_1", "documents": {documents}}}', encoding="utf-8")
    assert link_unchanged(tmp_path / "record.json", tmp_path / "previous", tmp_path / "target", {"a": "5"}) == {}
