"""The national @ctes classification of acts (matières), shipped in registre/data/."""

from __future__ import annotations

import csv
import functools
import io
import re
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import SiteConfig
    from .models import Act

IDENTIFIER = r"(?P<department>\d{3})-(?P<siren>\d{9})-(?P<date>\d{8})-[\w.-]+?-(?:DE|AI|AR|CC|BF|AU)"
"""The @ctes identifier a prefecture's stamp carries (« 034-213401722-20140522-V2014_184-DE »):
department, SIREN, date of the act, the collectivity's own reference, nature."""
FIND_IDENTIFIER = re.compile(rf"\b{IDENTIFIER}\b")


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


def matter_of(act: Act, config: SiteConfig) -> str | None:
    """The act's @ctes matter, or its theme's."""
    theme = config.themes.get(act.theme)
    return act.matter or (theme.matter if theme else None)


def matter_label(code: str) -> str:
    """« 7.4 Interventions économiques »: the code and its label (the code alone if the table lacks it)."""
    return f"{code} {matters()[code]['libelle']}" if code in matters() else code
