"""Parser for CJG Rijnmond's productenboek, as text extracted from the PDF.

How the book is laid out (and what the PDF extraction did to it):

- Chapters open with their title on a line of its own that starts with one space (" Rijksvaccinatieprogramma");
  the same title comes back as a running head on later pages, next to a page number on a line of its own.
  The chapters are the Inleiding, "Waar wij voor staan", the Basispakket JGZ ("Programma CJG Next"), the
  Rijksvaccinatieprogramma, the uniform prenatal offer, the Aanvullend Preventief Pakket (APP) and the
  "Begrippenlijst en werkgebied"; a table of contents closes the file.
- Sections are numbered ("5.1.2. Zwangerschapssupport"); a heading may be glued to the previous line (it then
  starts with a space) and may run on to a second line that starts in lower case.
- A product in the RVP, prenatal and APP chapters is a section with labelled fields: a label, a tab, the text
  ("Doelstelling\\t Een optimale ..."). Products have Doelstelling, Inhoud, Resultaat, Doelgroep and
  Professional(s); the APP's functions and services ("Pedagoog", "Netwerkregie") have Taakomschrijving and
  Werkzaamheden instead, and the communication services Strategie, Creatie and Werkzaamheden. A short lead
  paragraph (the book's one-line description of the product) sits between the heading and the first field.
- The Basispakket chapter describes its offer in prose: the special target groups (2.4.x) and the four core
  tasks (2.5.x) have no labelled fields. Sections 2.1-2.3 describe the CJG Next programme, not an offer.
  In the APP chapter, "5.5. Mbo 18+" and "5.7 Aanvullend volume Basispakket JGZ" are offers in prose too.
- Lists are bullets ("•\\t") or numbers ("1.\\t"), their continuation lines start with a tab; pages break
  mid-sentence, leaving a blank line before a line that starts in lower case.
- Side boxes with a link ("Informatie over vaccinaties / eenprikzogepiept.nl/vaccinaties") become contacts;
  pull quotes (a block of very short lines) are dropped.

Which of these are products, units and tiers is explained where it is decided, below.
"""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from importer.laws import find_laws
from importer.parsers.ages import read_ages
from importer.parsers.base import (
    ParsedBook,
    ParsedOrganisation,
    ParsedProduct,
    ParsedTier,
    ParsedUnit,
    ParseError,
)
from services.models import Commissioning

HEADINGS = {
    "goal": "Doelstelling",
    "audience": "Doelgroep",
    "legal": "Wettelijk kader",
    "activities": "Inhoud",
    "rationale": "Waarom",
    "result": "Resultaat",
    "professionals": "Professional",
}

# Field label -> product attribute. Taakomschrijving, Strategie, Creatie and Werkzaamheden describe what a
# function or service does, so they all go to the activities (in book order, the last three with their label).
_FIELDS = {
    "Doelstelling": "goal",
    "Inhoud": "activities",
    "Resultaat": "result",
    "Doelgroep": "audience",
    "Professional": "professionals",
    "Professionals": "professionals",
    "Taakomschrijving": "activities",
    "Strategie": "activities",
    "Creatie": "activities",
    "Werkzaamheden": "activities",
}
_LABELLED_IN_ACTIVITIES = ("Strategie", "Creatie", "Werkzaamheden")


@dataclass(frozen=True)
class _TierSpec:
    code: str
    name: str
    keywords: str  # regex naming the tier in running text
    commissioning: Commissioning


# The book's own division of its offer (Inleiding: "Onze dienstverlening is onderverdeeld in het wettelijk
# vastgelegde Basispakket JGZ, ..., het RVP, ons uniforme aanbod in de prenatale periode en het APP").
# The Basispakket, the RVP and the uniform prenatal offer are the same for every municipality ("De
# samenstelling van het Basispakket JGZ is voor elke gemeente gelijk"; the RVP is carried out "in opdracht van
# gemeenten" for the RIVM; the prenatal offer is "uniform"), so all members commission them together. The APP
# is what a municipality chooses ("Je kan ook kiezen voor ... uit ons APP ... zodat je een pakket kunt
# samenstellen dat bij jouw gemeente ... past"): bought per municipality.
# A tier is statutory only where the book says so: it calls the Basispakket "wettelijk vastgelegd" and says
# nothing of the kind about the RVP, the prenatal offer or the APP (see _STATUTORY).
_TIERS = (
    _TierSpec("basispakket", "Basispakket JGZ", r"Basispakket", Commissioning.ALL_MEMBERS),
    _TierSpec("rvp", "Rijksvaccinatieprogramma", r"Rijksvaccinatie|\bRVP\b", Commissioning.ALL_MEMBERS),
    _TierSpec("prenataal", "Uniform aanbod prenatale fase", r"prenata", Commissioning.ALL_MEMBERS),
    _TierSpec("app", "Aanvullend Preventief Pakket", r"Aanvullend Preventief Pakket|\bAPP\b", Commissioning.INDIVIDUAL),
)
# "het wettelijk vastgelegde Basispakket": the law fixes the tier itself.
_STATUTORY = r"\bwettelijk(?:e)?\s+(?:vastgelegde?\s+|verplichte?\s+)(?:{keywords})"
_TIER_BY_CODE = {tier.code: tier for tier in _TIERS}


