"""Shared fixtures: fixture sites copied to a temporary folder, one-off sites from dicts, the CLI in-process."""

from __future__ import annotations

import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from registre.cli import main

# Builds date their home page by this day (the build date), so that two builds of a test, or a
# preview and a build on either side of midnight, give the same bytes.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1798502400")  # 29 December 2026

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "sites"
LAYOUTS = ROOT / "layouts"


@dataclass
class Run:
    """What one in-process run of build.py returned and printed."""

    status: int
    out: str
    err: str


def run_cli(*argv: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in argv], out, err)
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def chdir_tmp(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run in a temporary folder, so that messages show paths relative to it."""
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def copy_site(name: str, destination: Path) -> Path:
    """Copy tests/sites/<name> to destination, pointing its layouts at the project's.

    A fixture's own `layouts/` holds only the layouts it changes: they go over a copy of the project's.
    """
    shutil.copytree(SITES / name, destination, symlinks=True)
    config = destination / "site_config.yaml"
    if config.exists():
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(\.\./)+layouts", str(LAYOUTS), text), encoding="utf-8")
    if (SITES / name / "layouts").is_dir():
        shutil.copytree(LAYOUTS, destination / "layouts", dirs_exist_ok=True)
        shutil.copytree(SITES / name / "layouts", destination / "layouts", dirs_exist_ok=True)
    return destination


@pytest.fixture
def site(chdir_tmp: Path) -> Callable[[str], Path]:
    """Copy a fixture site into the temporary working folder and return its path."""

    def make(name: str) -> Path:
        return copy_site(name, chdir_tmp / name)

    return make


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
"""Debian's Chromium as the machine allows: no sandbox for root, no calls home on a closed network."""


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, driven by Playwright (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


BASE_CONFIG: dict[str, Any] = {
    "title": "Registre",
    "collectivity": {"name": "Métropole d'Aix-Marseille-Provence", "siret": "20005480700017"},
    "base_url": "https://deliberations.ampmetropole.fr/",
    "bodies": {"BM": {"name": "Bureau de la Métropole"}, "CM": {"name": "Conseil de la Métropole"}},
    "themes": {"ECO": {"name": "Développement économique", "matter": "7.4"}, "HN": {"name": "Institutions", "matter": "5.2"}},
    "paths": {"layouts": str(LAYOUTS)},
    "accessibility": {"email": "accessibilite@ampmetropole.fr"},
}


def act_text(front: dict[str, Any], body: str = "Texte de la délibération.\n") -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def good_act(**changes: Any) -> dict[str, Any]:
    """Front matter of a valid act; keyword arguments change or (with None) remove keys."""
    front: dict[str, Any] = {
        "number": "ECO 003-2438/17/BM",
        "title": "Approbation d'une convention sur l'attractivité",
        "date": "2017-10-19",
        "body": "BM",
        "theme": "ECO",
        "rapporteur": "Martine VASSAL",
        "present": ["Jean-Claude GAUDIN", "Alexandre GALLESE"],
        "represented": [{"member": "Maryse JOISSAINS MASINI", "proxy": "Alexandre GALLESE"}],
        "vote": {"result": "adopted"},
    }
    for key, value in changes.items():
        if value is None:
            front.pop(key, None)
        else:
            front[key] = value
    return front


@pytest.fixture
def make_site(chdir_tmp: Path) -> Callable[..., Path]:
    """Write a one-off site: files maps paths under content/ to text; config changes merge into BASE_CONFIG."""

    def make(files: dict[str, str | bytes], config: dict[str, Any] | None = None, name: str = "site") -> Path:
        root = chdir_tmp / name
        (root / "content").mkdir(parents=True)
        (root / "site_config.yaml").write_text(yaml.safe_dump({**BASE_CONFIG, **(config or {})}, allow_unicode=True), encoding="utf-8")
        for relative, text in files.items():
            path = root / "content" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return root

    return make


def tree_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder with its bytes and modification time, to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


COMMUNE: dict[str, Any] = {
    "title": "Délibérations",
    "collectivity": {"name": "Commune", "siret": "00000000000000"},
    "bodies": {"CM": {"name": "Conseil municipal"}},
    "themes": {"DEL": {"name": "Délibérations", "matter": "9.1"}},
    "paths": {"layouts": str(LAYOUTS)},
}
"""A commune of one body and one theme, for import tests (its number pattern given by each)."""


def import_site(root: Path, settings: dict[str, Any]) -> Path:
    """A site of this configuration, its content empty, for `import` to write into; its configuration's path."""
    (root / "content").mkdir(parents=True)
    config = root / "site_config.yaml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return config
