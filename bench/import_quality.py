#!/usr/bin/env python3
"""How well `import` reads real extracts: fields right, missed and wrong, words kept, seconds.

    .venv/bin/python bench/import_quality.py [EXTRACTS]      (default: ../shared/data/extracts)

Each `bench/import_expected/<collectivity>/` holds the collectivity's `site_config.yaml` and,
per document, `<file name>.yaml`: what a perfect import gives, written by reading the document
(`source`: its path under EXTRACTS; `fields`: the front matter expected, lists of present
members given as their count; in a document of several acts, the act is the one of that
number, and `words_until` a pattern of the line that ends its text). Prints a Markdown table per collectivity, the fields that
failed, then every document of EXTRACTS imported once: written, scans said, failures
(a traceback is a failure).

Words kept: the words of the act's own text (from its title to its certification) as PDFium
lists them (its own order, not the importer's layout), the prefecture's stamp aside, found again in the file
written (its fields, as the signatory, and its text), counted with their repeats.
"""

from __future__ import annotations

import functools
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from registre.config import load_config  # noqa: E402
from registre.errors import ContentErrors  # noqa: E402
from registre.importer import import_file  # noqa: E402

EXPECTED = ROOT / "bench" / "import_expected"
STAMP = re.compile(
    r"accus[ée] de r[ée]ception|minist[èe]re de l.int[ée]rieur|acte certifi[ée] ex[ée]cutoire|envoi pr[ée]fecture|r[ée]ception en pr[ée]fecture"
    r"|publi[ée]e? le|\d{3}-\d{9}-\d{8}-\S+-(?:DE|AI|AR|CC|BF|AU)\b|^\s*[\d/ ]+\s*$",
    re.IGNORECASE,
)
WORD = re.compile(r"\w+")
CERTIFICATION = re.compile(r"^(?:pour (?:extrait|copie) conforme|certifi[ée] conforme|(?:le|la) (?:maire|pr[ée]sidente?) certifie)", re.IGNORECASE)
"""Where the extract's certification starts: its formula and signature are read as fields, not kept as text."""


@functools.cache
def pdfium_lines(pdf: Path) -> list[str]:
    """The document's lines in PDFium's own order: read once for all the acts of a document."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf.read_bytes())
    return [line.strip() for page in document for line in page.get_textpage().get_text_range().splitlines()]


def text_words(pdf: Path, fields: dict, until: str | None) -> Counter[str]:
    """The words of the act's text: from its title, after its number (in minutes, its heading), to the
    line `until` matches (in a document of several acts), the stamp's lines left out."""
    lines = pdfium_lines(pdf)
    number = next((i for i, line in enumerate(lines) if line.endswith(str(fields["number"]))), 0)
    start = next((i for i in range(number, len(lines)) if lines[i] and fields["title"].startswith(lines[i][:30])), None)
    if start is None:  # minutes: the title follows the item's heading (« D2024-44 - Objet : … »), after the agenda's mention
        start = ([i for i, line in enumerate(lines) if fields["title"][:30].lower() in line.lower()] or [number])[-1]
    end = next((i for i in range(start + 1, len(lines)) if until and re.search(until, lines[i]) or CERTIFICATION.search(lines[i])), len(lines))
    return Counter(w.lower() for line in lines[start:end] if not STAMP.search(line) for w in WORD.findall(line))


def compare(expected: dict, front: dict) -> dict[str, str]:
    """Each expected field: right, missed (not written) or wrong."""
    verdicts = {}
    for key, value in expected.items():
        got = front.get(key)
        if key == "present" and isinstance(value, int):
            got = len(got) if got else None
        elif key == "vote":
            got = {k: got.get(k) for k in value} if isinstance(got, dict) else None
        if got in (None, [], {}) and value not in (None, [], {}):
            verdicts[key] = "missed"
        else:
            verdicts[key] = "right" if str(got) == str(value) else "wrong"
    return verdicts


