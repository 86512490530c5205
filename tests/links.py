"""Find every link and asset a built page refers to, and which of them lead nowhere."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(values[name] or "")


def parse(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, skip: tuple[str, ...] = ("404.html",)) -> list[str]:
    """Internal links of every HTML page that resolve to no file (or to no anchor) in `site`."""
    broken = []
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    for relative, path in sorted(pages.items()):
        if relative in skip or relative.startswith("pagefind/"):
            continue
        for link in parse(path).links:
            if urlsplit(link).scheme or link.startswith("//"):
                continue
            assert not link.startswith("/"), f"{relative}: absolute link {link}"
            target = urlsplit(urljoin("http://h/" + relative, link))
            file_path = unquote(target.path).lstrip("/")
            if file_path == "" or file_path.endswith("/"):
                file_path += "index.html"
            if not (site / file_path).is_file():
                broken.append(f"{relative}: {link}")
            elif target.fragment and file_path.endswith(".html") and target.fragment not in parse(site / file_path).ids:
                broken.append(f"{relative}: {link} (no such anchor)")
    return broken
