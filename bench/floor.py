#!/usr/bin/env python3
"""The Python floor: what a bare pipeline costs (YAML C loader, markdown-it-py, Jinja, write), on all cores.

    python bench/floor.py CONTENT_DIR OUTPUT_DIR

A page per act, and a page per theme, body and rapporteur listing its acts: no
validation, no grouping beyond that, no exports, no search.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import defaultdict
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

PAGE = jinja2.Template(
    "<!doctype html><html lang=fr><head><meta charset=utf-8><title>{{ m.title }}</title></head><body><main>"
    "<p>{{ m.number }}</p><h1>{{ m.title }}</h1><p>{{ m.theme }} · {{ m.rapporteur }} · {{ m.date }}</p>{{ body }}"
    "<ul>{% for n in m.present %}<li>{{ n }}</li>{% endfor %}</ul></main></body></html>",
    autoescape=True,
)
LIST = jinja2.Template("<!doctype html><html lang=fr><head><meta charset=utf-8><title>{{ t }}</title></head><body><h1>{{ t }}</h1><ul>{% for n, title in items %}<li>{{ n }} {{ title }}</li>{% endfor %}</ul></body></html>", autoescape=True)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def render(paths: list[str]) -> list[tuple[str, str, str, str, str]]:
    md = MarkdownIt("commonmark", {"html": False})
    out_dir = Path(os.environ["FLOOR_OUT"])
    summaries = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=Loader)
        slug = Path(path).stem
        target = out_dir / "deliberations" / slug / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.render(m=meta, body=jinja2.utils.markupsafe.Markup(md.render(body))), encoding="utf-8")
        summaries.append((meta["number"], meta["title"], meta["theme"], meta["body"], meta["rapporteur"]))
    return summaries


def main(content: Path, output: Path) -> None:
    files = sorted(str(p) for p in content.rglob("*.md"))
    os.environ["FLOOR_OUT"] = str(output)
    jobs = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        summaries = [s for part in pool.map(render, [files[i::jobs] for i in range(jobs)]) for s in part]
    terms: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for number, title, theme, body, rapporteur in summaries:
        for kind, key in (("themes", theme), ("bodies", body), ("rapporteurs", rapporteur)):
            terms[(kind, key)].append((number, title))
    for (kind, key), items in terms.items():
        target = output / kind / key.lower().replace(" ", "-") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(LIST.render(t=key, items=items), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