@dataclass(frozen=True)
class _ChapterSpec:
    role: str  # "intro", "about", "offer", "glossary"
    tier: str = ""
    # The chapter is named after its tier, so its opening paragraph defines the tier.
    defines_tier: bool = False
    # The chapter describes its products in prose, without labelled fields (the Basispakket).
    prose_products: bool = False
    # Its x.y sections without subsections or fields are offers in prose (APP: "5.5. Mbo 18+"); elsewhere they
    # are programme text (CJG Next's three pillars, 2.1-2.3).
    prose_leaf_sections_are_offers: bool = False
    # The chapter's opening text describes an offer of its own, with a table (the RVP and its vaccinations):
    # that text is a catalogue entry in the chapter's tier, not only the unit's introduction.
    intro_is_offer: bool = False


_CHAPTERS = {
    "Inleiding": _ChapterSpec("intro"),
    "Waar wij voor staan": _ChapterSpec("about"),
    "Programma CJG Next": _ChapterSpec("offer", "basispakket", prose_products=True),
    "Rijksvaccinatieprogramma": _ChapterSpec("offer", "rvp", defines_tier=True, intro_is_offer=True),
    "Uniform aanbod prenatale fase": _ChapterSpec("offer", "prenataal", defines_tier=True),
    "Aanvullend Preventief Pakket": _ChapterSpec(
        "offer", "app", defines_tier=True, prose_leaf_sections_are_offers=True
    ),
    "Begrippenlijst en werkgebied": _ChapterSpec("glossary"),
}

_CHAPTER_START = re.compile(r"^ (?=[A-ZÀ-Ý])([^\t]*?)\s*$")
_HEADING = re.compile(r"^ ?(\d+(?:\.\d+)+)\.?[ \t]+(?=[A-ZÀ-Ý])(\S.*?)\s*$")
_LABEL = re.compile(r"^ ?([A-ZÀ-Ý][a-zà-ÿ]+) *\t(.*)$")
_FOOTNOTE = re.compile(r"^(\d)\t\s*(.*)$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_URL = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$")
_BULLET = re.compile(r"^[•\u2022]\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s*\t\s*(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý(‘'\"])")
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


def parse(text: str, *, year: int) -> ParsedBook:
    lines = _prepare(text)
    chapters = _split_chapters(lines)
    intro = next(ch for ch in chapters if ch.spec.role == "intro")
    offers = [ch for ch in chapters if ch.spec.role == "offer"]
    glossary_chapter = next((ch for ch in chapters if ch.spec.role == "glossary"), None)
    if glossary_chapter is None:
        raise ParseError(
            len(lines), "het hoofdstuk 'Begrippenlijst en werkgebied' (de tekst lijkt afgebroken)", "einde van de tekst"
        )
    for chapter in chapters:
        if chapter.spec.role in ("intro", "about"):
            _refuse_fields_outside_products(chapter.body, f"het hoofdstuk '{chapter.title}'")
    introduction, footnotes, intro_sentences = _introduction(intro)
    glossary, werkgebied = _glossary(glossary_chapter)
    if not werkgebied:
        raise ParseError(
            glossary_chapter.end,
            "de lijst van gemeenten in het werkgebied (de tekst lijkt afgebroken)",
            "einde van de tekst",
        )

    units: list[ParsedUnit] = []
    products: list[ParsedProduct] = []
    tier_chapter_text: dict[str, str] = {}
    umbrellas: list[tuple[ParsedProduct, ParsedProduct]] = []
    for chapter in offers:
        chapter_units, chapter_products, chapter_umbrellas = _offer(chapter)
        units.extend(chapter_units)
        products.extend(chapter_products)
        umbrellas.extend(chapter_umbrellas)
        if chapter.spec.defines_tier:
            tier_chapter_text[chapter.spec.tier] = _first_paragraph(_format(chapter.intro)[0])
    if not any(p.goal for p in products):
        raise ParseError(len(lines), "producten met velden als 'Doelstelling' en 'Inhoud'", "geen enkel productveld")

    tiers = _tiers(intro_sentences + footnotes, tier_chapter_text)
    for order, product in enumerate(products, start=1):
        # The Basispakket's statutory age (footnote 1: "tot 18 jaar") defines the package, not each of its
        # products: a product has the ages its own text states (importer.parsers.ages).
        product.order = order
    _assign_slugs(products, {unit.slug: unit for unit in units})
    for part, umbrella in umbrellas:
        part.umbrella = umbrella.slug
    for order, unit in enumerate(units, start=1):
        unit.order = order

    organisation = ParsedOrganisation(
        name=_organisation_name(text),
        short_name="CJG Rijnmond",
        slug="cjg-rijnmond",
        kind="cjg",
        website="https://cjgrijnmond.nl" if re.search(r"\bcjgrijnmond\.nl\b", text) else "",
        region="rijnmond",
        introduction=introduction,
        headings=dict(HEADINGS),
        general_contact=_general_contact(text),
    )
    return ParsedBook(
        organisation=organisation,
        edition_title=f"Productenboek {year}",
        units=units,
        tiers=tiers,
        products=products,
        glossary=glossary,
    )


