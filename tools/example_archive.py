#!/usr/bin/env python3
"""Write the example archive into content/: deterministic, French acts around the seed.

    python tools/example_archive.py [CONTENT_DIR]

The seed (content/2017/eco-003-2438-17-bm.md) is transcribed by hand and left alone;
this script writes the acts around it: seven sessions of the Bureau and the Conseil
over 2016-2018, with the two acts the seed quotes (HN 009-011/16/CM, ECO 012-1558/17/BM).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SEED_NUMBER = "ECO 003-2438/17/BM"

BUREAU = [
    "Béatrice ALIPHAT", "Martial ALVAREZ", "Sylvia BARTHELEMY", "François BERNARDINI", "Roland BLUM",
    "Patrick BORÉ", "Martine CESARI", "Frédéric COLLART", "Georges CRISTIANI", "Arlette FRUCTUS",
    "Alexandre GALLESE", "Danièle GARCIA", "Jean-Claude GAUDIN", "Gérard GAZAY", "Roland GIBERTI",
    "Bernard JACQUIER", "Eric LE DISSÈS", "Danielle MILON", "Jean MONTAGNAC", "Roland MOUREN",
    "Henri PONS", "Georges ROSSO", "Michel ROUX", "Maryse JOISSAINS MASINI", "Christophe AMALRIC",
    "Gérard BRAMOULLÉ", "Gaby CHARROUX", "Daniel GAGNON", "Nicolas ISNARD", "Richard MALLIÉ",
    "Pascal MONTECOT", "Jean-Pierre SERRUS", "Martine VASSAL",
]
COUNCIL_ONLY = [
    "Sophie ARRIGHI", "Mireille BALLETTI", "Marion BAREILLE", "Solange BIAGGI", "Patrick BOUDON",
    "Valérie BOYER", "Laure-Agnès CARADEC", "Sandra DALBIN", "Anne-Marie D'ESTIENNE D'ORVES",
    "Sylvaine DI CARO", "Olivier FREGEAC", "Loïc GACHON", "Jean-Pierre GIORGI", "Stéphane LE RUDULIER",
    "Claudie MORA", "Pierre-Yves NAVARRO", "Didier RÉAULT", "Lionel ROYER-PERREAUT", "Jean-Louis TIXIER",
    "Yves VIDAL",
]
PRESIDENT = "Jean-Claude GAUDIN"
WOMEN = {
    "Béatrice ALIPHAT", "Sylvia BARTHELEMY", "Martine CESARI", "Arlette FRUCTUS", "Danièle GARCIA", "Danielle MILON",
    "Maryse JOISSAINS MASINI", "Martine VASSAL", "Sophie ARRIGHI", "Mireille BALLETTI", "Marion BAREILLE", "Solange BIAGGI",
    "Valérie BOYER", "Laure-Agnès CARADEC", "Sandra DALBIN", "Anne-Marie D'ESTIENNE D'ORVES", "Sylvaine DI CARO", "Claudie MORA",
}
"""Whose civility is « Mme » in members.yaml, so that the site writes « représentée »."""

RAPPORTEURS = {
    "ECO": ("Martine VASSAL", "Vice-Présidente Déléguée Stratégie et Attractivité économique"),
    "URB": ("Henri PONS", "Vice-Président Délégué Urbanisme et Aménagement"),
    "TRA": ("Jean-Pierre SERRUS", "Vice-Président Délégué Transports et Mobilité"),
    "FAG": ("Roland BLUM", "Vice-Président Délégué Finances et Budget"),
    "ENV": ("Gérard GAZAY", "Vice-Président Délégué Eau, Assainissement et Pluvial"),
    "CHL": ("Arlette FRUCTUS", "Vice-Présidente Déléguée Habitat, Logement et Politique de la Ville"),
    "CST": ("Danielle MILON", "Vice-Présidente Déléguée Culture et Sport"),
    "VOI": ("Roland MOUREN", "Vice-Président Délégué Voirie et Espace public"),
    "HN": ("Patrick BORÉ", "Vice-Président Délégué Administration générale"),
}
SECOND_RAPPORTEURS = {"ECO": ("Jean MONTAGNAC", "Conseiller Délégué Commerce et Artisanat"), "ENV": ("Georges ROSSO", "Vice-Président Délégué Déchets et Propreté")}

COMMUNES = [
    "Aix-en-Provence", "Marseille", "Martigues", "Aubagne", "La Ciotat", "Istres", "Vitrolles", "Marignane",
    "Salon-de-Provence", "Gardanne", "Pertuis", "Miramas", "Allauch", "Septèmes-les-Vallons", "Fos-sur-Mer",
    "Gémenos", "Trets", "Rognac",
]


@dataclass
class Session:
    date: dt.date
    body: str
    register_base: int
    themes: list[str]
    order_offset: dict[str, int] = field(default_factory=dict)


SESSIONS = [
    Session(dt.date(2016, 3, 17), "CM", 10, ["HN", "HN", "FAG", "FAG", "URB", "TRA", "ENV", "CHL", "CST", "ECO"], {"HN": 8}),
    Session(dt.date(2016, 6, 30), "CM", 412, ["FAG", "FAG", "ECO", "URB", "URB", "TRA", "ENV", "CHL", "VOI", "CST"]),
    Session(dt.date(2016, 12, 15), "BM", 1190, ["ECO", "URB", "TRA", "ENV", "ENV", "CHL", "VOI", "VOI", "FAG"]),
    Session(dt.date(2017, 2, 9), "BM", 1555, ["ECO", "ECO", "ECO", "URB", "TRA", "CHL", "ENV", "CST", "VOI"], {"ECO": 9}),
    Session(dt.date(2017, 6, 29), "CM", 1890, ["FAG", "FAG", "HN", "ECO", "URB", "TRA", "TRA", "ENV", "CHL", "CST", "VOI"]),
    Session(dt.date(2017, 10, 19), "BM", 2435, ["ECO", "ECO", "ECO", "URB", "TRA", "ENV", "CHL", "CST", "VOI", "FAG"]),
    Session(dt.date(2017, 12, 14), "CM", 2790, ["FAG", "FAG", "HN", "ECO", "URB", "TRA", "ENV", "ENV", "CHL", "VOI"]),
    Session(dt.date(2018, 3, 22), "BM", 3120, ["ECO", "URB", "URB", "TRA", "ENV", "CHL", "CST", "VOI", "FAG"]),
]


@dataclass
class Subject:
    """What an act is about: its title, report paragraphs, « Vu », « Considérant » and articles."""

    title: str
    report: list[str]
    vu: list[str]
    considering: list[str]
    articles: list[str]
    attachment: str | None = None


def subjects(theme: str, r: random.Random, year: int, body_name: str) -> list[Subject]:
    """Subjects of one theme; parameters drawn from `r` so each act reads differently."""
    commune = r.choice(COMMUNES)
    other = r.choice([c for c in COMMUNES if c != commune])
    amount = r.randrange(20, 900) * 1000
    amount_text = f"{amount:,}".replace(",", " ") + " euros"
    n = r.randrange(2, 9)
    lots = r.randrange(12, 140)
    budget = f"Les crédits nécessaires sont inscrits au budget {year} de la Métropole."
    sign = "Monsieur le Président de la Métropole ou son représentant est autorisé à signer cette convention et tout document y afférent."
    cgct = "Le Code Général des Collectivités Territoriales ;"
    maptam = "La loi n°2014-58 du 27 janvier 2014 de modernisation de l'action publique territoriale et d'affirmation des métropoles ;"
    notre = "La loi n°2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République ;"
    bank = {
        "ECO": [
            Subject(
                f"Attribution d'une subvention de fonctionnement à l'association Initiative {commune} au titre de l'année {year}",
                [
                    f"L'association Initiative {commune} accorde des prêts d'honneur sans intérêt aux créateurs et repreneurs d'entreprises du territoire et les accompagne pendant les trois premières années de leur activité.",
                    f"En {year - 1}, elle a soutenu {lots} projets et contribué à la création ou au maintien de {lots * 3} emplois. Le taux de pérennité des entreprises accompagnées à trois ans dépasse 85 %.",
                    f"Il est proposé d'attribuer à l'association une subvention de fonctionnement de {amount_text} pour l'année {year}.",
                ],
                [cgct, maptam],
                ["L'intérêt métropolitain du soutien à la création d'entreprises ;", "Le bilan d'activité présenté par l'association."],
                [f"Est attribuée à l'association Initiative {commune} une subvention de fonctionnement de {amount_text} au titre de l'année {year}.", sign, budget],
            ),
            Subject(
                f"Zone d'activités des Florides à {commune} - Approbation du dossier de réalisation",
                [
                    f"La zone d'activités des Florides, sur la commune de {commune}, s'étend sur {n * 7} hectares le long de la route départementale. Sa requalification doit permettre l'accueil de nouvelles entreprises industrielles et logistiques.",
                    f"Le dossier de réalisation prévoit la reprise des voiries, la création d'un giratoire, l'enfouissement des réseaux et la réalisation de noues paysagères pour la gestion des eaux pluviales. Le montant prévisionnel des travaux s'élève à {amount_text} hors taxes.",
                ],
                [cgct, maptam, "Le Code de l'urbanisme ;"],
                ["La nécessité d'offrir du foncier économique aménagé aux entreprises du territoire ;"],
                [f"Est approuvé le dossier de réalisation de la zone d'activités des Florides à {commune}.", "Monsieur le Président de la Métropole ou son représentant est autorisé à solliciter toute subvention auprès de l'État, de la Région et du Département.", budget],
            ),
            Subject(
                f"Soutien à l'organisation du salon Provence Industrie {year} - Attribution d'une participation financière",
                [
                    f"Le salon Provence Industrie réunit chaque année à {commune} plus de {lots * 2} exposants et plusieurs milliers de visiteurs professionnels. Il valorise les filières aéronautique, énergie et chimie du territoire.",
                    f"La Métropole souhaite soutenir cette édition par une participation financière de {amount_text}, en contrepartie de la mise à disposition d'un espace dédié aux entreprises métropolitaines.",
                ],
                [cgct, maptam],
                ["Le rayonnement du salon auprès des investisseurs et des donneurs d'ordre ;"],
                [f"Est attribuée une participation financière de {amount_text} à l'organisation du salon Provence Industrie {year}.", "Est approuvée la convention de partenariat ci-annexée.", sign],
                "Convention de partenariat",
            ),
            Subject(
                f"Approbation d'une convention avec la Chambre de Métiers et de l'Artisanat pour la revitalisation commerciale du centre-ville de {commune}",
                [
                    f"Le centre-ville de {commune} connaît un taux de vacance commerciale de {n + 9} %. La Métropole et la Chambre de Métiers et de l'Artisanat de région proposent d'unir leurs moyens pour accompagner l'installation d'artisans et de commerçants.",
                    "La convention prévoit un diagnostic des locaux vacants, un accompagnement individuel des porteurs de projet et une aide à la rénovation des vitrines.",
                ],
                [cgct, maptam],
                ["Le rôle du commerce de proximité dans l'animation des centres-villes ;"],
                [f"Est approuvée la convention avec la Chambre de Métiers et de l'Artisanat pour la revitalisation commerciale du centre-ville de {commune}.", sign],
            ),
        ],
        "URB": [
            Subject(
                f"Approbation de la modification n°{n} du Plan Local d'Urbanisme de la commune de {commune}",
                [
                    f"Par arrêté, la procédure de modification n°{n} du Plan Local d'Urbanisme de {commune} a été engagée afin d'adapter le règlement de la zone urbaine centrale et de créer un emplacement réservé pour un équipement scolaire.",
                    "L'enquête publique s'est déroulée pendant un mois. Le commissaire enquêteur a rendu un avis favorable assorti de deux recommandations, qui ont été prises en compte.",
                ],
                [cgct, maptam, "Le Code de l'urbanisme et notamment ses articles L.153-36 et suivants ;", "Le rapport et les conclusions du commissaire enquêteur ;"],
                ["Que la modification ne porte pas atteinte aux orientations du projet d'aménagement et de développement durables ;"],
                [f"Est approuvée la modification n°{n} du Plan Local d'Urbanisme de la commune de {commune}.", f"La présente délibération fera l'objet d'un affichage au siège de la Métropole et en mairie de {commune} pendant un mois."],
            ),
            Subject(
                f"Concession d'aménagement de la ZAC du Vallon à {commune} - Approbation du compte rendu annuel à la collectivité",
                [
                    f"La Zone d'Aménagement Concerté du Vallon, à {commune}, a été confiée en concession à la Société Publique Locale d'aménagement. Le compte rendu annuel retrace l'avancement de l'opération au 31 décembre {year - 1}.",
                    f"Au cours de l'exercice, {lots} logements ont été livrés et les travaux du groupe scolaire ont commencé. Le bilan prévisionnel s'établit à {amount_text} en dépenses et en recettes.",
                ],
                [cgct, maptam, "Le Code de l'urbanisme ;"],
                ["Que le compte rendu annuel doit être soumis à l'examen de la collectivité concédante ;"],
                [f"Est approuvé le compte rendu annuel à la collectivité de la ZAC du Vallon à {commune} au 31 décembre {year - 1}."],
            ),
            Subject(
                f"Instauration du droit de préemption urbain renforcé sur le centre ancien de {commune}",
                [
                    f"Le centre ancien de {commune} fait l'objet d'une opération de renouvellement urbain. La maîtrise foncière des immeubles dégradés est nécessaire pour lutter contre l'habitat indigne et recomposer les îlots.",
                    "Le droit de préemption urbain renforcé permet de préempter les lots de copropriété et les immeubles achevés depuis moins de dix ans.",
                ],
                [cgct, maptam, "Le Code de l'urbanisme et notamment son article L.211-4 ;"],
                ["L'enjeu de la requalification du centre ancien ;"],
                [f"Est instauré le droit de préemption urbain renforcé sur le périmètre du centre ancien de {commune} figurant au plan ci-annexé.", "La présente délibération sera notifiée aux services de l'État et aux notaires."],
                "Plan du périmètre",
            ),
        ],
        "TRA": [
            Subject(
                f"Création d'une ligne de bus à haut niveau de service entre {commune} et {other} - Approbation du programme",
                [
                    f"Les déplacements entre {commune} et {other} reposent aujourd'hui très largement sur la voiture individuelle. Une ligne de bus à haut niveau de service, en site propre sur {n + 4} kilomètres, offrirait un passage toutes les dix minutes aux heures de pointe.",
                    f"Le programme de l'opération est estimé à {amount_text} hors taxes par kilomètre aménagé, hors acquisitions foncières.",
                ],
                [cgct, maptam, "Le Code des transports ;"],
                ["Les objectifs du plan de déplacements urbains ;"],
                [f"Est approuvé le programme de la ligne de bus à haut niveau de service entre {commune} et {other}.", "Monsieur le Président de la Métropole ou son représentant est autorisé à engager les études et les procédures réglementaires.", budget],
            ),
            Subject(
                f"Approbation d'une convention de financement avec la Région pour le pôle d'échanges multimodal de {commune}",
                [
                    f"Le pôle d'échanges multimodal de la gare de {commune} accueillera les trains régionaux, les cars interurbains et les lignes de bus métropolitaines, ainsi qu'un parc relais de {lots * 3} places.",
                    f"La Région participe au financement de l'opération à hauteur de {amount_text}. La convention ci-annexée fixe les modalités de versement.",
                ],
                [cgct, maptam, "Le Code des transports ;"],
                ["L'intérêt de l'intermodalité pour les usagers du territoire ;"],
                [f"Est approuvée la convention de financement avec la Région pour le pôle d'échanges multimodal de {commune}.", sign],
                "Convention de financement",
            ),
            Subject(
                "Tarification des transports métropolitains - Création d'un abonnement solidaire",
                [
                    "Les réseaux de transport du territoire appliquent aujourd'hui des tarifs sociaux différents selon les communes. Il est proposé de créer un abonnement solidaire unique, valable sur l'ensemble des lignes métropolitaines.",
                    f"Cet abonnement mensuel serait proposé à {n + 2} euros aux bénéficiaires de minima sociaux et aux demandeurs d'emploi, sur présentation d'un justificatif.",
                ],
                [cgct, maptam, "Le Code des transports ;"],
                ["L'objectif d'égal accès à la mobilité sur le territoire métropolitain ;"],
                [f"Est créé un abonnement solidaire mensuel au tarif de {n + 2} euros, valable sur l'ensemble des lignes métropolitaines.", f"Ce tarif entre en vigueur le 1er septembre {year}."],
            ),
        ],
        "FAG": [
            Subject(
                f"Budget principal - Décision modificative n°{n % 3 + 1}",
                [
                    f"La présente décision modificative ajuste les crédits du budget principal de l'exercice {year} pour tenir compte de l'avancement des opérations d'investissement et des notifications de dotations de l'État.",
                    f"Elle s'équilibre en dépenses et en recettes à {amount_text} en section de fonctionnement et à {amount_text.replace(' euros', '')} euros en section d'investissement.",
                ],
                [cgct, maptam, "L'instruction budgétaire et comptable M57 ;"],
                ["La nécessité d'ajuster les crédits en cours d'exercice ;"],
                [f"Est adoptée la décision modificative n°{n % 3 + 1} du budget principal de l'exercice {year}, équilibrée en dépenses et en recettes."],
            ),
            Subject(
                f"Garantie d'emprunt accordée à Logirem pour la construction de {lots} logements à {commune}",
                [
                    f"La société Logirem sollicite la garantie de la Métropole pour un emprunt de {amount_text} contracté auprès de la Caisse des Dépôts et Consignations, destiné à financer la construction de {lots} logements locatifs sociaux à {commune}.",
                    "La garantie est accordée à hauteur de 55 % du montant emprunté, en contrepartie d'un droit de réservation sur 20 % des logements.",
                ],
                [cgct, maptam, "Le Code civil et notamment son article 2298 ;"],
                ["Les besoins en logements sociaux du territoire ;"],
                [f"La Métropole accorde sa garantie à hauteur de 55 % pour le remboursement d'un prêt de {amount_text} souscrit par Logirem.", "La garantie est accordée pour la durée totale du prêt."],
            ),
            Subject(
                "Admission en non-valeur de créances irrécouvrables",
                [
                    f"Le comptable public a transmis un état de créances dont le recouvrement s'est avéré impossible malgré les poursuites engagées, pour un montant total de {amount_text}.",
                    "Il s'agit principalement de redevances d'assainissement et de droits de stationnement dus par des débiteurs insolvables ou disparus.",
                ],
                [cgct, maptam],
                ["Que les diligences nécessaires ont été accomplies par le comptable public ;"],
                [f"Sont admises en non-valeur les créances irrécouvrables présentées par le comptable public pour un montant de {amount_text}.", budget],
            ),
        ],
        "ENV": [
            Subject(
                f"Approbation du programme de travaux d'assainissement {year} sur la commune de {commune}",
                [
                    f"Le schéma directeur d'assainissement de {commune} a mis en évidence des entrées d'eaux claires parasites et des déversements d'eaux usées par temps de pluie.",
                    f"Le programme {year} prévoit la réhabilitation de {n + 3} kilomètres de collecteurs et la mise en séparatif de trois quartiers, pour un montant de {amount_text} hors taxes.",
                ],
                [cgct, maptam, "Le Code de l'environnement ;"],
                ["Les objectifs de bon état des masses d'eau fixés par le schéma directeur d'aménagement et de gestion des eaux ;"],
                [f"Est approuvé le programme de travaux d'assainissement {year} sur la commune de {commune}.", "Monsieur le Président de la Métropole ou son représentant est autorisé à solliciter les aides de l'Agence de l'eau.", budget],
            ),
            Subject(
                "Plan climat-air-énergie métropolitain - Lancement de la concertation",
                [
                    "La Métropole est tenue d'élaborer un plan climat-air-énergie territorial. Le diagnostic montre que les transports et l'industrie représentent les trois quarts des émissions de gaz à effet de serre du territoire.",
                    "Il est proposé d'ouvrir une concertation avec les communes, les acteurs économiques, les associations et les habitants, selon les modalités décrites dans le présent rapport.",
                ],
                [cgct, maptam, "Le Code de l'environnement et notamment son article L.229-26 ;"],
                ["L'urgence climatique et la qualité de l'air dans le territoire ;"],
                ["Est lancée la concertation préalable à l'élaboration du plan climat-air-énergie métropolitain.", "Les modalités de la concertation sont approuvées."],
            ),
            Subject(
                f"Attribution d'une subvention à l'association Les Amis du Tri pour la sensibilisation des habitants de {commune}",
                [
                    f"L'association Les Amis du Tri mène des actions de sensibilisation au tri et à la réduction des déchets dans les écoles et les quartiers de {commune}.",
                    f"Elle a touché {lots * 10} habitants en {year - 1}. Il est proposé de lui attribuer une subvention de {amount_text} pour l'année {year}.",
                ],
                [cgct, maptam],
                ["Les objectifs de réduction des déchets ménagers ;"],
                [f"Est attribuée à l'association Les Amis du Tri une subvention de {amount_text}.", budget],
            ),
        ],
        "CHL": [
            Subject(
                f"Aide à la pierre - Attribution de subventions pour {lots} logements locatifs sociaux à {commune}",
                [
                    f"Dans le cadre de la délégation des aides à la pierre, la Métropole finance la production de logements locatifs sociaux. Trois opérations situées à {commune} totalisent {lots} logements, dont un tiers de logements très sociaux.",
                    f"Le montant total des subventions proposées s'élève à {amount_text}.",
                ],
                [cgct, maptam, "Le Code de la construction et de l'habitation ;"],
                ["Le déficit de logements sociaux de la commune au regard de ses obligations légales ;"],
                [f"Sont attribuées des subventions d'un montant total de {amount_text} pour la production de {lots} logements locatifs sociaux à {commune}.", sign, budget],
            ),
            Subject(
                f"Opération programmée d'amélioration de l'habitat de {commune} - Approbation de la convention",
                [
                    f"L'étude pré-opérationnelle conduite sur le centre de {commune} a recensé {lots} logements indignes ou très dégradés et de nombreuses copropriétés fragiles.",
                    "L'opération programmée d'amélioration de l'habitat, d'une durée de cinq ans, permettra d'aider les propriétaires occupants et bailleurs à réaliser leurs travaux.",
                ],
                [cgct, maptam, "Le Code de la construction et de l'habitation ;"],
                ["La lutte contre l'habitat indigne comme priorité du programme local de l'habitat ;"],
                [f"Est approuvée la convention d'opération programmée d'amélioration de l'habitat de {commune} avec l'État et l'Agence nationale de l'habitat.", sign],
                "Convention d'OPAH",
            ),
        ],
        "CST": [
            Subject(
                f"Soutien au festival Les Nuits de {commune} - Attribution d'une subvention",
                [
                    f"Le festival Les Nuits de {commune} propose chaque été une programmation de musique et de théâtre en plein air. L'édition {year - 1} a accueilli {lots * 100} spectateurs.",
                    f"La Métropole souhaite soutenir l'édition {year} par une subvention de {amount_text}.",
                ],
                [cgct, maptam],
                ["Le rayonnement culturel du festival au-delà de la commune ;"],
                [f"Est attribuée une subvention de {amount_text} à l'association organisatrice du festival Les Nuits de {commune}.", budget],
            ),
            Subject(
                f"Convention de mise à disposition du stade nautique de {commune}",
                [
                    f"Le stade nautique de {commune}, équipement d'intérêt métropolitain, accueille les scolaires, les clubs et le public.",
                    "La convention ci-annexée organise sa mise à disposition des clubs sportifs et fixe la répartition des charges d'entretien.",
                ],
                [cgct, maptam, "Le Code du sport ;"],
                ["L'intérêt de la pratique de la natation pour tous ;"],
                [f"Est approuvée la convention de mise à disposition du stade nautique de {commune}.", sign],
            ),
        ],
        "VOI": [
            Subject(
                f"Requalification de l'avenue du Général de Gaulle à {commune} - Approbation de l'avant-projet",
                [
                    f"L'avenue du Général de Gaulle, à {commune}, supporte un trafic de {lots * 100} véhicules par jour. Ses trottoirs étroits et l'absence d'aménagement cyclable la rendent peu sûre pour les piétons et les cyclistes.",
                    f"L'avant-projet prévoit l'élargissement des trottoirs, une piste cyclable bidirectionnelle et la plantation de {lots} arbres, pour un coût de {amount_text} hors taxes.",
                ],
                [cgct, maptam, "Le Code de la voirie routière ;"],
                ["La sécurité des usagers les plus vulnérables ;"],
                [f"Est approuvé l'avant-projet de requalification de l'avenue du Général de Gaulle à {commune}.", budget],
            ),
            Subject(
                "Marché de travaux d'entretien de la voirie métropolitaine - Autorisation de signature",
                [
                    f"Les marchés d'entretien de la voirie du territoire arrivent à échéance. Une consultation a été lancée sous forme d'accord-cadre à bons de commande, en {n} lots géographiques.",
                    f"La commission d'appel d'offres a retenu les offres économiquement les plus avantageuses, pour un montant maximum annuel de {amount_text} hors taxes.",
                ],
                [cgct, maptam, "Le Code de la commande publique ;"],
                ["La décision de la commission d'appel d'offres ;"],
                ["Monsieur le Président de la Métropole ou son représentant est autorisé à signer les accords-cadres de travaux d'entretien de la voirie métropolitaine.", budget],
            ),
        ],
        "HN": [
            Subject(
                "Désignation des représentants de la Métropole au sein du conseil d'administration de l'Agence d'urbanisme",
                [
                    "Les statuts de l'Agence d'urbanisme prévoient que la Métropole dispose de six sièges au sein de son conseil d'administration.",
                    f"{body_name} est appelé à désigner ses représentants, conformément à l'article L.2121-21 du Code Général des Collectivités Territoriales.",
                ],
                [cgct, maptam, "Les statuts de l'Agence d'urbanisme ;"],
                ["Qu'il convient de désigner les représentants de la Métropole ;"],
                ["Sont désignés pour représenter la Métropole au sein du conseil d'administration de l'Agence d'urbanisme les membres dont les noms figurent en annexe."],
            ),
            Subject(
                "Modification du règlement intérieur du Conseil de la Métropole",
                [
                    "Le règlement intérieur adopté lors de l'installation du Conseil doit être adapté pour préciser les modalités de dépôt des questions orales et le fonctionnement des commissions thématiques.",
                ],
                [cgct, maptam, notre],
                ["La nécessité de faciliter les débats de l'assemblée ;"],
                ["Est approuvée la modification du règlement intérieur du Conseil de la Métropole ci-annexée."],
            ),
        ],
    }
    return bank[theme]


DELEGATIONS = Subject(
    "Délégations du Conseil de la Métropole au Bureau de la Métropole",
    [
        "L'article L.5211-10 du Code Général des Collectivités Territoriales permet au Conseil de la Métropole de déléguer une partie de ses attributions au Bureau, à l'exception des matières que la loi lui réserve.",
        "Afin d'assurer la continuité et la réactivité de l'action métropolitaine, il est proposé de déléguer au Bureau l'approbation des conventions de partenariat, l'attribution des subventions et l'approbation des programmes de travaux.",
    ],
    [
        "Le Code Général des Collectivités Territoriales et notamment son article L.5211-10 ;",
        "La loi n°2014-58 du 27 janvier 2014 de modernisation de l'action publique territoriale et d'affirmation des métropoles ;",
        "La loi n°2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République ;",
    ],
    ["L'intérêt de permettre au Bureau de statuer sur les affaires courantes ;"],
    ["Le Conseil de la Métropole délègue au Bureau de la Métropole les attributions figurant dans la liste ci-annexée.", "Le Bureau rendra compte de ses décisions à chaque séance du Conseil."],
    "Liste des attributions déléguées",
)

CCIMP_FRAMEWORK = Subject(
    "Approbation d'une convention-cadre de partenariat avec la CCI Marseille Provence",
    [
        "La Métropole Aix-Marseille-Provence et la CCI Marseille Provence partagent l'ambition d'accélérer le développement économique du territoire.",
        "La convention-cadre ci-annexée fixe les axes de leur partenariat : attractivité et rayonnement international, accompagnement des entreprises, foncier économique et grands équipements. Elle sera déclinée en conventions spécifiques à chaque action.",
    ],
    [
        "Le Code Général des Collectivités Territoriales ;",
        "La loi n°2014-58 du 27 janvier 2014 de modernisation de l'action publique territoriale et d'affirmation des métropoles ;",
    ],
    ["Le rôle de la CCI Marseille Provence auprès des entreprises du territoire ;"],
    ["Est approuvée la convention-cadre de partenariat avec la CCI Marseille Provence.", "Monsieur le Président de la Métropole ou son représentant est autorisé à signer cette convention."],
    "Convention-cadre",
)


def members_for(body: str) -> list[str]:
    return BUREAU + COUNCIL_ONLY if body == "CM" else list(BUREAU)


Roll = tuple[list[str], list[dict[str, str]], list[str], list[str]]

SEED_ROLL: Roll = (
    [m for m in BUREAU if m not in ("Maryse JOISSAINS MASINI", "Christophe AMALRIC", "Gérard BRAMOULLÉ", "Gaby CHARROUX", "Daniel GAGNON", "Nicolas ISNARD", "Richard MALLIÉ", "Pascal MONTECOT", "Jean-Pierre SERRUS", "Martine VASSAL")],
    [{"member": "Maryse JOISSAINS MASINI", "proxy": "Alexandre GALLESE"}],
    ["Christophe AMALRIC", "Gérard BRAMOULLÉ", "Gaby CHARROUX", "Daniel GAGNON", "Nicolas ISNARD", "Richard MALLIÉ", "Pascal MONTECOT", "Jean-Pierre SERRUS", "Martine VASSAL"],
    [],
)


def leaving(roll: Roll, r: random.Random) -> Roll:
    """Members leave during a session: after some acts, one present member is excused."""
    present, represented, excused, absent = roll
    holders = {p["proxy"] for p in represented}
    candidates = [m for m in present if m != PRESIDENT and m not in holders]
    if r.random() < 0.3 and candidates:
        gone = r.choice(candidates)
        return [m for m in present if m != gone], represented, sorted(excused + [gone], key=surname), absent
    return roll


def attendance(body: str, r: random.Random) -> Roll:
    """Present, represented (with proxies held by members present), excused, absent."""
    members = members_for(body)
    away = set(r.sample([m for m in members if m != PRESIDENT], r.randrange(5, 12)))
    present = [m for m in members if m not in away]
    away_list = [m for m in members if m in away]
    represented_members = away_list[: r.randrange(1, 4)]
    holders = r.sample([m for m in present if m != PRESIDENT], len(represented_members))
    represented = [{"member": m, "proxy": h} for m, h in zip(represented_members, holders)]
    rest = away_list[len(represented_members):]
    absent = rest[:1] if body == "CM" and len(rest) > 3 else []
    excused = [m for m in rest if m not in absent]
    return sorted(present, key=surname), represented, sorted(excused, key=surname), absent


def write_members(content: Path) -> None:
    """content/members.yaml: each member's civility, which the words agreeing with them follow."""
    lines = [
        "# The members: one spelling each, other spellings (aliases), functions (roles) and civility,",
        "# which the words that agree with a member follow (« représentée par »). See README.md.",
        "",
    ]
    for name in sorted(BUREAU + COUNCIL_ONLY, key=surname):
        written = f'"{name}"' if "'" in name else name
        lines.append(f"- {{name: {written}, civility: {'Mme' if name in WOMEN else 'M.'}}}")
    (content / "members.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def surname(name: str) -> str:
    return " ".join(w for w in name.split() if w.isupper())


def vote_for(body: str, index: int, voters: int, present: list[str], r: random.Random) -> tuple[dict, str]:
    """A vote and the sentence that reports it; the Conseil splits more often than the Bureau."""
    kind = (index * 7 + len(present)) % 10
    if body == "CM" and kind in (0, 3, 6):
        against = r.randrange(2, 9)
        abstention = r.randrange(0, 5)
        not_voting = r.randrange(0, 3)
        votes_for = voters - against - abstention - not_voting
        names_against = r.sample(present, min(against, 3))
        vote = {"result": "adopted", "for": votes_for, "against": against, "abstention": abstention}
        if not_voting:
            vote["not_voting"] = not_voting
        vote["names"] = {"against": names_against}
        sentence = (
            f"Cette proposition mise aux voix est adoptée à la majorité des suffrages exprimés : {votes_for} voix pour, "
            f"{against} voix contre, {abstention} abstention{'s' if abstention > 1 else ''}."
        )
        return vote, sentence
    if body == "CM" and kind == 9:
        votes_for = voters // 2 - 3
        against = voters - votes_for - 2
        vote = {"result": "rejected", "for": votes_for, "against": against, "abstention": 2}
        return vote, f"Cette proposition mise aux voix est rejetée : {votes_for} voix pour, {against} voix contre, 2 abstentions."
    if kind in (1, 4, 7, 8):
        return {"result": "adopted", "unanimous": True}, "Cette proposition mise aux voix est adoptée à l'unanimité."
    return {"result": "adopted"}, "Cette proposition mise aux voix est adoptée."


def yaml_list(key: str, names: list[str]) -> str:
    if not names:
        return ""
    return f"{key}:\n" + "".join(f"  - {n}\n" for n in names)


def render_act(number: str, subject: Subject, session: Session, theme: str, r: random.Random, cited: list[str], slug: str, report: str, roll: Roll) -> tuple[str, str | None]:
    """The content file of one act, and the name of its attachment if it has one."""
    body_name = "Bureau de la Métropole" if session.body == "BM" else "Conseil de la Métropole"
    rapporteur, role = RAPPORTEURS[theme]
    if theme in SECOND_RAPPORTEURS and r.random() < 0.4:
        rapporteur, role = SECOND_RAPPORTEURS[theme]
    present, represented, excused, absent = roll
    voters = len(present) + len(represented)
    vote, sentence = vote_for(session.body, int(number.split("-")[1].split("/")[0]), voters, present, r)
    signed = session.date
    received = session.date + dt.timedelta(days=r.randrange(3, 21))
    published = received + dt.timedelta(days=r.randrange(1, 6))
    attachment = f"attachments/{slug}-annexe.pdf" if subject.attachment else None
    lines = [
        "---",
        f'number: "{number}"',
        f'report: "{report}"',
        f'title: "{subject.title}"',
        f"date: {session.date.isoformat()}",
        f"body: {session.body}",
        f"theme: {theme}",
    ]
    # A vice-president away from the session certified the extract but did not report it (as in the seed).
    signs = "signatory" if rapporteur in excused or rapporteur in absent else "rapporteur"
    lines += [f"{signs}: {rapporteur}", f'{signs}_role: "{role}"', f"president: {PRESIDENT}"]
    text = "\n".join(lines) + "\n" + yaml_list("present", present)
    if represented:
        text += "represented:\n" + "".join(f"  - {{member: {p['member']}, proxy: {p['proxy']}}}\n" for p in represented)
    text += yaml_list("excused", excused) + yaml_list("absent", absent)
    text += "vote: " + flow(vote) + "\n"
    text += f"signed: {signed.isoformat()}\nreceived: {received.isoformat()}\npublished: {published.isoformat()}\n"
    if attachment:
        text += f"attachments:\n  - {{title: {subject.attachment}, file: {attachment}}}\n"
    text += "---\n"
    vu = list(subject.vu)
    if session.body == "BM":
        vu.append("La délibération HN 009-011/16/CM du 17 mars 2016 portant délégations du Conseil de la Métropole au Bureau de la Métropole d'Aix-Marseille-Provence.")
    for other in cited:
        vu.append(f"La délibération {other} ;")
    vu = [v.rstrip(" ;.") + " ;" for v in vu]
    vu[-1] = vu[-1].removesuffix(" ;") + "."
    paragraphs = [f"Monsieur le Président de la Métropole Aix-Marseille-Provence sur proposition du Commissaire Rapporteur soumet au {body_name} le rapport suivant :"]
    paragraphs += subject.report
    paragraphs += [f"Telles sont les raisons qui nous incitent à proposer au {body_name} de prendre la délibération ci-après :", f"Le {body_name} Aix-Marseille-Provence,"]
    text += "\n\n".join(paragraphs) + "\n\n"
    text += "## Vu\n\n" + "".join(f"- {v}\n" for v in vu) + "\n"
    text += "Où le rapport ci-dessus,\n\nEntendues les conclusions du Commissaire Rapporteur,\n\n"
    text += "## Considérant\n\n" + "".join(f"- {c}\n" for c in subject.considering) + "\n"
    text += "## Délibère\n\n"
    for index, article in enumerate(subject.articles, 1):
        text += f"### Article {index}\n\n{article}\n\n"
    text += sentence + "\n"
    return elide(text), attachment


def elide(text: str) -> str:
    """French elision: « de Aubagne » -> « d'Aubagne »."""
    return re.sub(r"\b(de|De) (?=[AEIOUÉ][a-zéè])", lambda m: m.group(1)[0] + "'", text)


def flow(value: object) -> str:
    """A small YAML flow mapping, keys in the order given."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF whose text is the title: a real file to download, made without a library."""
    safe = title.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 760 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def slugify(number: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")


def generate(content: Path) -> list[str]:
    """Write every act but the seed; return the numbers written."""
    r = random.Random(20171019)
    written: list[str] = []
    earlier: dict[str, list[str]] = {}
    for session in SESSIONS:
        counters: dict[str, int] = dict(session.order_offset)
        year2 = session.date.strftime("%y")
        roll = SEED_ROLL if session.date == dt.date(2017, 10, 19) else attendance(session.body, r)
        used: set[str] = set()
        for index, theme in enumerate(session.themes):
            counters[theme] = counters.get(theme, 0) + 1
            order = counters[theme]
            register = session.register_base + index + 1
            separator = "" if theme == "HN" and session.date.year == 2016 else " "
            number = f"{theme}{separator}{order:03d}-{register:03d}/{year2}/{session.body}"
            if number == SEED_NUMBER:
                written.append(number)
                continue
            roll = leaving(roll, r)
            subject = pick_subject(number, theme, session, r, used)
            used.add(subject.title)
            cited = [c for c in earlier.get(theme, [])[-1:] if r.random() < 0.5]
            slug = slugify(number)
            report = f"{theme} {year2}/{register * 2 + 1000:04d}/{session.body}"
            text, attachment = render_act(number, subject, session, theme, r, cited, slug, report, roll)
            path = content / str(session.date.year) / f"{slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if attachment:
                (content / attachment).parent.mkdir(parents=True, exist_ok=True)
                (content / attachment).write_bytes(tiny_pdf(subject.attachment or subject.title))
            earlier.setdefault(theme, []).append(number)
            written.append(number)
    write_members(content)
    seed_attachment = content / "attachments" / "eco-003-2438-17-bm-convention.pdf"
    seed_attachment.parent.mkdir(parents=True, exist_ok=True)
    seed_attachment.write_bytes(tiny_pdf("Convention specifique sur l'attractivite - Metropole AMP / CCIMP"))
    return written


def pick_subject(number: str, theme: str, session: Session, r: random.Random, used: set[str]) -> Subject:
    if number == "HN009-011/16/CM":
        return DELEGATIONS
    if number.startswith("ECO 012-1558/17/BM"):
        return CCIMP_FRAMEWORK
    body_name = "Le Bureau de la Métropole" if session.body == "BM" else "Le Conseil de la Métropole"
    fresh = [s for s in subjects(theme, r, session.date.year, body_name) if s.title not in used]
    return r.choice(fresh or subjects(theme, r, session.date.year, body_name))


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "content")
    numbers = generate(target)
    print(f"{len(numbers)} acts in {target}/ (the seed included)")
