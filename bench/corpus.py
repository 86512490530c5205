#!/usr/bin/env python3
"""A large archive for benchmarks: N acts in the content model, deterministic.

    python bench/corpus.py N OUT

writes OUT/site_config.yaml and OUT/content/<year>/<slug>.md: 20-80 acts per
session, Bureau and Conseil sessions alternating from 1996 on, ten themes,
thirty rapporteurs, 20-60 members present with proxies, French bodies of
5-12 KB, and acts quoting earlier ones.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

THEMES = {
    "ECO": ("Développement économique", "7.4"), "URB": ("Urbanisme et aménagement", "2.1"), "TRA": ("Transports et mobilité", "8.7"),
    "FAG": ("Finances et administration générale", "7.1"), "ENV": ("Environnement", "8.8"), "CHL": ("Habitat et logement", "8.5"),
    "CST": ("Culture et sport", "8.9"), "VOI": ("Voirie", "8.3"), "EAU": ("Eau et assainissement", "8.8"), "RH": ("Ressources humaines", "4.1"),
}
GIVEN = ["Martine", "Jean", "Sophie", "Patrick", "Nadia", "Gérard", "Hélène", "Roland", "Claire", "Éric", "Isabelle", "Michel", "Léa", "Yves", "Anne-Marie", "Jean-Pierre"]
FAMILY = ["VASSAL", "BORÉ", "PONS", "FRUCTUS", "BLUM", "MILON", "GAZAY", "ROSSO", "MOUREN", "ALIPHAT", "CESARI", "GIBERTI", "JACQUIER", "ROUX",
          "MARTIN", "BERNARD", "DUBOIS", "LEFÈVRE", "GARCIA", "FABRE", "NGUYEN", "COSTE", "GIRAUD", "BLANC", "FAURE", "SANCHEZ", "PERRIN",
          "MERCIER", "BONNET", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT", "MULLER", "LEGRAND", "GARNIER", "FAYE", "CHEVALIER", "ROBIN", "MASSON"]
COMMUNES = ["Aix-en-Provence", "Marseille", "Martigues", "Aubagne", "La Ciotat", "Istres", "Vitrolles", "Marignane", "Salon-de-Provence", "Gardanne", "Pertuis", "Miramas"]
SENTENCES = [
    "La Métropole conduit depuis plusieurs années une politique volontariste en faveur de {objet} sur l'ensemble du territoire.",
    "Le diagnostic réalisé en {annee} a mis en évidence des besoins importants dans la commune de {commune}, en particulier pour {objet}.",
    "Le montant prévisionnel de l'opération s'élève à {montant} euros hors taxes, dont une part significative financée par l'État et la Région.",
    "Les services métropolitains ont engagé une concertation avec les habitants, les associations et les acteurs économiques concernés.",
    "Il est proposé d'approuver la convention ci-annexée, qui précise les engagements respectifs des partenaires et le calendrier prévisionnel.",
    "Cette démarche s'inscrit dans les orientations du projet métropolitain adopté par le Conseil et dans le respect des compétences des communes.",
    "Le comité de pilotage, réuni à {commune}, a validé les conclusions de l'étude et le programme des travaux.",
    "Les crédits nécessaires seront inscrits au budget de l'exercice {annee}, en section d'investissement comme en section de fonctionnement.",
    "L'opération permettra d'améliorer durablement le cadre de vie des habitants et l'attractivité du territoire métropolitain.",
    "Un bilan sera présenté chaque année à la commission thématique compétente, assorti d'indicateurs de suivi précis.",
]
OBJETS = {
    "ECO": ["l'implantation d'entreprises innovantes", "le commerce de proximité", "la création d'emplois"],
    "URB": ["la requalification des centres anciens", "la révision du plan local d'urbanisme", "l'aménagement des zones d'activités"],
    "TRA": ["les transports en commun", "les pôles d'échanges multimodaux", "les déplacements à vélo"],
    "FAG": ["la maîtrise des dépenses de fonctionnement", "la gestion de la dette", "la modernisation des services"],
    "ENV": ["la qualité de l'air", "la réduction des déchets", "la préservation des espaces naturels"],
    "CHL": ["le logement social", "la lutte contre l'habitat indigne", "la rénovation énergétique des logements"],
    "CST": ["les équipements culturels", "le sport pour tous", "les festivals"],
    "VOI": ["l'entretien de la voirie", "la sécurité des piétons", "l'éclairage public"],
    "EAU": ["les réseaux d'assainissement", "la distribution d'eau potable", "la gestion des eaux pluviales"],
    "RH": ["la formation des agents", "l'égalité professionnelle", "la prévention des risques professionnels"],
}
TITLES = [
    "Approbation d'une convention de partenariat relative à {objet} à {commune}",
    "Attribution de subventions au titre de {objet} pour l'année {annee}",
    "Approbation du programme d'actions {annee} en faveur de {objet}",
    "Lancement d'une étude sur {objet} dans la commune de {commune}",
    "Marché public relatif à {objet} - Autorisation de signature",
]

CONFIG = """title: Registre de référence (banc d'essai)
collectivity:
  name: Métropole de banc d'essai
  siret: "20005480700017"
  prefecture: PREF013
base_url: https://bench.example/
language: fr
bodies:
  BM: {{name: Bureau de la Métropole}}
  CM: {{name: Conseil de la Métropole}}
themes:
{themes}
number_pattern: '(?P<theme>[A-Z]{{2,5}}) ?(?P<order>\\d{{3}})-(?P<register>\\d{{1,6}})/(?P<year>\\d{{2}})/(?P<body>[A-Z]{{2,4}})'
paths:
  layouts: {layouts}
page_size: 50
"""


def people(r: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{r.choice(GIVEN)} {r.choice(FAMILY)}"
        if name not in names:
            names.append(name)
    return names


def body_text(r: random.Random, theme: str, year: int, cited: list[str]) -> str:
    """Report paragraphs up to 5-12 KB, then Vu, Considérant, Délibère and articles."""
    target = r.randrange(5000, 12000)
    parts = ["Monsieur le Président soumet au Conseil le rapport suivant :"]
    size = 0
    while size < target:
        paragraph = " ".join(
            r.choice(SENTENCES).format(objet=r.choice(OBJETS[theme]), commune=r.choice(COMMUNES), annee=year, montant=f"{r.randrange(10, 9000) * 1000:,}".replace(",", " "))
            for _ in range(r.randrange(3, 7))
        )
        parts.append(paragraph)
        size += len(paragraph.encode())
    vu = ["Le Code Général des Collectivités Territoriales ;"] + [f"La délibération {c} ;" for c in cited]
    parts.append("## Vu\n\n" + "\n".join(f"- {v}" for v in vu))
    parts.append("## Considérant\n\n- L'intérêt métropolitain de l'opération ;")
    parts.append("## Délibère")
    for number in range(1, r.randrange(2, 5)):
        parts.append(f"### Article {number}\n\nEst approuvé le dispositif décrit au présent rapport, pour sa partie {number}.")
    return "\n\n".join(parts) + "\n"


def generate(n: int, out: Path, layouts: Path, days_between: tuple[int, int] = (4, 9)) -> None:
    """N acts; `days_between` sessions (the default: about 3,000 acts a year, as a metropolis adopts)."""
    r = random.Random(n)
    themes = "\n".join(f'  {code}: {{name: "{name}", matter: "{matter}"}}' for code, (name, matter) in THEMES.items())
    out.mkdir(parents=True, exist_ok=True)
    (out / "site_config.yaml").write_text(CONFIG.format(themes=themes, layouts=layouts), encoding="utf-8")
    members = people(r, 90)
    rapporteurs = members[:30]
    written, register, day, session = 0, 0, dt.date(1996, 1, 15), 0
    recent: list[str] = []
    while written < n:
        body = "BM" if session % 2 else "CM"
        size = min(r.randrange(20, 81), n - written)
        roll = r.sample(members, r.randrange(20, 61))
        present, away = roll, [m for m in members if m not in roll][: r.randrange(2, 10)]
        represented = [(m, r.choice(present)) for m in away[:3]]
        excused = away[3:]
        orders: dict[str, int] = {}
        for _ in range(size):
            theme = r.choice(list(THEMES))
            orders[theme] = orders.get(theme, 0) + 1
            register += 1
            number = f"{theme} {orders[theme]:03d}-{register}/{day.strftime('%y')}/{body}"
            cited = r.sample(recent, min(len(recent), r.randrange(0, 3)))
            write_act(out, number, theme, body, day, r, present, represented, excused, r.choice([m for m in rapporteurs if m in present] or present), cited)
            recent = (recent + [number])[-200:]
            written += 1
        session += 1
        day += dt.timedelta(days=r.randrange(*days_between))


def write_act(out: Path, number: str, theme: str, body: str, day: dt.date, r: random.Random, present: list[str],
              represented: list[tuple[str, str]], excused: list[str], rapporteur: str, cited: list[str]) -> None:
    title = r.choice(TITLES).format(objet=r.choice(OBJETS[theme]), commune=r.choice(COMMUNES), annee=day.year)
    if r.random() < 0.3:
        against, abstention = r.randrange(1, 8), r.randrange(0, 4)
        vote = f"{{result: adopted, for: {len(present) + len(represented) - against - abstention}, against: {against}, abstention: {abstention}}}"
    else:
        vote = "{result: adopted, unanimous: true}"
    lines = [
        "---", f'number: "{number}"', f'title: "{title}"', f"date: {day.isoformat()}", f"body: {body}", f"theme: {theme}",
        f"rapporteur: {rapporteur}", "president: " + present[0], "present:", *(f"  - {m}" for m in present),
    ]
    if represented:
        lines += ["represented:", *(f"  - {{member: {m}, proxy: {p}}}" for m, p in represented)]
    if excused:
        lines += ["excused:", *(f"  - {m}" for m in excused)]
    lines += [f"vote: {vote}", f"signed: {day.isoformat()}", f"received: {(day + dt.timedelta(days=5)).isoformat()}", "---"]
    slug = number.lower().replace(" ", "-").replace("/", "-")
    path = out / "content" / str(day.year) / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + body_text(r, theme, day.year, cited), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    generate(int(sys.argv[1]), Path(sys.argv[2]), Path(__file__).resolve().parent.parent / "layouts")
    print(f"{sys.argv[1]} acts in {sys.argv[2]}/content")