def werkgebied(text: str) -> list[str]:
    """The municipalities of CJG Rijnmond's area, as the book's "Werkgebied" entry lists them."""
    chapters = _split_chapters(_prepare(text))
    glossary_chapter = next((ch for ch in chapters if ch.spec.role == "glossary"), None)
    return _glossary(glossary_chapter)[1] if glossary_chapter else []


# --- lines and chapters ---------------------------------------------------------------------------------------


Line = tuple[int, str]  # (1-based line number in the source text, text)


def _prepare(text: str) -> list[str]:
    """The text's lines (index i is line i + 1), with PDF debris made blank so line numbers stay true."""
    lines = [
        line.rstrip("\r").replace("\xa0", " ").replace("\u202f", " ").replace("\ufffc", "") for line in text.split("\n")
    ]
    titles = set(_CHAPTERS)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _PAGE_NUMBER.match(line) or (stripped in titles and not _CHAPTER_START.match(line)):
            lines[i] = ""  # page number or running head
    _blank_pull_quotes(lines)
    return lines


def _blank_pull_quotes(lines: list[str]) -> None:
    """Blank quotes set in large type beside the text: four or more very short lines forming a block."""
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        block = lines[i:j]
        if (
            len(block) >= 4
            and all(len(line.strip()) <= 25 and "\t" not in line for line in block)
            and not any(_HEADING.match(line) or _CHAPTER_START.match(line) for line in block)
            and not _URL.match(block[-1].strip())
        ):
            for k in range(i, j):
                lines[k] = ""
        i = j


@dataclass
class _Chapter:
    title: str
    spec: _ChapterSpec
    start: int  # line number of the chapter title
    end: int  # last line number
    body: list[Line]
    intro: list[Line] = field(default_factory=list)
    sections: list["_Section"] = field(default_factory=list)


def _split_chapters(lines: list[str]) -> list[_Chapter]:
    """Split the text at the chapter titles (one leading space, a title the book uses for a chapter).

    A line with a leading space that is not a chapter title is text glued to a page break; a chapter this
    parser does not know shows up as its sections being out of order.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ParseError(1, "een productenboek van CJG Rijnmond", "een lege tekst")
    match = _CHAPTER_START.match(lines[first])
    if not match or match.group(1) != "Inleiding":
        raise ParseError(first + 1, "de kop 'Inleiding' waarmee het productenboek begint", lines[first].strip())
    _refuse_hecht(lines)
    chapters: list[_Chapter] = []
    for i in range(first, len(lines)):
        match = _CHAPTER_START.match(lines[i])
        spec = _CHAPTERS.get(match.group(1)) if match else None
        if match is None or spec is None:
            if chapters:
                chapters[-1].body.append((i + 1, lines[i]))
            continue
        if chapters:
            chapters[-1].end = i
        chapters.append(_Chapter(title=match.group(1), spec=spec, start=i + 1, end=len(lines), body=[]))
    return chapters


def _refuse_hecht(lines: list[str]) -> None:
    """Hecht's books ask six questions where CJG Rijnmond has labelled fields; say so instead of failing later."""
    for i, line in enumerate(lines):
        if line.strip().startswith(("Wat willen we bereiken?", "Voor wie doen we het?")):
            raise ParseError(
                i + 1,
                "de velden van een CJG Rijnmond-product (Doelstelling, Inhoud, ...); dit lijkt een productenboek "
                "van Hecht (gebruik het formaat 'hecht')",
                line.strip(),
            )


# --- sections and products ------------------------------------------------------------------------------------


@dataclass
class _Section:
    number: tuple[int, ...]
    title: str
    line: int
    body: list[Line] = field(default_factory=list)
    children: list["_Section"] = field(default_factory=list)
    parent: "_Section | None" = None


def _split_sections(chapter: _Chapter) -> None:
    """Split the chapter body into its numbered sections (a tree) and the text before the first one."""
    previous: _Section | None = None
    stack: list[_Section] = []
    body = chapter.body
    i = 0
    while i < len(body):
        number, text = body[i]
        match = _HEADING.match(text)
        if not match:
            (previous.body if previous else chapter.intro).append((number, text))
            i += 1
            continue
        section_number = tuple(int(n) for n in match.group(1).split("."))
        title = match.group(2)
        if previous and (section_number[0] != previous.number[0] or section_number <= previous.number):
            raise ParseError(
                number, f"een paragraaf na {_dotted(previous.number)} in hoofdstuk '{chapter.title}'", text.strip()
            )
        # A heading broken over two lines continues on a line that starts in lower case.
        while i + 1 < len(body) and body[i + 1][1][:1].islower():
            title = f"{title} {body[i + 1][1].strip()}"
            i += 1
        section = _Section(section_number, _clean_inline(title), number)
        while stack and not _is_prefix(stack[-1].number, section_number):
            stack.pop()
        if stack:
            section.parent = stack[-1]
            stack[-1].children.append(section)
        else:
            chapter.sections.append(section)
        stack.append(section)
        previous = section
        i += 1


