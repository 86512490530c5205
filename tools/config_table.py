"""Write README.md's table of configuration keys from registre/config.py's schema (tests check they agree)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registre.config import reference_table  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- configuration keys: written by tools/config_table.py from registre/config.py -->"
END = "<!-- end of configuration keys -->"


def with_table(readme: str) -> str:
    before, rest = readme.split(START)
    _, after = rest.split(END)
    return before + START + "\n" + "\n".join(reference_table()) + "\n" + END + after


if __name__ == "__main__":
    README.write_text(with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
