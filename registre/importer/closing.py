"""The closing and the vote: who certified the extract, the outcome, counts and names, members who left."""

from __future__ import annotations

import re
from typing import Any

from ..frenchtext import NAME, clean_name, find_date, looks_like_name, plain, split_names, words_to_number

from .body import HEADINGS
from .extract import Extract, Line, paragraphs


SIGNATURE = re.compile(
    r"^(?:certifi[ée] conforme|pour extrait conforme|pour copie conforme|extrait certifi[ée] conforme|certifi[ée] ex[ée]cutoire"
    r"|(?:le|la) (?:maire|pr[ée]sidente?) certifie\b"
    r"|pour (?:le|la) (?:pr[ée]sident|pr[ée]sidente|maire)\b|fait et d[ée]lib[ée]r[ée]|ainsi fait et d[ée]lib[ée]r[ée])",
    re.IGNORECASE,
)
CLOSING_BOILERPLATE = re.compile(r"^(?:fait et d[ée]lib[ée]r[ée]|ainsi fait et d[ée]lib[ée]r[ée]|pour extrait|certifi[ée] ex[ée]cutoire)", re.IGNORECASE)
LEAVING = re.compile(r"^(?:(?:Madame|Monsieur|M\.|Mme)\s+)?(" + NAME + r")\s*,?\s+(?:quitte|a quitt[ée]|sort de) la s[ée]ance")
ANNEX = re.compile(r"^annexes?\b", re.IGNORECASE)


