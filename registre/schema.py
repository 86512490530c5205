"""Small typed schemas for YAML data: convert values, collect every error with its line."""

from __future__ import annotations

import abc
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .errors import ContentError, Severity
from .yamldoc import KeyPath, YamlDoc, dotted


class Invalid(ValueError):
    """A value that does not fit; the message says what was expected."""


class Checker(abc.ABC):
    """Turn a YAML value into a typed one, or report what is wrong and return INVALID."""

    @abc.abstractmethod
    def __call__(self, value: Any, doc: YamlDoc, keypath: KeyPath, problems: list[ContentError]) -> Any: ...


INVALID: Any = object()
"""What a checker returns after reporting a problem."""


def report(problems: list[ContentError], doc: YamlDoc, keypath: KeyPath, message: str, severity: Severity = "error") -> None:
    problems.append(ContentError(doc.path, doc.line(keypath), dotted(keypath), message, severity))


def describe(value: Any) -> str:
    """Name the YAML type of a value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f'"{value}"'


class Scalar(Checker):
    """Wrap a function value -> converted value that raises Invalid."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert

    def __call__(self, value: Any, doc: YamlDoc, keypath: KeyPath, problems: list[ContentError]) -> Any:
        try:
            return self.convert(value)
        except Invalid as exc:
            report(problems, doc, keypath, str(exc))
            return INVALID


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode's control characters (Cc) and surrogates (Cs), fixed ranges: one regex, not a lookup per character."""


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        text = " ".join(value.split())
        if CONTROL.search(text):  # a page shows nothing of them, and feeds would no longer be XML
            unprintable = sorted(set(CONTROL.findall(text)))
            raise Invalid("holds a control character (" + ", ".join(f"U+{ord(c):04X}" for c in unprintable) + "): remove it")
        return text
    raise Invalid(f"expected text, got {describe(value)}")


def _code(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,16}", value):
        return value
    raise Invalid(f"expected a short code (letters, digits, - or _), got {describe(value)}")


def _date(value: Any) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(f'"{value}" is not a date of the calendar') from None
    raise Invalid(f"expected YYYY-MM-DD, got {describe(value)}")


def _count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise Invalid(f"expected a whole number, got {describe(value)}")


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"expected true or false, got {describe(value)}")


def _url(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        return value if value.endswith("/") else value + "/"
    raise Invalid(f"expected an http(s) URL, got {describe(value)}")


SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20\x7f]")
"""Browsers drop these inside a scheme (`java\tscript:` runs as `javascript:`)."""


def is_safe_link(url: str) -> bool:
    """The one check of every link from content or configuration: http(s), mailto, tel or a relative address.

    Never `javascript:`, `vbscript:`, `data:`, `file:` nor any scheme a browser or an
    application might act on.
    """
    scheme = re.match(r"([^/?#]*?):", _IGNORED_IN_SCHEMES.sub("", url))
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _link(value: Any) -> str:
    if isinstance(value, str) and value.strip() and is_safe_link(value):
        return value.strip()
    if isinstance(value, str) and value.strip():
        raise Invalid(f'"{value}" is not a link a page may carry: give an http(s) address or a path')
    raise Invalid(f"expected a link, got {describe(value)}")


def _pattern(value: Any) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise Invalid(f"expected a regular expression, got {describe(value)}")
    try:
        return re.compile(value)
    except re.error as exc:
        raise Invalid(f"invalid regular expression: {exc}") from None


def _matter(value: Any) -> str:
    from .actes import check_matter

    if isinstance(value, float):
        raise Invalid(f'write the matter in quotes ("{value}"): YAML reads 7.10 unquoted as the number 7.1')
    if not isinstance(value, str) or not re.fullmatch(r"\d\.\d{1,2}", value):
        raise Invalid(f"expected an @ctes matter code like 7.10, got {describe(value)}")
    try:
        return check_matter(value)
    except ValueError as exc:
        raise Invalid(str(exc)) from None