def _is_prefix(prefix: tuple[int, ...], number: tuple[int, ...]) -> bool:
    return len(prefix) < len(number) and number[: len(prefix)] == prefix


def _dotted(number: tuple[int, ...]) -> str:
    return ".".join(str(n) for n in number) + "."


def _walk(sections: list[_Section]):
    for section in sections:
        yield section
        yield from _walk(section.children)


def _offer(
    chapter: _Chapter,
) -> tuple[list[ParsedUnit], list[ParsedProduct], list[tuple[ParsedProduct, ParsedProduct]]]:
    """The units and products of one offer chapter.

    Units are the sections that group the offer: the chapter itself when its products are its sections
    (RVP, prenatal offer), otherwise its x.y sections (Bijzondere doelgroepen, Kerntaken; the APP's
    "Aanbod in de eerste 1.000 dagen", ...). A product is a section without subsections that has labelled
    fields, or is described in prose where the book does so: the Basispakket's x.y.z sections and the APP's
    x.y sections without subsections. An intermediate section (5.6.11 Opvoedondersteuning) is an umbrella: a
    product in prose of its own, which its sub-products refer to (returned as (part, umbrella) pairs) instead
    of repeating its text. A chapter whose opening text is an offer (the RVP) has that offer as its first
    product.
    """
    _split_sections(chapter)
    _refuse_fields_outside_products(chapter.intro, "de inleiding van het hoofdstuk")
    nested = any(section.children for section in chapter.sections)
    units: list[ParsedUnit] = []
    products: list[ParsedProduct] = []
    umbrellas: list[tuple[ParsedProduct, ParsedProduct]] = []
    if not nested:
        unit = ParsedUnit(name=chapter.title, slug=slugify(chapter.title), order=0)
        units.append(unit)
        if chapter.spec.intro_is_offer:
            products.append(_programme(chapter, unit))
        else:
            unit.introduction = _unit_text(chapter.intro)
        for section in chapter.sections:
            products.append(_labelled_product(section, unit, chapter))
        return units, products, umbrellas

    for top in chapter.sections:
        if not top.children:
            if _has_fields(top):
                unit = ParsedUnit(name=top.title, slug=slugify(top.title), order=0)
                units.append(unit)
                products.append(_labelled_product(top, unit, chapter))
            elif chapter.spec.prose_leaf_sections_are_offers:
                unit = ParsedUnit(name=top.title, slug=slugify(top.title), order=0)
                units.append(unit)
                products.append(_prose_product(top, unit, chapter))
            # else: programme text (CJG Next's pillars), not an offer
            continue
        _refuse_fields_outside_products(top.body, f"de inleiding van paragraaf {_dotted(top.number)}")
        unit = ParsedUnit(name=top.title, slug=slugify(top.title), order=0, introduction=_unit_text(top.body))
        units.append(unit)
        umbrella_of: dict[int, ParsedProduct] = {}
        for section in _walk(top.children):
            if section.children:
                _refuse_fields_outside_products(section.body, f"de inleiding van paragraaf {_dotted(section.number)}")
                umbrella = _prose_product(section, unit, chapter)
                umbrella_of[id(section)] = umbrella
                products.append(umbrella)
                continue
            if _has_fields(section) or not chapter.spec.prose_products:
                part = _labelled_product(section, unit, chapter)
            else:
                part = _prose_product(section, unit, chapter)
            products.append(part)
            if section.parent is not None and id(section.parent) in umbrella_of:
                umbrellas.append((part, umbrella_of[id(section.parent)]))
    return units, products, umbrellas


def _programme(chapter: _Chapter, unit: ParsedUnit) -> ParsedProduct:
    """The offer a chapter's opening text describes (the RVP): its prose, and its table as data."""
    lines = [(number, text) for number, text in chapter.intro]
    table, kept = _table(lines)
    text, contacts = _format(kept)
    if not text or not table:
        line = chapter.intro[0][0] if chapter.intro else chapter.start
        raise ParseError(line, f"de beschrijving en de tabel van '{chapter.title}' aan het begin van het hoofdstuk")
    summary = _summary(_first_statement(_first_paragraph(text)))
    product = _in_prose(chapter.title, chapter.start, text, contacts, unit, chapter, summary, table=table)
    # The table states the ages the programme vaccinates at: from the first to the last.
    ages = [_table_age(row[1]) for row in table["rows"]]
    product.age_min_months = min(low for low, _ in ages)
    product.age_max_months = max(high for _, high in ages)
    _legal(product, unit, [text])
    return product


