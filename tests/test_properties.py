"""Random input never ends in a traceback: `check`, `build` and `import` succeed or print located errors."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import BASE_CONFIG, good_act, run_cli

KEYS = list(good_act()) + ["report", "signed", "received", "published", "matter", "attachments", "absent", "excused", "rapporteur_role", "president"]
LOCATED = re.compile(r"^\S.*?(:\d+)?: .+$")
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)

scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | TEXT | st.sampled_from(["2017-02-30", "2017-10-19", "ECO 003-2438/17/BM", "7.10", "adopted", "../../etc/passwd"])
values = st.recursive(scalars, lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["member", "proxy", "result", "for", "title", "file", "x"]) | TEXT, children, max_size=4), max_leaves=12)
front_matters = st.builds(
    lambda base, changes: {**base, **changes},
    st.just(good_act()),
    st.dictionaries(st.sampled_from(KEYS) | TEXT, values, max_size=5),
)
SETTINGS = settings(max_examples=int(os.environ.get("REGISTRE_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def site(root: Path, files: dict[str, bytes]) -> Path:
    if root.exists():
        import shutil

        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "site_config.yaml").write_text(yaml.safe_dump(BASE_CONFIG, allow_unicode=True), encoding="utf-8")
    for name, data in files.items():
        (root / "content" / name).write_bytes(data)
    return root


def assert_clean(status: int, printed: str) -> None:
    assert status in (0, 1)
    for line in printed.splitlines():
        if not re.match(r"^\d+ (acts|errors)", line):
            assert LOCATED.match(line), line


def dump(front: dict[str, Any]) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(front=front_matters, body=TEXT)
def test_random_front_matter_and_markdown(tmp_path: Path, front: dict[str, Any], body: str) -> None:
    root = site(tmp_path / "site", {"a.md": f"---\n{dump(front)}---\n{body}\n".encode("utf-8", "surrogatepass")})
    checked = run_cli("check", "--config", root / "site_config.yaml")
    assert_clean(checked.status, checked.out)
    built = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert_clean(built.status, built.err)
    assert (built.status == 0) == (checked.status == 0)


@SETTINGS
@given(raw=st.binary(max_size=300) | TEXT.map(lambda t: ("---\n" + t).encode()))
def test_random_bytes_as_an_act(tmp_path: Path, raw: bytes) -> None:
    root = site(tmp_path / "site", {"a.md": raw})
    built = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert_clean(built.status, built.err)


MARKERS = [
    "EXTRAIT DES REGISTRES DES DELIBERATIONS DU BUREAU DE LA METROPOLE", "Séance du 19 octobre 2017", "Séance du 31 février 2017",
    "L'an deux mille mille mille, le trente-douze octobre", "Etaient présents Mesdames et Messieurs :", "Etaient absents et représentés :",
    "X représentée par Y", "ECO 003-2438/17/BM", "■ Titre MET 17/5047/BM", "Vu", "Délibère", "Article 1 :", "Article premier",
    "Cette proposition mise aux voix est adoptée à l'unanimité.", "Pour : 99999999999999999999", "Certifié Conforme,", "Martine VASSAL",
    "Signé le 99 Octobre 2017", "Reçu au Contrôle de légalité le 9 Novembre 2017", "Annexe : plan", "Mme X quitte la séance",
]


@SETTINGS
@given(lines=st.lists(st.sampled_from(MARKERS) | TEXT, max_size=40))
def test_random_extract_text_imports_or_reports(tmp_path: Path, lines: list[str]) -> None:
    extract = tmp_path / "extrait.txt"
    extract.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    result = run_cli("import", extract, "--config", Path(__file__).parent.parent / "site_config.yaml", "--output-dir", tmp_path / "out", "--force")
    assert_clean(result.status, result.err)