def one_of(*choices: str) -> Checker:
    def convert(value: Any) -> str:
        if value in choices:
            return str(value)
        raise Invalid(f"expected one of {', '.join(choices)}, got {describe(value)}")

    return Scalar(convert)


def matching(regex: str, what: str) -> Checker:
    def convert(value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and re.fullmatch(regex, value):
            return value
        raise Invalid(f"expected {what}, got {describe(value)}")

    return Scalar(convert)


text = Scalar(_text)
code = Scalar(_code)
date = Scalar(_date)
count = Scalar(_count)
flag = Scalar(_flag)
url = Scalar(_url)
link = Scalar(_link)
pattern = Scalar(_pattern)
matter = Scalar(_matter)
"""An @ctes matter: write it quoted ("7.10"), since YAML reads 7.10 unquoted as the number 7.1."""


class ListOf(Checker):
    """A list of items; a single item is not silently accepted as a list."""

    def __init__(self, item: Checker) -> None:
        self.item = item

    def __call__(self, value: Any, doc: YamlDoc, keypath: KeyPath, problems: list[ContentError]) -> Any:
        if value is None:
            return ()
        if not isinstance(value, list):
            report(problems, doc, keypath, f"expected a list, got {describe(value)}")
            return INVALID
        items = [self.item(v, doc, keypath + (i,), problems) for i, v in enumerate(value)]
        return INVALID if any(i is INVALID for i in items) else tuple(items)


@dataclass(frozen=True)
class Key:
    """One key of a mapping: how to check it, whether it is required, its default, what it means."""

    name: str
    check: Checker
    required: bool = False
    default: Any = None
    help: str = ""
    shown: str = ""
    """The default as the documentation writes it, when its value does not say it (`auto`)."""


class Mapping(Checker):
    """A mapping with known keys; unknown keys are errors with a "did you mean" hint."""

    def __init__(self, keys: Sequence[Key]) -> None:
        self.keys = {k.name: k for k in keys}

    def __call__(self, value: Any, doc: YamlDoc, keypath: KeyPath, problems: list[ContentError]) -> Any:
        if not isinstance(value, dict):
            report(problems, doc, keypath, f"expected a mapping, got {describe(value)}")
            return INVALID
        out: dict[str, Any] = {}
        suggested = set()
        for name in value:
            if str(name) not in self.keys:
                hint = difflib.get_close_matches(str(name), self.keys, n=1)
                message = f'unknown key "{name}"' + (f' (did you mean "{hint[0]}"?)' if hint else "")
                report(problems, doc, keypath + (str(name),), message)
                suggested.update(hint)
        for name, key in self.keys.items():
            if value.get(name) is None:
                # A misspelt key already says what is missing: one message, not two.
                if key.required and name not in suggested:
                    # An empty value has its own line; a missing key points at its parent.
                    line = doc.lines.get(keypath + (name,), doc.line(keypath))
                    problems.append(ContentError(doc.path, line, dotted(keypath + (name,)), "required key is missing"))
                out[name] = INVALID if key.required else key.default
            else:
                out[name] = key.check(value[name], doc, keypath + (name,), problems)
        return INVALID if any(v is INVALID for v in out.values()) else out


class DictOf(Checker):
    """A mapping from codes to values checked alike (the bodies, the themes)."""

    def __init__(self, value: Checker, key: Checker = code) -> None:
        self.key = key
        self.value = value

    def __call__(self, value: Any, doc: YamlDoc, keypath: KeyPath, problems: list[ContentError]) -> Any:
        if not isinstance(value, dict) or not value:
            report(problems, doc, keypath, f"expected a non-empty mapping, got {describe(value)}")
            return INVALID
        out = {}
        for k, v in value.items():
            checked_key = self.key(k, doc, keypath + (str(k),), problems)
            out[str(k)] = self.value(v, doc, keypath + (str(k),), problems)
            if checked_key is INVALID:
                out[str(k)] = INVALID
        return INVALID if any(v is INVALID for v in out.values()) else out