def _first_statement(paragraph: str) -> str:
    """The first sentence that ends in a full stop: "Een prik? Zo gepiept!" is a name, not two sentences."""
    parts: list[str] = []
    for sentence in _sentences(paragraph):
        parts.append(sentence)
        if sentence.endswith("."):
            break
    return " ".join(parts)


def _table(lines: list[Line]) -> tuple[dict, list[Line]]:
    """The vaccination table (header, rows of type/age/count, a footnote starting with "*") and the other lines."""
    rows: list[list[str]] = []
    kept: list[Line] = []
    header: Line | None = None
    first_row: Line = (0, "")
    note = ""
    for number, text in lines:
        stripped = text.strip()
        row = _TABLE_ROW.match(stripped)
        if row:
            if not rows:
                first_row = (number, stripped)
            rows.append([row.group("type"), _clean_inline(row.group("age")), row.group("count")])
            continue
        if rows and stripped.startswith("*"):
            note = _clean_inline(stripped[1:])
            continue
        kept.append((number, text))
        if rows or not stripped:
            continue
        # The last line without punctuation before the rows is the column headings.
        header = None if re.search(r"[.:;,!?]$", stripped) else (number, text)
    if not rows:
        return {}, lines
    if header is None:
        raise ParseError(first_row[0], "de kolomkoppen boven deze tabelrij", first_row[1])
    columns = re.split(r"\s+(?=[A-ZÀ-Ý])", header[1].strip())
    if len(columns) != 3:
        raise ParseError(header[0], "drie kolomkoppen (type, leeftijd, aantal)", header[1].strip())
    kept = [line for line in kept if line != header]
    return {"columns": columns, "rows": rows, "note": note}, kept


def _table_age(age: str) -> tuple[int, int]:
    """ "2*, 3, 5, 11 maand(en)" -> (2, 11); "9 jaar" -> (108, 108)."""
    numbers = [int(n) for n in re.findall(r"\d+", age)]
    factor = 12 if age.endswith("jaar") else 1
    return min(numbers) * factor, max(numbers) * factor


def _has_fields(section: _Section) -> bool:
    return any(_field_label(text) for _, text in section.body)


def _field_label(text: str) -> str:
    match = _LABEL.match(text)
    return match.group(1) if match else ""


def _refuse_fields_outside_products(lines: list[Line], where: str) -> None:
    for number, text in lines:
        label = _field_label(text)
        if label in _FIELDS:
            raise ParseError(number, f"een productkop (bijv. '5.1.2. Titel') vóór het veld '{label}' in {where}", text)


def _split_fields(section: _Section) -> tuple[list[Line], list[tuple[str, int, list[Line]]]]:
    lead: list[Line] = []
    fields: list[tuple[str, int, list[Line]]] = []
    for number, text in section.body:
        match = _LABEL.match(text)
        if match:
            label = match.group(1)
            if label not in _FIELDS:
                known = ", ".join(dict.fromkeys(_FIELDS))
                raise ParseError(number, f"een veldlabel ({known})", label)
            if label in {f[0] for f in fields}:
                raise ParseError(
                    number, f"een productkop vóór het tweede veld '{label}' (na '{section.title}')", text.strip()
                )
            fields.append((label, number, [(number, match.group(2))]))
        elif fields:
            fields[-1][2].append((number, text))
        else:
            lead.append((number, text))
    return lead, fields


def _labelled_product(section: _Section, unit: ParsedUnit, chapter: _Chapter) -> ParsedProduct:
    lead_lines, fields = _split_fields(section)
    labels = [label for label, _, _ in fields]
    is_product = "Doelstelling" in labels and "Inhoud" in labels
    is_service = "Werkzaamheden" in labels and ("Taakomschrijving" in labels or "Strategie" in labels)
    if not (is_product or is_service):
        missing = [label for label in ("Doelstelling", "Inhoud") if label not in labels]
        raise ParseError(
            section.line,
            f"de velden 'Doelstelling' en 'Inhoud' (of 'Taakomschrijving' en 'Werkzaamheden') bij "
            f"'{_dotted(section.number)} {section.title}'; ontbreekt: {', '.join(missing)}",
            ", ".join(labels) or "geen velden",
        )
    product = ParsedProduct(
        title=section.title, slug="", unit=unit.slug, tiers=[chapter.spec.tier], order=0, line=section.line
    )
    contacts: list[str] = []
    lead, lead_contacts = _format(lead_lines)
    contacts += lead_contacts
    activities: list[str] = []
    if lead and _summary(lead) != lead:
        activities.append(lead)  # too long for the summary: keep all of it at the head of the activities
    for label, _, lines in fields:
        text, found = _format(lines)
        contacts += found
        attribute = _FIELDS[label]
        if attribute == "activities":
            if label in _LABELLED_IN_ACTIVITIES:
                text = _with_label(label, text)
            activities.append(text)
        elif attribute == "professionals":
            product.professionals = _as_list(text)
        else:
            setattr(product, attribute, text)
    product.activities = "\n\n".join(t for t in activities if t)
    product.contacts = "\n".join(f"- {c}" for c in contacts)
    product.summary = _summary(lead or product.goal or product.activities)
    product.age_min_months, product.age_max_months = read_ages(
        (product.audience, lead), course=product.activities, goal=product.goal
    )
    _legal(product, unit, [lead, product.goal, product.audience, product.activities, product.result])
    return product


