"""The legal frameworks the catalogues cite, and how to recognise them in a book's text.

This is reference data: the importer creates or updates a LegalFramework row for each law it finds,
with the name, abbreviation and BWB identifier given here. BWB identifiers are those of
wetten.overheid.nl; a law with no identifier here either has none (EU law) or was not verified.
"""

import re
from dataclasses import dataclass

from services.parsers.base import ParsedLaw


@dataclass(frozen=True)
class Law:
    slug: str
    name: str
    abbreviation: str
    bwb_id: str
    patterns: tuple[str, ...]  # case-insensitive regexes matching a mention in running text
    url: str = ""  # official text outside wetten.overheid.nl


LAWS: tuple[Law, ...] = (
    Law(
        "wet-publieke-gezondheid",
        "Wet publieke gezondheid",
        "Wpg",
        "BWBR0024705",
        # "Wpg" also abbreviates the Wet politiegegevens; the books only use it for public health,
        # and the police law is matched first below when written out.
        (r"wet\s+publieke\s+gezondheid", r"\bWpg\b"),
    ),
    Law("jeugdwet", "Jeugdwet", "", "BWBR0034925", (r"\bjeugdwet\b",)),
    Law(
        "wmo-2015",
        "Wet maatschappelijke ondersteuning 2015",
        "Wmo 2015",
        "BWBR0035362",
        (r"wet\s+maatschappelijke?\s+ondersteuning(?:\s+2015)?", r"\bWmo\b(?:\s+2015)?"),
    ),
    Law("wet-kinderopvang", "Wet kinderopvang", "Wko", "BWBR0017017", (r"wet\s+kinderopvang",)),
    Law(
        "wet-veiligheidsregios",
        "Wet veiligheidsregio's",
        "Wvr",
        "BWBR0027466",
        (r"wet\s+(?:op\s+de\s+)?veiligheidsregio[’']?s",),
    ),
    Law("omgevingswet", "Omgevingswet", "Ow", "BWBR0037885", (r"\bomgevingswet\b",)),
    Law(
        "wet-op-de-lijkbezorging", "Wet op de lijkbezorging", "Wlb", "BWBR0005009", (r"wet\s+op\s+de\s+lijkbezorging",)
    ),
    Law(
        "wet-toetsing-levensbeeindiging",
        "Wet toetsing levensbeëindiging op verzoek en hulp bij zelfdoding",
        "Wtl",
        "BWBR0012410",
        (r"wet\s+toetsing\s+levensbe[eë]indiging",),
    ),
    Law(
        "wet-ambulancezorgvoorzieningen",
        "Wet ambulancezorgvoorzieningen",
        "Wazv",
        "",
        (r"wet\s+ambulancezorgvoorzieningen",),
    ),
    Law(
        "wet-toetreding-zorgaanbieders",
        "Wet toetreding zorgaanbieders",
        "Wtza",
        "",
        (r"wet\s+toetreding\s+zorgaanbieders",),
    ),
    Law(
        "wmcz-2018",
        "Wet medezeggenschap cliënten zorginstellingen 2018",
        "Wmcz 2018",
        "",
        (r"wet\s+medezeggenschap\s+cli[eë]nten(?:\s+zorginstellingen)?(?:\s+2018)?", r"\bWmcz\b(?:\s+2018)?"),
    ),
    Law(
        "wvggz",
        "Wet verplichte geestelijke gezondheidszorg",
        "Wvggz",
        "BWBR0040635",
        (r"wet\s+verplichte\s+geestelijke\s+gezondheidszorg(?:\s*\(wvggz\))?", r"\bWvggz\b"),
    ),
    Law(
        "wet-tijdelijk-huisverbod",
        "Wet tijdelijk huisverbod",
        "Wth",
        "BWBR0020356",
        (r"wet\s+tijdelijk\s+huisverbod(?:\s*\(wth\))?", r"\bWth\b"),
    ),
    Law(
        "wet-verplichte-meldcode",
        "Wet verplichte meldcode huiselijk geweld en kindermishandeling",
        "",
        "",
        (r"wet\s+(?:verplichte\s+)?meldcode(?:\s+huiselijk\s+geweld\s+en\s+kindermishandeling)?",),
    ),
    Law(
        "wet-gegevensverwerking-samenwerkingsverbanden",
        "Wet gegevensverwerking door samenwerkingsverbanden",
        "Wgs",
        "",
        (r"wet\s+gegevensverwerking\s+door\s+samenwerkingsverbanden(?:\s*\(wgs\))?", r"\bWgs\b"),
    ),
    Law(
        "avg",
        "Algemene verordening gegevensbescherming",
        "AVG",
        "",
        (r"algemene\s+verordening\s+gegevensbescherming", r"\bAVG\b"),
        url="https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016R0679",
    ),
    Law("leerplichtwet-1969", "Leerplichtwet 1969", "", "BWBR0002628", (r"\bleerplichtwet(?:\s+1969)?",)),
    Law(
        "warenwetbesluit-tatoeeren-en-piercen",
        "Warenwetbesluit tatoeëren en piercen",
        "",
        "",
        (r"warenwetbesluit\s+tato[eë]{2}ren\s+en\s+piercen",),
    ),
    Law("wet-politiegegevens", "Wet politiegegevens", "Wpolg", "", (r"wet\s+politiegegevens",)),
    Law("wet-straffen-en-beschermen", "Wet straffen en beschermen", "", "", (r"wet\s+straffen\s+en\s+beschermen",)),
)

LAWS_BY_SLUG = {law.slug: law for law in LAWS}

_ARTICLE = re.compile(
    r"^[\s,]*(?:,\s*)?(artikel\s+[0-9]+(?:\.[0-9]+)?[a-z]?(?:\s*,\s*lid\s+[0-9]+(?:\s+onder\s+[a-zA-Z])?)?)",
    re.IGNORECASE,
)
_MATCHERS = [(law, re.compile("|".join(f"(?:{p})" for p in law.patterns), re.IGNORECASE)) for law in LAWS]


def find_laws(text: str) -> list[ParsedLaw]:
    """The laws mentioned in ``text``, in order of first mention, each once, with a following article.

    ``"Wet publieke gezondheid artikel 2h"`` gives the Wpg with ``"artikel 2h"``; a law mentioned
    twice keeps its first article. Overlapping mentions ("Wet verplichte geestelijke gezondheidszorg
    (Wvggz)") count once.
    """
    spans: list[tuple[int, int, Law]] = []
    for law, matcher in _MATCHERS:
        for match in matcher.finditer(text):
            spans.append((match.start(), match.end(), law))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    found: dict[str, ParsedLaw] = {}
    covered_until = -1
    for start, end, law in spans:
        if start < covered_until:
            continue
        covered_until = end
        article_match = _ARTICLE.match(text[end : end + 60])
        article = _normalise_article(article_match.group(1)) if article_match else ""
        if law.slug not in found:
            found[law.slug] = ParsedLaw(framework=law.slug, article=article)
        elif article and not found[law.slug].article:
            found[law.slug].article = article
    return list(found.values())


def _normalise_article(article: str) -> str:
    article = re.sub(r"\s+", " ", article.strip())
    return "artikel" + article[len("artikel") :]
