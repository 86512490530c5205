"""Passages withheld from publication: kept in the source, in no published byte, listed by `check`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Callable

from registre.withheld import withhold, withheld_passages

from .conftest import act_text, good_act, run_cli

PLACEHOLDER = "[information non publiée]"

BODY = """## Considérant

Considérant la demande de [Jean Dupont]{.non-publie}, propriétaire au 12 rue des Lilas,

::: non-publie
Madame Odette Martin-Lefèvre, sa voisine,
a donné son accord le 3 mars.
:::

## Délibère

Article 1 : une aide de 2 000 euros est accordée à [Jean Dupont]{.non-publie}.
"""


def published_text(output: Path) -> str:
    """Every file of the site as text, Pagefind's compressed files (index, fragments, metadata) opened."""
    texts = []
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_a_withheld_passage_is_in_no_published_byte_and_check_lists_it(make_site: Callable[..., Path]) -> None:
    act = act_text(good_act(title="Aide au ravalement de façade de [M. Jean Dupont]{.non-publie}"), BODY)
    root = make_site({"2017/eco-003.md": act})
    result = run_cli("build", "--config", root / "site_config.yaml")
    assert result.status == 0, result.err

    published = published_text(root / "output")
    for private in ("Dupont", "Odette", "Martin-Lef", "3 mars"):
        assert private not in published, private
    page = (root / "output/deliberations/eco-003-2438-17-bm/index.html").read_text(encoding="utf-8")
    assert page.count(PLACEHOLDER) >= 4  # title (page title and heading), two names, the paragraph
    assert "propriétaire au 12 rue des Lilas" in page  # what is not marked stays
    assert f"<p>{PLACEHOLDER}</p>" in page  # the fenced passage: one paragraph in its place
    data = json.loads((root / "output/donnees/deliberations.json").read_text(encoding="utf-8"))
    assert data["acts"][0]["title"] == f"Aide au ravalement de façade de {PLACEHOLDER}"
    # The source keeps every word.
    assert (root / "content/2017/eco-003.md").read_text(encoding="utf-8") == act

    checked = run_cli("check", "--config", root / "site_config.yaml")
    assert checked.status == 0, checked.out
    title_line = act.split("\n").index(next(line for line in act.split("\n") if line.startswith("title:"))) + 1
    body_line = act.split("\n").index("## Considérant") + 1
    assert f"content/2017/eco-003.md:{title_line}: note: withheld from publication: « M. Jean Dupont »" in checked.out
    assert f"content/2017/eco-003.md:{body_line + 2}: note: withheld from publication: « Jean Dupont »" in checked.out
    assert f"content/2017/eco-003.md:{body_line + 4}: note: withheld from publication: « Madame Odette Martin-Lefèvre, sa voisine, a donné son accord le 3 mars. »" in checked.out
    assert "3 passages withheld" not in checked.err and "4 passages withheld from publication" in checked.err


def test_attachments_published_as_they_are_are_named_when_the_text_withholds(make_site: Callable[..., Path]) -> None:
    front = good_act(attachments=[{"title": "Délibération signée", "file": "2017/signee.pdf", "original": True}])
    root = make_site({"2017/eco-003.md": act_text(front, BODY), "2017/signee.pdf": b"%PDF-1.4\n%%EOF\n"})
    checked = run_cli("check", "--config", root / "site_config.yaml")
    assert "attachments: warning: published as they are (« Délibération signée »): make sure they do not show what the text withholds" in checked.out


def test_lines_keep_their_numbers_and_passages_their_lines() -> None:
    text = "a\n::: non-publie\nx\ny\n:::\nb [c]{.non-publie} d\n"
    assert withhold(text, "#") == "a\n#\n\n\n\nb # d\n"
    assert withheld_passages(text, 10) == ((11, "x y"), (15, "c"))
    # Brackets alone, or another class, are not a mark.
    assert withhold("[a] {.autre} [b]{.autre}", "#") == "[a] {.autre} [b]{.autre}"
