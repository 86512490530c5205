"""The words each search bundle holds: what the search page asks before it searches a bundle."""

from __future__ import annotations

import json
from pathlib import Path

from registre.vocabulary import vocabulary, write_vocabulary

DOCUMENT = """<!doctype html><html><head><title>Titre ignoré</title></head><body>
<main data-pagefind-body><h1>L'Attractivité de Gémenos</h1><p>HN009-011/16/CM</p>
<p data-pagefind-ignore><span data-pagefind-filter="Thème">Urbanisme</span></p>
<p>Vu l’attractivité du territoire, 2438 logements&nbsp;; Иван ПЕТРОВ.</p></main></body></html>"""


def test_a_bundle_lists_its_words_folded_by_first_letter_with_their_spelling(tmp_path: Path) -> None:
    (tmp_path / "docs" / "deliberations" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "deliberations" / "a" / "index.html").write_text(DOCUMENT, encoding="utf-8")
    write_vocabulary(vocabulary(tmp_path / "docs"), tmp_path / "bundle")
    folder = tmp_path / "bundle" / "vocabulary"
    chunks = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")}
    words = {word: facts for chunk in chunks.values() for word, facts in chunk.items()}
    assert words["attractivite"] == [2, "attractivité"]  # counted twice, shown with its accents
    assert words["gemenos"] == [1, "gémenos"] and "gemenos" in chunks["g"]
    # A number splits as the search page splits a query: letters, then digits.
    assert {"hn", "009", "011", "16", "cm", "2438"} <= set(words) and "2438" in chunks["2"]
    assert "иван" in chunks[f"u{ord('и'):x}"]  # any script: a file of its own first letter
    # What Pagefind does not index is not there: the head, the ignored line of filters.
    assert "titre" not in words and "urbanisme" not in words


def test_a_bundle_s_words_are_counted_again_only_in_the_documents_added(tmp_path: Path) -> None:
    """An act added to its year: the pieces counted last time are kept with the documents' digests,
    and only the new document is read. A document changed (its digest) and every one is read again."""
    docs, kept = tmp_path / "docs", tmp_path / "kept.pickle"

    def put(name: str, text: str) -> None:
        (docs / "deliberations" / name).mkdir(parents=True, exist_ok=True)
        (docs / "deliberations" / name / "index.html").write_text(f"<main data-pagefind-body><p>{text}</p></main>", encoding="utf-8")

    def words(found: dict[str, dict[str, list[object]]]) -> dict[str, list[object]]:
        return {word: facts for chunk in found.values() for word, facts in chunk.items()}

    put("a", "Gardanne voirie")
    digests = {"deliberations/a/index.html": "a1"}
    assert words(vocabulary(docs, digests, kept)) == {"gardanne": [1], "voirie": [1]}
    put("b", "voirie Aubagne")
    put("a", "Cassis")  # its digest said unchanged: its words are the ones counted before, not read again
    digests["deliberations/b/index.html"] = "b1"
    assert words(vocabulary(docs, digests, kept)) == {"gardanne": [1], "voirie": [2], "aubagne": [1]}
    digests["deliberations/a/index.html"] = "a2"
    assert words(vocabulary(docs, digests, kept)) == words(vocabulary(docs)) == {"cassis": [1], "voirie": [1], "aubagne": [1]}