def _in_prose(
    title: str, line: int, text: str, contacts: list[str], unit: ParsedUnit, chapter: _Chapter, summary: str, **extra
) -> ParsedProduct:
    """A product the book describes in prose: its text is the activities."""
    return ParsedProduct(
        title=title,
        slug="",
        unit=unit.slug,
        tiers=[chapter.spec.tier],
        order=0,
        line=line,
        activities=text,
        summary=summary,
        contacts="\n".join(f"- {c}" for c in contacts),
        **extra,
    )


def _prose_product(section: _Section, unit: ParsedUnit, chapter: _Chapter) -> ParsedProduct:
    text, contacts = _format(section.body)
    if not text:
        raise ParseError(section.line, f"een beschrijving bij '{_dotted(section.number)} {section.title}'", "")
    summary = _summary(_sentences(_first_paragraph(text))[0])
    product = _in_prose(section.title, section.line, text, contacts, unit, chapter, summary)
    product.age_min_months, product.age_max_months = read_ages((text,), title=section.title)
    _legal(product, unit, [text])
    return product


def _unit_text(lines: list[Line]) -> str:
    return _format(lines, tables=True)[0]


def _legal(product: ParsedProduct, unit: ParsedUnit, own_texts: list[str]) -> None:
    """Laws named in the unit's introduction (they hold for all its products) or in the product's own text.

    The APP's chapter text says its products are "deels" carried out under the Jeugdwet without saying which,
    so a chapter introduction gives no product a law.
    """
    sentences = [s for s in _sentences(unit.introduction) if find_laws(s)]
    for text in own_texts:
        sentences += [s for s in _sentences(text) if find_laws(s) and s not in sentences]
    if sentences:
        product.legal_text = " ".join(sentences)
        product.laws = find_laws(product.legal_text)


# --- text -----------------------------------------------------------------------------------------------------


def _format(lines: list[Line], *, tables: bool = False) -> tuple[str, list[str]]:
    """Lines of the book -> the section text convention (see importer.parsers.base), and the side boxes' links."""
    raw = [text for _, text in lines]
    raw, contacts = _take_link_boxes(raw)
    blocks: list[tuple[str, list[str]]] = []  # ("p" | "li" | "table", fragments)
    previous_blank = True
    for text in raw:
        stripped = text.strip()
        if not stripped:
            previous_blank = True
            continue
        indented = text.startswith(("\t", " \t"))
        bullet = _BULLET.match(stripped)
        numbered = _NUMBERED.match(stripped) if not bullet else None
        if bullet:
            blocks.append(("li", [bullet.group(1).strip()]))
        elif numbered:
            blocks.append(("li", [f"{numbered.group(1)}. {numbered.group(2).strip()}"]))
        elif indented and stripped[:1].isupper() and (previous_blank or not blocks or blocks[-1][0] != "li"):
            # An indented line that starts a sentence is a list item whose bullet glyph was lost (the
            # Inleiding's reading guide); indented lines inside an item continue it.
            blocks.append(("li", [stripped]))
        elif tables and _TABLE_ROW.match(stripped):
            blocks.append(("row", [stripped]))
        elif blocks and blocks[-1][0] == "li":
            if previous_blank and not indented and not stripped[:1].islower():
                blocks.append(("p", [stripped]))
            else:
                blocks[-1][1].append(stripped)
        elif blocks and blocks[-1][0] == "p" and (not previous_blank or stripped[:1].islower()):
            blocks[-1][1].append(stripped)
        else:
            blocks.append(("p", [stripped]))
        previous_blank = False
    if tables:
        blocks = _tables_as_lists(blocks)
    out: list[str] = []
    for kind, fragments in blocks:
        joined = _clean_inline(_join(fragments))
        if not joined:
            continue
        if kind == "li":
            item = f"- {joined}"
            if out and out[-1].startswith("- "):
                out[-1] += "\n" + item
            else:
                out.append(item)
        else:
            out.append(joined)
    return "\n\n".join(out), contacts


_TABLE_ROW = re.compile(
    r"^(?P<type>\S.*?)\s+(?P<age>(?:[\d*]+,\s*)*[\d*]+\s*(?:maand\(en\)|maanden|jaar))\s+(?P<count>\d+(?:\s+of\s+\d+)?)$"
)


