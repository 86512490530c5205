"""The act's text as Markdown: « Vu », « Considérant », « Délibère » headings, articles, lists and tables."""

from __future__ import annotations

import re

from ..frenchtext import BULLET, plain

from .extract import Line, paragraphs


HEADINGS = {"vu": "Vu", "considerant": "Considérant", "delibere": "Délibère", "decide": "Décide", "arrete": "Arrête"}
ARTICLE = re.compile(r"^article\s+(\d+|1er|premier|unique)\s*(?:er)?\s*[:.\-–]?\s*(.*)$", re.IGNORECASE)


def markdown_body(lines: list[Line]) -> str:
    """The text as Markdown: « Vu », « Considérant », « Délibère » as headings, « Article N » below them,
    lists, and the tables the PDF reader wrote as Markdown, kept whole across a page break."""
    out: list[str] = []
    for block in paragraphs(lines):
        texts = [text for _, text in block]
        if all(text.startswith("|") for text in texts):
            _add_table(out, texts)
        else:
            out.extend(_block_markdown(texts))
    return "\n\n".join(out)


def _add_table(out: list[str], rows: list[str]) -> None:
    """A table, or the rest of the one before it when a page break cut it: the one before
    holds only its header, or this one repeats that header, or has none (same columns in every case)."""
    previous = out[-1].split("\n") if out and out[-1].startswith("|") else []
    if previous and previous[0].count(" | ") == rows[0].count(" | "):
        header_again = rows[0] == previous[0] or not rows[0].strip("| ")  # repeated, or none (empty)
        body = rows[2:] if header_again else rows[:1] + rows[2:]
        if header_again or len(previous) == 2:
            out[-1] = "\n".join(previous + body)
            return
    out.append("\n".join(rows))


def _block_markdown(lines: list[str]) -> list[str]:
    single = lines[0].rstrip(" :") if len(lines) == 1 else None
    if single and plain(single) in HEADINGS:
        return [f"## {HEADINGS[plain(single)]}"]
    article = ARTICLE.match(lines[0])
    if article:
        number = {"1er": "1", "premier": "1"}.get(plain(article.group(1)), plain(article.group(1)) if article.group(1).isalpha() else article.group(1))
        rest = [article.group(2)] if article.group(2) else []
        return [f"### Article {number}"] + ([_join(rest + lines[1:])] if rest or lines[1:] else [])
    if any(BULLET.match(line) for line in lines):
        first = next(i for i, line in enumerate(lines) if BULLET.match(line))
        # « A été élue : » then « - Samira SALOMON »: the lines before the first dash introduce the list.
        return ([_join(lines[:first])] if first else []) + ["\n".join(_list_items(lines[first:]))]
    if len(lines) > 1 and sum(bool(re.match(r"^(vu|considerant)\b", plain(line))) for line in lines) > 1:
        # « Vu … » / « Considérant … » clauses one per line: keep them as paragraphs.
        return _clauses(lines)
    return [_join(lines)]


def _list_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if BULLET.match(line) or not items:
            items.append("- " + BULLET.sub("", line))
        else:
            items[-1] = _join([items[-1], line])
    return items


def _clauses(lines: list[str]) -> list[str]:
    clauses: list[list[str]] = []
    for line in lines:
        if re.match(r"^(vu|considerant)\b", plain(line)) or not clauses:
            clauses.append([line])
        else:
            clauses[-1].append(line)
    return [_join(c) for c in clauses]


def _join(lines: list[str]) -> str:
    """Join wrapped lines; a line ending in a hyphen joins the next without a space."""
    text = ""
    for line in lines:
        text += line if not text or text.endswith("-") else " " + line
    # A paragraph starting « 2. » would become a numbered list: keep it text.
    return re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", text)
