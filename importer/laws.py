"""The legal frameworks the catalogues cite, and how to recognise them in a book's text.

This is reference data: the importer creates or updates a LegalFramework row for each law here, with
its name, abbreviation and BWB identifier. BWB identifiers are those of wetten.overheid.nl and were
checked against published law texts; a law without one has none (EU law, amending acts such as the Wet
straffen en beschermen) or could not be checked here (then it is left blank rather than guessed).
"""

import re
from dataclasses import dataclass

from importer.parsers.base import ParsedLaw


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
        # "Wpg" also abbreviates the Wet politiegegevens (Hecht's book uses it for both): a bare "Wpg" is
        # read as this law, the books' usual meaning, with a note that the book only gave the abbreviation.
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
        "BWBR0024649",
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
    Law(
        "wet-politiegegevens",
        "Wet politiegegevens",
        "Wpg",  # as the Veiligheidshuis text abbreviates it; the Wet publieke gezondheid shares it
        "BWBR0022463",
        # The Veiligheidshuis text writes "Wet politiegegevens (Wpg)": the abbreviation in brackets belongs
        # to the police law here and must not be read as a second mention of the Wet publieke gezondheid.
        (r"wet\s+politiegegevens(?:\s*\(\s*wpg\s*\))?",),
    ),
    Law(
        "wet-straffen-en-beschermen",
        "Wet straffen en beschermen",
        "Wsb",
        "",
        (r"wet\s+straffen\s+en\s+beschermen(?:\s*\(\s*wsb\s*\))?",),
    ),
    Law(
        "wet-justitiele-en-strafvorderlijke-gegevens",
        "Wet justitiële en strafvorderlijke gegevens",
        "Wjsg",
        "BWBR0014194",
        (r"wet\s+justiti[eë]le\s+en\s+strafvorderlijke\s+gegevens", r"\bWjsg\b"),
    ),
    Law(
        "penitentiaire-beginselenwet",
        "Penitentiaire beginselenwet",
        "Pbw",
        "BWBR0009709",
        (r"penitentiaire\s+beginselenwet", r"\bPbw\b"),
    ),
    Law(
        "wet-parta",
        "Wet gegevensverwerking persoonsgerichte aanpak radicalisering en terroristische activiteiten",
        "Wet PARTA",
        "",
        (
            r"wet\s+gegevensverwerking\s+persoonsgerichte\s+aanpak\s+radicalisering"
            r"(?:\s+en\s+terroristische\s+activiteiten)?(?:\s*\(\s*wet\s+parta\s*\))?",
            r"\bwet\s+parta\b",
        ),
    ),
    Law(
        "wet-veiligheid-op-school",
        "Wet veiligheid op school",
        "",
        "",
        (r"wet\s+(?:sociale\s+)?veiligheid\s+op\s+school",),
    ),
)

LAWS_BY_SLUG = {law.slug: law for law in LAWS}

_MATCHERS = [(law, re.compile("|".join(f"(?:{p})" for p in law.patterns), re.IGNORECASE)) for law in LAWS]
# A reference into a law: "artikel 2h", "artikel 2.1", "artikel 2, lid 2 onder F", "hoofdstuk 4".
_REFERENCE = re.compile(
    r"\b(?P<kind>artikel|art\.|hoofdstuk)\s+(?P<number>[0-9]+(?:\.[0-9]+)*[a-z]?)(?![0-9a-z])"
    r"(?P<member>\s*,?\s*lid\s+[0-9]+(?:\s+onder\s+[a-z](?![a-z]))?)?",
    re.IGNORECASE,
)
# Articles written inside the abbreviation: "Wet justitiële en strafvorderlijke gegevens (Wjsg 51c)".
_BRACKETED_ARTICLES = re.compile(
    r"^\s*\(\s*[A-Za-z][A-Za-z ]*?\s+(?P<numbers>[0-9]{1,3}[a-z]?(?:\s*(?:,|en)\s*[0-9]{1,3}[a-z]?)*)\s*\)"
)
# The text after a mention that may still speak about that law: up to the end of the sentence or line.
_SENTENCE_END = re.compile(r"[.;](?=\s|$)|\n")
_WINDOW = 100


def _mentions(text: str) -> list[tuple[int, int, Law]]:
    """Non-overlapping law mentions in ``text`` as (start, end, law), in text order."""
    spans: list[tuple[int, int, Law]] = []
    for law, matcher in _MATCHERS:
        for match in matcher.finditer(text):
            spans.append((match.start(), match.end(), law))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    mentions: list[tuple[int, int, Law]] = []
    covered_until = -1
    for start, end, law in spans:
        if start < covered_until:
            continue
        covered_until = end
        mentions.append((start, end, law))
    return mentions