def _tables_as_lists(blocks: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The RVP's vaccination table (type, age, number of doses per row) as list items; its header goes."""
    result: list[tuple[str, list[str]]] = []
    for kind, fragments in blocks:
        if kind != "row":
            result.append((kind, fragments))
            continue
        if result and result[-1][0] == "p" and not re.search(r"[.:;,!?]", result[-1][1][-1]):
            result.pop()  # the column headings
        row = _TABLE_ROW.match(fragments[0])
        assert row is not None
        count = row.group("count")
        doses = "vaccinatie" if count == "1" else "vaccinaties"
        result.append(("li", [f"{row.group('type')}: {row.group('age')}, {count} {doses}"]))
    return result


def _take_link_boxes(raw: list[str]) -> tuple[list[str], list[str]]:
    """Remove side boxes (a caption of one or two lines above a bare link) and return them as contacts."""
    kept: list[str] = []
    contacts: list[str] = []
    i = 0
    while i < len(raw):
        if not raw[i].strip():
            kept.append(raw[i])
            i += 1
            continue
        j = i
        while j < len(raw) and raw[j].strip():
            j += 1
        block = [line.strip() for line in raw[i:j]]
        if 2 <= len(block) <= 3 and _URL.match(block[-1]) and not any("\t" in line for line in raw[i:j]):
            caption = _clean_inline(" ".join(block[:-1]))
            contacts.append(f"{caption}: {block[-1]}")
        else:
            kept.extend(raw[i:j])
        i = j
    return kept, contacts


def _join(fragments: list[str]) -> str:
    """Join the lines of one paragraph, undoing the hyphenation of words broken at the end of a line."""
    text = ""
    for fragment in fragments:
        fragment = fragment.strip()
        if not text:
            text = fragment
            continue
        if text.endswith("-") and len(text) > 1 and (text[-2].isalpha() or text[-2] == ")") and fragment[:1].islower():
            first_word = fragment.split(" ", 1)[0].rstrip(",;")
            before, after = text[-2], fragment[0]
            if first_word in {"en", "of", "tot", "t/m"}:
                text += " " + fragment  # "medische- en ontwikkelingsgeschiedenis"
            elif before.isupper() or before == ")" or (before.lower() in _VOWELS and after in _VOWELS):
                text += fragment  # "VVE-instelling", "(thema)-bijeenkomst", "video-opnamen"
            else:
                text = text[:-1] + fragment  # "Rijksvaccinatie-" + "programma"
        else:
            text += " " + fragment
    return text


def _clean_inline(text: str) -> str:
    text = text.replace("\t", " ")
    text = re.sub(r"\s+", " ", text).strip()
    # The PDF lost the space after some full stops ("vaccinatie.Tijdens").
    text = re.sub(r"(?<=[a-zà-ÿA-Z])\.(?=[A-ZÀ-Ý][a-zà-ÿ])", ". ", text)
    return text


def _with_label(label: str, text: str) -> str:
    if not text:
        return ""
    first, _, rest = text.partition("\n\n")
    if first.startswith("- "):
        return f"{label}:\n\n{text}"
    return f"{label}: {first}" + (f"\n\n{rest}" if rest else "")


def _as_list(text: str) -> str:
    """Professionals as a list, also where the book gives a single name without a bullet."""
    items = []
    for block in text.split("\n\n"):
        for line in block.split("\n"):
            line = line.strip()
            if line:
                items.append(line if line.startswith("- ") else f"- {line}")
    return "\n".join(items)


def _sentences(text: str) -> list[str]:
    plain = " ".join(line[2:] if line.startswith("- ") else line for line in text.split("\n") if line.strip())
    return [s.strip() for s in _SENTENCE_END.split(plain) if s.strip()]


def _first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0]


def _summary(text: str) -> str:
    """One line saying what the product is: the book's lead paragraph, else the first sentence of the goal."""
    paragraph = _first_paragraph(text)
    if paragraph.startswith("- "):
        paragraph = paragraph.split("\n", 1)[0][2:]
    if len(paragraph) > 400:
        paragraph = _sentences(paragraph)[0]
    if len(paragraph) > 400:
        paragraph = paragraph[:399].rsplit(" ", 1)[0] + "…"
    return paragraph


# --- introduction, tiers, glossary, organisation ------------------------------------------------------------


def _introduction(chapter: _Chapter) -> tuple[str, list[str], list[str]]:
    """The Inleiding as section text (footnotes last, markers removed), its footnotes and its sentences."""
    body: list[Line] = []
    footnotes: list[tuple[str, list[Line]]] = []
    in_footnote = False
    for number, text in chapter.body:
        match = _FOOTNOTE.match(text)
        if match:
            footnotes.append((match.group(1), [(number, match.group(2))]))
            in_footnote = True
        elif in_footnote and text.strip():
            footnotes[-1][1].append((number, text))
        elif in_footnote and not text.strip():
            in_footnote = False
        else:
            body.append((number, text))
    text, _ = _format(body)
    for marker, _ in footnotes:
        # Footnote markers sit right after a word ("23 jaar1", "ouders2").
        text = re.sub(rf"(?<=[a-zà-ÿ]){marker}(?=[\s,.;:)]|$)", "", text, count=1)
    notes = [_format(lines)[0] for _, lines in footnotes]
    introduction = "\n\n".join([text, *notes]) if notes else text
    sentences = _sentences(text)
    footnote_sentences = [s for note in notes for s in _sentences(note)]
    return introduction, footnote_sentences, sentences


