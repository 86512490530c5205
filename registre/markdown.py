"""Act bodies: Markdown -> HTML with raw HTML off, anchored articles and links to cited acts."""

from __future__ import annotations

import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .names import fold
from .schema import is_safe_link

ARTICLE = re.compile(r"^\s*article\s+(\d{1,4}|premier|1er|unique)\b", re.IGNORECASE)

LinkResolver = Callable[[re.Match[str]], "str | None"]
"""Given a number found in text, the relative URL of the act, or None when it is not held."""


def _safe_link(url: str) -> bool:
    """The stock check (no javascript:, vbscript:, file:, most data:), then the site's own (no data: at all)."""
    return validateLink(url) and is_safe_link(url)


def article_anchor(heading: str) -> str | None:
    """`Article 1 :` -> `article-1`; `Article premier` and `Article unique` -> `article-1`."""
    match = ARTICLE.match(heading)
    if not match:
        return None
    number = match.group(1).lower()
    return "article-" + ("1" if number in ("premier", "1er", "unique") else str(int(number)))


PARTS = {"vu": "vu", "considerant": "considerant", "delibere": "delibere", "decide": "decide", "arrete": "arrete"}
"""The parts of an act a reader jumps to, by their heading (« Vu », « Considérant », « Délibère »)."""


def _anchor_articles(state: StateCore) -> None:
    """Give each « Article N » heading an id and make it a link to itself, to copy; give the
    parts (« Vu », « Considérant », « Délibère ») an id too, for the page's outline."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        part = PARTS.get(fold(inline.content))
        if part and part not in state.env.setdefault("anchors", set()):
            state.env["anchors"].add(part)
            token.attrSet("id", part)
            continue
        anchor = article_anchor(inline.content)
        if anchor and anchor not in state.env.setdefault("anchors", set()):
            state.env["anchors"].add(anchor)
            token.attrSet("id", anchor)
            link_open = Token("link_open", "a", 1, attrs={"href": f"#{anchor}", "class": "anchor"})
            inline.children = [link_open, *(inline.children or []), Token("link_close", "a", -1)]


def _order_headings(state: StateCore) -> None:
    """Keep the page's outline: a body's headings start at h2 (the page has one h1) and never skip a level."""
    previous = 1
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            if token.type == "heading_open":
                level = max(2, min(level, previous + 1))
                previous = level
            else:
                level = previous
            token.tag = f"h{level}"


def _drop_empty_headers(state: StateCore) -> None:
    """A table whose header row is empty has no header (import writes one so for a table whose
    first row is data): its rows are data, none is announced as a column's title."""
    if "|  |" not in state.src:  # no empty cell anywhere: every act but a few, not walked
        return
    tokens, kept, index = state.tokens, [], 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "thead_open":
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "thead_close")
            if all(not t.content.strip() for t in tokens[index:end] if t.type == "inline"):
                index = end + 1
                continue
        kept.append(token)
        index += 1
    state.tokens = kept


def _link_citations(state: StateCore) -> None:
    """Turn act numbers found in text into links, except inside links already."""
    regex: re.Pattern[str] | None = state.env.get("citation_regex")
    resolve: LinkResolver | None = state.env.get("resolve_citation")
    quoted: frozenset[str] | None = state.env.get("quoted")
    if regex is None or resolve is None:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        depth = 0
        for child in block.children:
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            # The pattern is tried at every character: only over text holding a number the file was found to quote.
            if child.type == "text" and depth == 0 and (quoted is None or any(q in child.content for q in quoted)) and regex.search(child.content):
                children.extend(_split_text(child.content, regex, resolve))
            else:
                children.append(child)
        block.children = children


def _split_text(text: str, regex: re.Pattern[str], resolve: LinkResolver) -> list[Token]:
    out: list[Token] = []
    position = 0
    for match in regex.finditer(text):
        href = resolve(match)
        if href is None:
            continue
        out.append(Token("text", "", 0, content=text[position : match.start()]))
        out.append(Token("link_open", "a", 1, attrs={"href": href, "class": "citation"}))
        out.append(Token("text", "", 0, content=match.group(0)))
        out.append(Token("link_close", "a", -1))
        position = match.end()
    out.append(Token("text", "", 0, content=text[position:]))
    return [t for t in out if t.type != "text" or t.content]


def make_markdown() -> MarkdownIt:
    """CommonMark with tables, raw HTML escaped, no images (no request to another host)."""
    # maxNesting: CommonMark's 20 levels (10 of lists) dropped the text of deeper items.
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": 100}).enable("table").disable("image")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.core.ruler.push("order_headings", _order_headings)
    md.core.ruler.push("anchor_articles", _anchor_articles)
    md.core.ruler.push("link_citations", _link_citations)
    md.core.ruler.push("drop_empty_headers", _drop_empty_headers)
    # A table wider than a phone scrolls in a box of its own, reachable by keyboard, not the page.
    md.add_render_rule("table_open", lambda self, tokens, idx, options, env: '<div class="table-scroll" tabindex="0">\n' + self.renderToken(tokens, idx, options, env))
    md.add_render_rule("table_close", lambda self, tokens, idx, options, env: self.renderToken(tokens, idx, options, env) + "</div>\n")
    return md


def render_markdown(
    md: MarkdownIt, text: str, regex: re.Pattern[str] | None = None, resolve: LinkResolver | None = None, quoted: frozenset[str] | None = None
) -> str:
    """Render a body; numbers matching `regex` become links where `resolve` knows them (with
    `quoted`, the numbers as written that the file was found to quote: only in text holding one)."""
    return str(md.render(text, {"citation_regex": regex, "resolve_citation": resolve, "quoted": quoted}))
