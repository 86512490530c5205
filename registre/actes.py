"""The national @ctes classification of acts (matières), shipped in registre/data/."""

from __future__ import annotations

import csv
import functools
import io
from importlib.resources import files


@functools.cache
def matters() -> dict[str, dict[str, str]]:
    """The level-2 matters by code (`7.10`): label, and the name the SCDL open data expects."""
    text = files("registre").joinpath("data/matieres.csv").read_text(encoding="utf-8")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text)) if row["niveau"] == "2"}


def check_matter(code: str) -> str:
    """Return an @ctes level-2 code, or raise ValueError naming what is wrong."""
    if code not in matters():
        raise ValueError(f'"{code}" is not an @ctes matter (7.10 is: {matters()["7.10"]["libelle"]})')
    return code