def split_closing(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The text, and the closing from « Certifié conforme » (or « Pour extrait conforme ») on."""
    for index, (_, line) in enumerate(lines):
        if SIGNATURE.match(line):
            return lines[:index], lines[index:]
    return lines, []


def read_closing(closing: list[Line], extract: Extract) -> None:
    """Who certified the extract and their title: the signatory, never taken for the rapporteur."""
    lines = [(n, text) for n, text in closing[1:] if text and not CLOSING_BOILERPLATE.match(text) and not find_date(text) or (text and ANNEX.match(text))]
    annexes = [text for _, text in lines if ANNEX.match(text)]
    lines = [item for item in lines if not ANNEX.match(item[1])]
    if annexes:
        extract.front["_annexes"] = (annexes, next(n for n, text in closing if ANNEX.match(text)))
    lines = [(n, _once(text)) for n, text in lines]
    names = [i for i, (_, text) in enumerate(lines) if looks_like_name(text)]
    if names:
        name_at = names[0]  # the name under the title; what follows is no signature (a stamp, a margin)
        extract.found("signatory", clean_name(lines[name_at][1]), lines[name_at][0], "the name under the signature")
        before = name_at
        while before > 0 and len(lines[before - 1][1]) <= 60 and ":" not in lines[before - 1][1] and name_at - before < 3:
            before -= 1  # the title just above the name (« La Vice-Présidente Déléguée / Stratégie et … »)
        role = " ".join(text.rstrip(",") for _, text in lines[before:name_at])
        role = re.sub(r"^(?:le|la|l')\s*", "", role, flags=re.IGNORECASE).strip(" ,")
        if role:
            extract.front["signatory_role"] = role[0].upper() + role[1:]


def _once(text: str) -> str:
    """« Michel DESTANNES Michel DESTANNES »: two signature columns side by side, read once."""
    words = text.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and len(words) % 2 == 0 and words[:half] == words[half:] else text


VOTE_RESULT = re.compile(r"\b(n'est pas adoptee|rejetee?s?|rejette|repoussee?s?|adoptee?s?|approuvee?s?|adopte)\b")
COUNTS = {
    # Tried in order: « Pour : 10 » before « 10 voix pour », so « Pour : 10 Contre : 2 » reads right.
    # A count is read from its first digit (not tried again from each of the others), and is small.
    "for": [re.compile(r"\bpour\s*:\s*(\d{1,5})(?!\d)"), re.compile(r"(?<!\d)(\d{1,5})\s+voix\s+pour")],
    "against": [re.compile(r"\bcontre\s*:\s*(\d{1,5})(?!\d)"), re.compile(r"(?<!\d)(\d{1,5})\s+voix\s+contre"), re.compile(r"(?<!\d)(\d{1,5})\s+contre\b")],
    "abstention": [re.compile(r"\babstentions?\s*:\s*(\d{1,5})(?!\d)"), re.compile(r"(?<!\d)(\d{1,5})\s+abstentions?")],
}
NAMED = {
    "against": re.compile(r"(?:ont|a) vot[ée] contre\s*:?\s*(.+?)(?:\.|$)", re.IGNORECASE),
    "abstention": re.compile(r"(?:se sont abstenu(?:e)?s|s'est abstenu(?:e)?)\s*:?\s*(.+?)(?:\.|$)", re.IGNORECASE),
    "not_voting": re.compile(r"(?:ne prend(?:nent)? pas part au vote|n'ont pas pris part au vote|n'a pas pris part au vote)\s*:?\s*(.+?)(?:\.|$)", re.IGNORECASE),
}
DECIDES = re.compile(
    r"\b(?:le|les membres du) conseil(?: \w+)?,? .{0,80}?\b(?:(?:decide|approuve|accepte|autorise)(?:nt)?|(?:apres )?(?:en )?avoir delibere)\b"
    r"|^(?:delibere|decide)\b"
)
"""The council decided: the act exists, so it was adopted, though no vote is written. Accents folded:
« décide », « a décidé », « Les membres du Conseil ont décidé », « approuvent »."""
MAJORITY = re.compile(r"\ba la majorite\b")
COUNT_WORDS = re.compile(r"\b([a-z]+(?:-[a-z]+)*) (?=voix\b|abstentions?\b)")
"""A count in words before « voix » or « abstention »."""
CIVILITY_NAME = r"(?>(?:(?:Madame|Monsieur|M\.|Mme)\s+)?" + NAME + ")"
"""A name and its civility, read once: « Mme » is never tried again as a given name."""
NOT_VOTING_BEFORE = re.compile(r"(?:^|(?<=[.;])\s+)(" + CIVILITY_NAME + r"(?:\s*(?:,|et)\s*" + CIVILITY_NAME + r")*+)\s*,?\s+(?:ne prend(?:nent)? pas part au vote|n'(?:a|ont) pas pris part au vote)")


def read_vote(lines: list[Line], extract: Extract) -> None:
    """The vote sentence: result, unanimity, counts, who voted against, abstained or did not vote."""
    # The vote follows the decision: look after « Délibère / Décide » when there is one.
    start = max((i for i, (_, t) in enumerate(lines) if plain(t).rstrip(" :") in HEADINGS and plain(t).rstrip(" :") != "vu"), default=0)
    vote_words = r"mise? aux voix|\bvote|\bvotants?\b|unanim|voix pour|\b(?:pour|contre|abstentions?)\s*:|abstenu|\best (?:adoptee|rejetee)|(?:^|[.;:] )(?:adopte|rejete|le conseil(?: \w+)? (?:adopte|rejette)\b)"
    # A paragraph at a time: « décide par 15 voix / pour et 4 voix contre » wraps.
    texts = [(block[0][0], " ".join(t for _, t in block)) for block in paragraphs(lines[start:])]
    sentences = [(n, t) for n, t in texts if re.search(vote_words, plain(t))]
    decided = next(((n, t) for n, t in texts if DECIDES.search(plain(t))), None)
    if not sentences:
        if decided:  # « Le Conseil Municipal, après en avoir délibéré, décide : »
            extract.front["vote"] = {"result": "adopted"}
            extract.front["_vote_line"] = decided[0]
            extract.missing(decided[0], "vote", "no vote is written: « décide » read as adopted; check it")
        return
    text = " ".join(t for _, t in sentences)
    folded = COUNT_WORDS.sub(lambda m: f"{words_to_number(m.group(1)) or m.group(1)} ", plain(text))  # « une abstention »
    vote: dict[str, Any] = {}
    result = VOTE_RESULT.findall(folded)
    if result:
        vote["result"] = "rejected" if result[0].startswith(("n'est", "rejet", "repous")) else "adopted"
    if "unanim" in folded:  # « à l'unanimité », « unanimement »
        vote["unanimous"] = True
    counts = {key: next((int(m.group(1)) for p in patterns for m in p.finditer(folded)), None) for key, patterns in COUNTS.items()}
    if counts["for"] is not None:
        vote.update({key: value or 0 for key, value in counts.items()})
    if "result" not in vote and not vote.get("unanimous") and (MAJORITY.search(folded) or decided and counts["for"] is None):
        # « après en avoir délibéré, à la majorité : », « Contre : M. X »: the council decided.
        vote["result"] = "adopted"
        extract.missing(sentences[0][0], "vote", "the result (adopted) is read from « à la majorité » or the decision: check it")
    if "result" not in vote and (vote.get("unanimous") or counts["for"] is not None):
        # « Le Conseil décide à l'unanimité », « par 15 voix pour et 4 voix contre »: no word says adopted.
        vote["result"] = "adopted" if vote.get("unanimous") or (counts["for"] or 0) > (counts["against"] or 0) else "rejected"
        extract.missing(sentences[0][0], "vote", f"the result ({vote['result']}) is read from the {'unanimity' if vote.get('unanimous') else 'counts'}: check it")
    names: dict[str, list[str]] = {}
    for key, pattern in NAMED.items():
        for match in pattern.finditer(text):
            found = [n for n in split_names(match.group(1)) if looks_like_name(n)]
            names.setdefault(key, []).extend(found)
    for match in NOT_VOTING_BEFORE.finditer(text):
        names.setdefault("not_voting", []).extend(n for n in split_names(match.group(1)) if looks_like_name(n))
    if names.get("not_voting"):
        vote["not_voting"] = len(names["not_voting"])
    if any(names.values()):
        vote["names"] = {k: v for k, v in names.items() if v}
    extract.front["vote"] = vote
    extract.front["_vote_line"] = sentences[0][0]


def read_leaving(lines: list[Line], extract: Extract) -> None:
    """A member who leaves the session before the vote is absent for this act."""
    for number, line in lines:
        match = LEAVING.match(line)
        if not match:
            continue
        name = clean_name(match.group(1))
        present = extract.front.get("present", [])
        if name in present:
            present.remove(name)
            extract.front.setdefault("absent", []).append(name)
            extract.missing(number, "absent", f"{name} left the session: listed absent for this act")
        for proxy in [p for p in extract.front.get("represented", []) if p["proxy"] == name]:
            extract.front["represented"].remove(proxy)
            extract.front.setdefault("absent", []).append(proxy["member"])
            extract.missing(number, "absent", f"{proxy['member']} gave a proxy to {name}, who left: listed absent for this act")
