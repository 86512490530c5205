"""YAML with the line of every key kept, so errors can point at `path:line`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from .errors import ContentError, ContentErrors

KeyPath = tuple[Union[str, int], ...]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_VALUES = 100_000
"""Values of a document once aliases are expanded: a long act has a few hundred; a "billion laughs" has billions."""
MAX_DEPTH = 50
MAX_DIGITS = 4000
"""Python refuses to read a longer integer (its limit against quadratic conversion is 4,300 digits)."""
INT_TAG = "tag:yaml.org,2002:int"


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that leaves dates as text, so that `2017-02-30` is our error, not a crash."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()  # type: ignore[attr-defined]
    }


@dataclass
class YamlDoc:
    """Parsed YAML data, the file it came from and the line of each key."""

    path: str
    data: Any
    first_line: int = 1
    lines: dict[KeyPath, int] = field(default_factory=dict)
    """1-based line of each mapping key and sequence item, by its key path."""

    def line(self, keypath: KeyPath) -> int:
        """Line of the key, or of its nearest located parent, or of the document's start."""
        for end in range(len(keypath), 0, -1):
            if keypath[:end] in self.lines:
                return self.lines[keypath[:end]]
        # A key missing at the top: the line that opens the document (the front matter's "---").
        return max(1, self.first_line - 1)


def dotted(keypath: KeyPath) -> str:
    """Render ("represented", 0, "proxy") as "represented[0].proxy"."""
    out = ""
    for part in keypath:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def parse_yaml(text: str, path: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document whose first line is line `first_line` of `path`."""
    offset = first_line - 1
    loader = _Loader(text)
    doc = YamlDoc(path, None, first_line)
    duplicates: list[ContentError] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _walk(node, loader, doc, offset, duplicates)
    except yaml.MarkedYAMLError as exc:
        # Point at what was left open (a list, a mapping, a quote) when YAML says so:
        # that is the line to fix; the problem itself shows on a later one.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 + offset if mark else first_line
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark:
            problem += f" ({exc.context} started here)"
        raise ContentErrors([ContentError(path, line, "", f"invalid YAML: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ContentErrors([ContentError(path, first_line, "", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if duplicates:
        raise ContentErrors(duplicates)
    return doc


STR_TAG, SEQ_TAG, MAP_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
MAPPING_KEY_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _walk(root: yaml.Node, loader: Any, doc: YamlDoc, offset: int, duplicates: list[ContentError]) -> Any:
    """The document's data, with the line of every key and item and the keys given twice noted;
    what would make building or walking the data explode is refused first: aliases repeated into
    billions of values or holding themselves, very deep nesting, huge integers.

    One pass over the nodes, building plain text, lists and mappings itself (PyYAML's constructor
    costs more than the parsing); any other value is PyYAML's, and a document with anything
    unusual (merge keys, keys that are not text, sets) is built by PyYAML whole.
    """
    walk = _Walk(loader, doc, offset, duplicates)
    data = walk.visit(root, (), 0)
    return loader.construct_document(root) if walk.unusual else data


class _Walk:
    """One walk over a document's nodes (`_walk`). An object, not a closure calling itself: such a
    closure holds itself, a cycle that kept every document's nodes and key paths for the collector
    (at 100,000 allocations a collection, a fifth of reading the acts)."""

    def __init__(self, loader: Any, doc: YamlDoc, offset: int, duplicates: list[ContentError]) -> None:
        self.loader, self.doc, self.offset, self.duplicates = loader, doc, offset, duplicates
        self.budget = MAX_VALUES
        self.holding: set[int] = set()
        self.unusual = False

    def refuse(self, node: yaml.Node, message: str) -> ContentErrors:
        return ContentErrors([ContentError(self.doc.path, node.start_mark.line + 1 + self.offset, "", f"invalid YAML: {message}")])

    def visit(self, node: yaml.Node, keypath: KeyPath, depth: int, record: bool = True) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.refuse(node, f"more than {MAX_VALUES:,} values once aliases are expanded")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == STR_TAG:
                return node.value
            if node.tag == INT_TAG and len(node.value) > MAX_DIGITS:
                raise self.refuse(node, f"a number of {len(node.value):,} digits (at most {MAX_DIGITS:,})")
            if node.tag in MAPPING_KEY_TAGS:  # `<<` and `=`: the mapping is PyYAML's to build
                self.unusual = True
                return None
            return self.loader.construct_object(node)
        if id(node) in self.holding:
            raise self.refuse(node, "an alias refers to the list or mapping that holds it")
        if depth > MAX_DEPTH:
            raise self.refuse(node, f"nested more than {MAX_DEPTH} levels deep")
        self.holding.add(id(node))
        lines = self.doc.lines
        value: Any
        if isinstance(node, yaml.MappingNode):
            self.unusual |= node.tag != MAP_TAG
            value = {}
            for key_node, value_node in node.value:
                key = self.visit(key_node, keypath, depth + 1, record=False)  # a key may be a list or an alias too
                self.unusual |= key_node.tag != STR_TAG
                path = keypath + (str(key_node.value),)
                if record:
                    line = key_node.start_mark.line + 1 + self.offset
                    if path in lines:  # a key path is one place of the document: seen there already
                        self.duplicates.append(ContentError(self.doc.path, line, dotted(path), "key given twice"))
                    lines[path] = line
                item = self.visit(value_node, path, depth + 1, record)
                if not self.unusual:
                    value[key] = item
        else:
            self.unusual |= node.tag != SEQ_TAG
            value = []
            for index, item_node in enumerate(node.value):
                if record:
                    lines[keypath + (index,)] = item_node.start_mark.line + 1 + self.offset
                value.append(self.visit(item_node, keypath + (index,), depth + 1, record))
        self.holding.discard(id(node))
        return value