def _shared_abbreviations() -> dict[str, list[Law]]:
    shared: dict[str, list[Law]] = {}
    for law in LAWS:
        if law.abbreviation:
            shared.setdefault(law.abbreviation.lower(), []).append(law)
    return {abbreviation: laws for abbreviation, laws in shared.items() if len(laws) > 1}


# Abbreviations two laws share ("Wpg"): a mention by the abbreviation alone is ambiguous.
_SHARED_ABBREVIATIONS = _shared_abbreviations()


def ambiguity_note(mentioned: str, law: Law) -> str:
    """The note kept with a law the book names only by an abbreviation another law shares, else ""."""
    others = [other for other in _SHARED_ABBREVIATIONS.get(mentioned.strip().lower(), []) if other is not law]
    if not others:
        return ""
    return f"afkorting in het boek: {mentioned.strip()} (kan ook {' of '.join(o.name for o in others)} betekenen)"


def find_laws(text: str) -> list[ParsedLaw]:
    """The laws mentioned in ``text``, in order of first mention, each once, with the article it names.

    ``"Wet publieke gezondheid artikel 2h"`` gives the Wpg with ``"artikel 2h"``. The article may
    follow later in the same sentence ("Jeugdwet als preventieve interventie: zie ... artikel 2.1")
    as long as no other law is named in between; a chapter ("Wmo, hoofdstuk 4") counts when no
    article is named. A law mentioned twice keeps its first article. Overlapping mentions ("Wet
    verplichte geestelijke gezondheidszorg (Wvggz)") count once. A law named only by an abbreviation
    another law shares ("Wpg") carries a note saying so (:func:`ambiguity_note`).
    """
    mentions = _mentions(text)
    found: dict[str, ParsedLaw] = {}
    for index, (start, end, law) in enumerate(mentions):
        limit = min(len(text), end + _WINDOW)
        # Stop at the next other law; the same law again is its abbreviation ("... gegevens (Wjsg 51c)").
        for next_start, _next_end, next_law in mentions[index + 1 :]:
            if next_law is not law:
                limit = min(limit, next_start)
                break
        window = text[end:limit]
        sentence_end = _SENTENCE_END.search(window)
        if sentence_end:
            window = window[: sentence_end.start()]
        article = _article_in(window)
        note = ambiguity_note(text[start:end], law)
        if law.slug not in found:
            found[law.slug] = ParsedLaw(framework=law.slug, article=article, note=note)
        else:
            if article and not found[law.slug].article:
                found[law.slug].article = article
            if found[law.slug].note and not note:
                found[law.slug].note = ""  # also written out in full: not ambiguous
    return list(found.values())


def is_law_title(text: str) -> bool:
    """True when ``text`` names laws and nothing else, e.g. a line "Wet publieke gezondheid artikel 6b".

    Legal sections often list one law per line; such lines must not be joined into one sentence.
    """
    mentions = _mentions(text)
    if not mentions:
        return False
    rest = text
    for start, end, _law in reversed(mentions):
        rest = rest[:start] + " " + rest[end:]
    rest = _REFERENCE.sub(" ", rest)
    rest = re.sub(r"\(\s*[A-Za-z ]{1,20}\)|\ben\b|&", " ", rest)
    return not re.sub(r"[\s.,;:]", "", rest)


def _article_in(window: str) -> str:
    bracketed = _BRACKETED_ARTICLES.match(window)
    if bracketed:
        numbers = re.sub(r"\s*,\s*", ", ", bracketed.group("numbers").strip())
        numbers = re.sub(r"\s+", " ", numbers)
        plural = "," in numbers or " en " in numbers
        return f"{'artikelen' if plural else 'artikel'} {numbers}"
    references = list(_REFERENCE.finditer(window))
    for wanted in ("artikel", "art.", "hoofdstuk"):
        for reference in references:
            if reference.group("kind").lower() == wanted:
                return _normalise_reference(reference)
    return ""


def _normalise_reference(reference: re.Match[str]) -> str:
    kind = reference.group("kind").lower()
    kind = "artikel" if kind == "art." else kind
    member = re.sub(r"\s+", " ", reference.group("member") or "").strip()
    if member:
        member = ", " + member.lstrip(", ").strip()
    return f"{kind} {reference.group('number')}{member}"