def main(extracts: Path) -> None:
    failures: list[str] = []
    by_document: list[str] = []
    print("| collectivity | acts | fields | right | missed | wrong | words kept | seconds |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for folder in sorted(p for p in EXPECTED.iterdir() if p.is_dir()):
        config = load_config(folder / "site_config.yaml")
        counts: Counter[str] = Counter()
        kept, total, seconds, documents = 0, 0, 0.0, 0
        imported: dict[Path, list[str]] = {}
        found_numbers: dict[Path, set[str]] = {}
        expected_numbers: dict[Path, set[str]] = {}
        for expected_file in sorted(folder.glob("*.yaml")):
            if expected_file.name == "site_config.yaml":
                continue
            expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
            source = extracts / expected["source"]
            if source not in imported:  # a document of several acts is imported once
                with tempfile.TemporaryDirectory() as out:
                    started = time.perf_counter()
                    acts = import_file(source, config, Path(out), force=True)
                    seconds += time.perf_counter() - started
                    imported[source] = [act.target.read_text(encoding="utf-8") for act in acts if act.target.suffix == ".md"]  # not a session file
            files = imported[source]
            # A document of several acts: the one of the expected number (else every field is missed).
            fronts = [yaml.safe_load(written.split("---\n")[1]) for written in files]
            at = next((i for i, front in enumerate(fronts) if str(front.get("number")) == str(expected["fields"].get("number"))), None)
            front, written = (fronts[at], files[at]) if at is not None else ({}, "")
            found_numbers.setdefault(source, {str(f.get("number")) for f in fronts})
            expected_numbers.setdefault(source, set()).add(str(expected["fields"].get("number")))
            for key, verdict in compare(expected["fields"], front).items():
                counts[verdict] += 1
                if verdict != "right":
                    failures.append(f"{folder.name}/{expected_file.stem}: {key} {verdict}: expected {expected['fields'][key]!r}, got {front.get(key)!r}")
            words = text_words(source, expected["fields"], expected.get("words_until"))
            found = Counter(w.lower() for w in WORD.findall(written))
            kept += sum(min(n, found[w]) for w, n in words.items())
            total += sum(words.values())
            documents += 1
        fields = sum(counts.values())
        for source, expected_set in expected_numbers.items():
            if len(expected_set) > 1:  # a document of several deliberations: how many were found
                found = found_numbers[source]
                by_document.append(f"| {source.relative_to(extracts)} | {len(expected_set)} | {len(expected_set & found)} | {len(found - expected_set)} |")
        print(
            f"| {folder.name} | {documents} | {fields} | {counts['right']} ({100 * counts['right'] / fields:.1f} %) | {counts['missed']} | {counts['wrong']}"
            f" | {100 * kept / total:.1f} % | {seconds:.2f} |"
        )
    print("\n| document | deliberations in it | found | acts written that are none |\n| --- | ---: | ---: | ---: |")
    print("\n".join(by_document))
    print("\nFields not right:\n")
    print("\n".join(f"- {line}" for line in failures) or "- none")
    every_document(extracts)


def every_document(extracts: Path) -> None:
    """Every document of the corpus, imported with the first collectivity's configuration: no traceback."""
    config = load_config(next(p for p in sorted(EXPECTED.iterdir()) if p.is_dir()) / "site_config.yaml")
    outcome: Counter[str] = Counter()
    crashes = []
    for source in sorted(extracts.rglob("*.pdf")):
        with tempfile.TemporaryDirectory() as out:
            try:
                import_file(source, config, Path(out), force=True)
                outcome["written"] += 1
            except ContentErrors as exc:
                outcome["scan" if "scanned document" in str(exc.problems[0]) else "refused"] += 1
            except Exception:  # noqa: BLE001 - a traceback is what this counts
                outcome["traceback"] += 1
                crashes.append(f"{source.relative_to(extracts)}: {traceback.format_exc().splitlines()[-1]}")
    print(f"\nEvery document ({sum(outcome.values())}): {outcome['written']} written, {outcome['scan']} scans said, {outcome['refused']} refused, {outcome['traceback']} tracebacks")
    print("\n".join(crashes))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "extracts")