def _tiers(intro_sentences: list[str], chapter_text: dict[str, str]) -> list[ParsedTier]:
    """Each tier defined by the Inleiding's sentences about it alone, then its own chapter's opening paragraph."""
    patterns = {tier.code: re.compile(tier.keywords) for tier in _TIERS}
    tiers = []
    for order, spec in enumerate(_TIERS, start=1):
        # Sentences of the reading guide ("In hoofdstuk 3 lichten we ... toe") point into the PDF; they stay out.
        own = [
            s
            for s in intro_sentences
            if patterns[spec.code].search(s)
            and not any(p.search(s) for c, p in patterns.items() if c != spec.code)
            and not re.search(r"\bhoofdstuk\s+\d", s, re.IGNORECASE)
        ]
        parts = [" ".join(own), chapter_text.get(spec.code, "")]
        tiers.append(
            ParsedTier(
                code=spec.code,
                name=spec.name,
                definition="\n\n".join(p for p in parts if p),
                order=order,
                statutory=any(re.search(_STATUTORY.format(keywords=spec.keywords), s) for s in intro_sentences),
                commissioning=spec.commissioning,
            )
        )
    return tiers


@dataclass
class _Entry:
    line: int
    term: str
    multi_line_term: bool  # the term column ran on to the next line ("Anticiperende " / "voorlichting")
    term_run: bool = True  # every line of the entry so far had a term column
    definition: list[Line] = field(default_factory=list)


def _glossary(chapter: _Chapter) -> tuple[list[tuple[str, str]], list[str]]:
    """The begrippenlijst: a term column and a definition column separated by a tab, line by line.

    Returns the terms with their definitions and the municipalities of the "Werkgebied" entry. That entry is
    only the list of municipalities, not a definition, so it is not a glossary term. The list ends at the
    first line that starts a new paragraph outside the two columns (the map caption).
    """
    entries: list[_Entry] = []
    previous_blank = True
    for number, text in chapter.body:
        if not text.strip() and "\t" not in text:
            previous_blank = True
            continue
        current = entries[-1] if entries else None
        if "\t" in text:
            term_column, _, definition = text.partition("\t")
            term = term_column.strip()
            if term and not _BULLET.match(term):
                if current and current.multi_line_term and current.term_run and not previous_blank:
                    current.term = _join([current.term, term])
                    current.definition.append((number, definition))
                else:
                    entries.append(
                        _Entry(number, term, term_column.endswith((" ", "-")), definition=[(number, definition)])
                    )
            elif current:
                current.term_run = False
                current.definition.append((number, "\t" + definition))
        elif current:
            stripped = text.strip()
            if current.multi_line_term and current.term_run and " " not in stripped and not stripped.endswith("."):
                current.term = _join([current.term, stripped])
            elif previous_blank and not stripped[:1].islower():
                break
            else:
                current.definition.append((number, text))
        previous_blank = False

    glossary: list[tuple[str, str]] = []
    municipalities: list[str] = []
    for entry in entries:
        term = _clean_inline(entry.term)
        definition, _ = _format(entry.definition)
        if term.lower() == "werkgebied":
            municipalities = [line[2:] for line in definition.split("\n") if line.startswith("- ")]
            continue
        glossary.append((term, definition))
    return glossary, municipalities


def _organisation_name(text: str) -> str:
    match = re.search(r"Centrum voor Jeugd en Gezin \(CJG\) Rijnmond", text)
    return "Centrum voor Jeugd en Gezin Rijnmond" if match else "CJG Rijnmond"


def _assign_slugs(products: list[ParsedProduct], units: dict[str, ParsedUnit]) -> None:
    """Slugs from titles; two products with one title ("Vrienden") get the last word of their unit's slug."""
    base = {id(p): slugify(p.title)[:100] for p in products}
    counts: dict[str, int] = {}
    for slug in base.values():
        counts[slug] = counts.get(slug, 0) + 1
    used: set[str] = set()
    for product in products:
        slug = base[id(product)]
        if counts[slug] > 1:
            slug = f"{slug}-{units[product.unit].slug.rsplit('-', 1)[-1]}"
        candidate, n = slug, 2
        while candidate in used:
            candidate, n = f"{slug}-{n}", n + 1
        used.add(candidate)
        product.slug = candidate


def _general_contact(text: str) -> str:
    """The contact the book's introduction gives for questions ("Kijk dan op cjgrijnmond.nl of neem contact
    met ons op via telefoonnummer 088 - 20 10 000."), as contact lines; empty when the book names none."""
    lines = []
    if website := re.search(r"Kijk dan\s+op\s+(cjgrijnmond\.nl)\b", text):
        lines.append(f"- Website: {website.group(1)}")
    if phone := re.search(r"neem contact met ons op\s+via telefoonnummer\s+(\d[\d -]*\d)", text):
        lines.append(f"- Telefoon: {' '.join(phone.group(1).split())}")
    return "\n".join(lines)
