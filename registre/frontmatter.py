"""Front matter as staff write it, shared by `new` and `import`: keys in the order of the content
model, one name per line in lists, a proxy or a vote on one line, quotes only where YAML needs them."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .frenchtext import plain

ORDER = (
    "number", "report", "title", "date", "body", "theme", "rapporteur", "rapporteur_role", "signatory", "signatory_role", "president",
    "present", "represented", "excused", "absent", "vote", "signed", "received", "published", "matter", "actes_id", "attachments",
)
QUOTED = ("number", "report", "title", "rapporteur_role", "signatory_role")
"""Always quoted: a number or a title may read as YAML (« 2014 / 221 », « Objet : … »)."""
PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w À-ÿ'’.-]*")
YAML_WORDS = ("yes", "no", "on", "off", "true", "false", "null", "y", "n")


def front_matter(values: dict[str, Any], blanks: tuple[str, ...] = ()) -> str:
    """The `---` block of these values, in ORDER; keys without a value are left out, except
    `blanks`, written empty for staff to fill (« president: », « present: [] »)."""
    out = ["---"]
    for key in ORDER:
        value = values.get(key)
        if value in (None, "", [], {}):
            if key in blanks:
                out.append(f"{key}: []" if isinstance(value, list) else f"{key}:")
            continue
        if key in QUOTED:
            out.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
        elif isinstance(value, list):
            out.append(f"{key}:")
            out.extend(f"  - {flow(v) if isinstance(v, dict) else scalar(v)}" for v in value)
        elif isinstance(value, dict):
            out.append(f"{key}: {flow(value)}")
        else:
            out.append(f"{key}: {scalar(value)}")
    out.append("---")
    return "\n".join(out) + "\n"


def scalar(value: Any) -> str:
    """A value as YAML, quoted only where YAML needs it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and plain(text) not in YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: dict[str, Any]) -> str:
    """A mapping on one line: `{member: A, proxy: B}`."""
    parts = (f"{k}: {flow(v) if isinstance(v, dict) else '[' + ', '.join(map(scalar, v)) + ']' if isinstance(v, list) else scalar(v)}" for k, v in value.items())
    return "{" + ", ".join(parts) + "}"
