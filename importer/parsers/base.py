"""The contract between the book parsers and the importer.

Section texts use one small plain-text convention, rendered to HTML by ``catalogue.text``:

- paragraphs are separated by one blank line; a paragraph is one line (the PDF's line breaks are
  joined back into sentences);
- a list item is a line starting with ``- ``; a nested item starts with two spaces and ``- ``;
  consecutive items form one list.
"""

from dataclasses import dataclass, field

from services.models import Commissioning


class ParseError(Exception):
    """The text is not a product book of the expected format."""

    def __init__(self, line: int, expected: str, found: str = "") -> None:
        self.line = line
        self.expected = expected
        self.found = found
        message = f"regel {line}: verwacht {expected}"
        if found:
            message += f", gevonden: {found[:80]!r}"
        super().__init__(message)


@dataclass
class ParsedLaw:
    framework: str  # slug of a framework in importer.laws.LAWS
    article: str = ""  # e.g. "artikel 2h"
    note: str = ""


@dataclass
class ParsedTier:
    code: str  # "1", "2a", "basispakket", ...
    name: str  # "Schil 1", "Basispakket JGZ"
    definition: str
    order: int
    statutory: bool
    commissioning: Commissioning


@dataclass
class ParsedUnit:
    name: str
    slug: str
    order: int
    introduction: str = ""


@dataclass
class ParsedProduct:
    title: str
    slug: str  # unique within the book
    unit: str  # slug of a ParsedUnit
    tiers: list[str]  # codes of ParsedTiers, in order
    order: int  # position in the book, 1-based
    line: int  # line in the source text where the product starts (for messages)
    summary: str = ""
    goal: str = ""
    audience: str = ""
    legal_text: str = ""
    activities: str = ""
    rationale: str = ""
    result: str = ""
    professionals: str = ""
    contacts: str = ""
    laws: list[ParsedLaw] = field(default_factory=list)
    age_min_months: int | None = None
    age_max_months: int | None = None
    municipalities: list[str] = field(default_factory=list)  # CBS codes of individual uptake
    # A table the book prints in the product's text (services.tables): {"columns", "rows", "note"}.
    table: dict = field(default_factory=dict)
    umbrella: str = ""  # slug of the product whose sub-product this is (its introduction is shown above it)


@dataclass
class ParsedOrganisation:
    name: str
    short_name: str
    slug: str
    kind: str  # services.models.Organisation.Kind value
    website: str
    region: str  # slug of a municipalities.Region
    introduction: str
    headings: dict[str, str]  # Organisation.heading_* field suffix -> heading text
    general_contact: str = ""  # the contact the book names for questions in general, one "- Soort: ..." a line


@dataclass
class ParsedBook:
    organisation: ParsedOrganisation
    edition_title: str
    units: list[ParsedUnit]
    tiers: list[ParsedTier]
    products: list[ParsedProduct]
    glossary: list[tuple[str, str]] = field(default_factory=list)
