"""Parser for Hecht's product book ("taken en diensten per januari 2026"), as text extracted from the PDF.

The book: an Inleiding, an organogram, the explanation of the tiers ("Schil 1 : ..."), then one chapter
per RVE. A chapter is the RVE's name followed by tier headings ("Schil 2: Wettelijk verplichte taak
gemeente en GR"); under each tier heading come products. A product is a title (sometimes with a tier
suffix "(schil 2a)", sometimes with a subtitle or a lead paragraph) followed by up to six question
headings ("Wat willen we bereiken?", ...).

What the PDF extraction does to that structure, and how this module copes:

- lines are broken mid-sentence: paragraphs are joined back (a trailing space marks a wrapped line;
  a word split without a hyphen is joined when its first part is not a word the book uses elsewhere);
- a new PDF page starts with a space, so a product title or heading can follow the previous product's
  last line without a blank line ("glued"); a heading, or a title ending in its tier, can even end
  up on the same line as text;
- running heads ("Productenboek Hecht 2026 | 43"), the footnote links printed under them, page
  numbers and arrow glyphs are dropped;
- heading wording varies ("Waarom gaan we dit/dat/het doen?", "Wat is het wettelijke kader
  hiervoor?", one "Waaro gaan we dat doen?") and some headings carry non-breaking spaces;
- a product may lack headings: one starts with a mislabelled "Welk resultaat levert het op?" that
  is its goal (it has a second, real one later), two short "Kassiersfuncties" products have none;
- one tier heading ("Schil 3") was extracted into the middle of the product it belongs to.

A product title is recognised by its shape (a short block of at most three lines, no sentence
punctuation at its end, followed by a blank line) and by what follows it: in the middle of a product
such a block only starts a new product when the next heading starts a new product too ("Wat willen we
bereiken?" or a question the current product has already answered). A law name alone on a line in a
legal section has the same shape but is followed by the next question of the same product.

Anything that does not fit raises :class:`ParseError` with the 1-based line number.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from importer.laws import find_laws, is_law_title
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

SHORT_NAME = "Hecht"
SLUG = "hecht"
REGION = "hollands-midden"

HEADINGS = {
    "goal": "Wat willen we bereiken?",
    "audience": "Voor wie doen we het?",
    "legal": "Wat is het wettelijk kader hiervoor?",
    "activities": "Wat gaan we daarvoor doen?",
    "rationale": "Waarom gaan we dit doen?",
    "result": "Welk resultaat levert dit op?",
    # The book has no heading of its own for who carries a product out.
    "professionals": "Wie voeren het uit?",
}

# The question headings, in the book's usual order, with the wording variants the 2026 book uses.
_SECTION_PATTERNS = {
    "goal": r"wat\s+willen\s+we\s+bereiken",
    "audience": r"voor\s+wie\s+doen\s+we\s+(?:het|dat|dit)",
    "legal": r"wat\s+is\s+het\s+wettelijke?\s+kader\s+hiervoor",
    "activities": r"wat\s+gaan\s+we\s+(?:daarvoor|hiervoor)\s+doen",
    "rationale": r"waar\w*\s+gaan\s+we\s+(?:dit|dat|het)\s+doen",  # includes the typo "Waaro"
    "result": r"welk\s+resultaat\s+levert\s+(?:dit|dat|het)\s+op",
}
_SECTION_FIELDS = {
    "goal": "goal",
    "audience": "audience",
    "legal": "legal_text",
    "activities": "activities",
    "rationale": "rationale",
    "result": "result",
}
_ANY_SECTION = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _SECTION_PATTERNS.items())
_HEADING_LINE = re.compile(rf"^(?:{_ANY_SECTION})\s*\??$", re.IGNORECASE)
# A heading glued to the end of a text line: "... voorkomen. Welk resultaat levert het op?"
_HEADING_AT_END = re.compile(rf"^(?P<before>.*?[.!?:;)])\s*(?P<heading>(?:{_ANY_SECTION})\s*\?)$", re.IGNORECASE)
# A heading glued to the start of its text: "Wat willen we bereiken? Het voorkomen van ..."
_HEADING_AT_START = re.compile(rf"^(?P<heading>(?:{_ANY_SECTION})\s*\?)\s*(?P<after>\S.*)$", re.IGNORECASE)

_HEADING_WORDS = re.compile(r"bereiken|doen|hiervoor|resultaat", re.IGNORECASE)  # cheap pre-check
# A product title with its tier glued to the end of the previous product's last sentence:
# "... zo beperkt mogelijk blijft. Zorg voor Oekraïense vluchtelingen (schil 2a)".
_TITLE_AT_END = re.compile(
    r"^(?P<before>.*?[.!?])\s+(?P<title>[A-Z(][^.!?]{2,150}?\(\s*schil\s+[0-9][a-z]?\s*\))\s*$", re.IGNORECASE
)
_TIER_LINE = re.compile(r"^Schil\s+(?P<code>[0-9][a-z]?)\s*:\s*(?P<text>\S.*)$", re.IGNORECASE)
_TIER_SUFFIX = re.compile(
    r"\s*\(?\s*\bschil\s+(?P<first>[0-9][a-z]?)(?:\s+en\s+(?P<second>[0-9][a-z]?))?\s*\)?\s*$", re.IGNORECASE
)
_RUNNING_HEAD = re.compile(
    r"^(?:[0-9]{1,3}\s*\|\s*)?Productenboek\s+Hecht\s+[0-9]{4}(?:\s*\|\s*[0-9]{1,3})?$", re.IGNORECASE
)
_PAGE_NUMBER = re.compile(r"^[0-9]{1,3}$")
_URL_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_BULLET = re.compile(r"^[•●▪]\s*(?P<text>.*)$")
_SUB_BULLET = re.compile(r"^-\s+(?P<text>.*)$")
_NUMBERED = re.compile(r"^(?P<number>[0-9]{1,2})\.\s+(?P<text>\S.*)$")
_LETTERED = re.compile(r"^(?P<letter>[A-H])\t\s*(?P<text>\S.*)$")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(r"\b(?:https?://\S+|www\.[\w-]+(?:\.[\w-]+)+(?:/\S*)?)", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w-])0[0-9]{2,3}\s?[-–]\s?[0-9]{3,4}(?:\s?[0-9]{2,4}){0,2}(?![\w-])")

# Tier code -> (order, statutory, commissioning). The definitions come from the book.
_TIERS = {
    "1": (1, True, Commissioning.ALL_MEMBERS),
    "2a": (2, True, Commissioning.ALL_MEMBERS),
    "2b": (3, True, Commissioning.INDIVIDUAL),
    "3": (4, False, Commissioning.INDIVIDUAL),
    "4": (5, False, Commissioning.OTHER_CLIENTS),
}
_TIER_GROUPS = {"1", "2", "2a", "2b", "3", "4"}
_INDIVIDUAL_TIERS = {"2b", "3"}

# A heading-less product ("Kassiersfuncties ...") is a short description; a long text without any
# question heading means the headings were lost and the text cannot be split into sections.
_MAX_HEADINGLESS_TEXT = 800
_MAX_TITLE_CHARS = 160
_SUMMARY_CHARS = 400


@dataclass(frozen=True)
class _Rve:
    name: str
    slug: str
    pattern: str  # full match on the chapter heading's words, lower case


RVES = (
    _Rve("Concernstaf", "concernstaf", r"concernstaf"),
    _Rve("Coronabestrijding", "coronabestrijding", r"corona-?\s?bestrijding"),
    _Rve(
        "Gezondheidsbevordering en Onderzoek",
        "gezondheidsbevordering-en-onderzoek",
        r"gezondheids-?\s?bevordering en onderzoek",
    ),
    _Rve(
        "Gezondheidsbescherming en Toezicht",
        "gezondheidsbescherming-en-toezicht",
        r"gezondheids-?\s?bescherming en toezicht",
    ),
    _Rve("Jeugdgezondheidszorg", "jeugdgezondheidszorg", r"jeugd-?\s?gezondheidszorg"),
    _Rve(
        "Regionale Ambulancezorgvoorziening",
        "regionale-ambulancezorgvoorziening",
        r"regionale ambulancezorg\s?voorziening(?: hollands midden)?",
    ),
    _Rve("Zorg- en Veiligheidshuis", "zorg-en-veiligheidshuis", r"(?:het )?zorg- en veiligheidshuis"),
)

# The 18 municipalities of Hollands Midden (CBS codes), to read which municipalities take a product.
MUNICIPALITIES = {
    "Alphen aan den Rijn": "GM0484",
    "Hillegom": "GM0534",
    "Kaag en Braassem": "GM1884",
    "Katwijk": "GM0537",
    "Leiden": "GM0546",
    "Leiderdorp": "GM0547",
    "Lisse": "GM0553",
    "Nieuwkoop": "GM0569",
    "Noordwijk": "GM0575",
    "Oegstgeest": "GM0579",
    "Teylingen": "GM1525",
    "Voorschoten": "GM0626",
    "Zoeterwoude": "GM0638",
    "Bodegraven-Reeuwijk": "GM1901",
    "Gouda": "GM0513",
    "Krimpenerwaard": "GM1931",
    "Waddinxveen": "GM0627",
    "Zuidplas": "GM1892",
}
_MUNICIPALITY_NAME = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in MUNICIPALITIES) + r")\b")
# Sentences that say which municipalities take a product.
_UPTAKE_SENTENCES = (
    re.compile(r"uitgevoerd\s+in\s+de\s+gemeenten?\s*:?\s*(?P<names>[^.]+)", re.IGNORECASE),
    re.compile(r"in\s+opdracht\s+van\s+de\s+(?:centrum)?gemeente\s+(?P<names>" + _MUNICIPALITY_NAME.pattern + ")"),
)


# --- lines ---------------------------------------------------------------------------------------


@dataclass
class _Line:
    no: int  # 1-based line number in the source text
    raw: str  # the line with non-breaking spaces made spaces; tabs and trailing whitespace kept
    text: str  # stripped, runs of whitespace collapsed
    kind: str  # blank, junk, url, heading, tier, text
    section: str = ""  # for headings: goal, audience, ...
    tier: str = ""  # for tier headings: "1", "2", ...

    @property
    def open(self) -> bool:
        """The line was wrapped: the sentence goes on on the next line."""
        return self.raw != self.raw.rstrip()


def _normalise(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\ufffd", "").replace("\u00ad", "")
    return re.sub(r"\(\s+", "(", line)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _heading_kind(text: str) -> str:
    match = _HEADING_LINE.match(text)
    if not match:
        return ""
    return next(kind for kind, value in match.groupdict().items() if value)


def _read_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    after_running_head = False
    for no, source in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        raw = _normalise(source)
        stripped = _collapse(raw.replace("\t", " "))
        if not stripped:
            lines.append(_Line(no, raw, "", "blank"))
            continue
        if _RUNNING_HEAD.match(stripped) or _PAGE_NUMBER.match(stripped):
            after_running_head = True
            lines.append(_Line(no, raw, stripped, "junk"))
            continue
        if _URL_LINE.match(stripped):
            # Links under a running head are the page's footnotes (often for another product).
            lines.append(_Line(no, raw, stripped, "junk" if after_running_head else "url"))
            continue
        after_running_head = False
        if not re.search(r"[\w•●▪]", stripped):
            lines.append(_Line(no, raw, stripped, "junk"))  # arrows and other glyphs
            continue
        tier = _TIER_LINE.match(stripped)
        if tier:
            lines.append(_Line(no, raw, stripped, "tier", tier=tier.group("code").lower()))
            continue
        kind = _heading_kind(stripped)
        if kind:
            lines.append(_Line(no, raw, stripped, "heading", section=kind))
            continue
        glued = _HEADING_AT_END.match(stripped) if _HEADING_WORDS.search(stripped) else None
        if glued and glued.group("heading")[0].isupper():
            before = _collapse(glued.group("before"))
            lines.append(_Line(no, before, before, "text"))
            heading = _collapse(glued.group("heading"))
            lines.append(_Line(no, heading, heading, "heading", section=_heading_kind(heading)))
            continue
        glued = _TITLE_AT_END.match(stripped) if "schil" in stripped.lower() else None
        if glued and glued.group("title")[0].isupper():
            before, title = _collapse(glued.group("before")), _collapse(glued.group("title"))
            lines.append(_Line(no, before, before, "text"))
            lines.append(_Line(no, " " + title, title, "text"))  # as if it opened a new page
            continue
        glued = _HEADING_AT_START.match(stripped) if _HEADING_WORDS.search(stripped) else None
        if glued and glued.group("heading")[0].isupper():
            heading = _collapse(glued.group("heading"))
            lines.append(_Line(no, heading, heading, "heading", section=_heading_kind(heading)))
            after = _collapse(glued.group("after"))
            lines.append(_Line(no, after + (" " if raw != raw.rstrip() else ""), after, "text"))
            continue
        lines.append(_Line(no, raw, stripped, "text"))
    return lines


def _vocabulary(lines: list[_Line]) -> set[str]:
    """Words the book uses on their own (not as the first half of a word split over two lines)."""
    words: set[str] = set()
    for line in lines:
        if line.kind != "text":
            continue
        # "(gezondheids)voorlichting" does not make "gezondheids" a word.
        tokens = re.findall(r"(?<![\w-])([^\W\d_]+)(?![\w-]|\)[^\W\d_])", line.raw)
        if tokens and not line.open and re.search(r"[^\W\d_]$", line.raw):
            tokens = tokens[:-1]
        words.update(token.lower() for token in tokens)
    return words


# --- section text --------------------------------------------------------------------------------


@dataclass
class _Piece:
    kind: str  # "p", "li", "li2"
    text: str
    last: _Line
    lines: int = 1


class _TextBuilder:
    """Turns PDF lines into the section text convention (see importer.parsers.base)."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = vocabulary

    def build(self, lines: list[_Line], *, legal: bool = False) -> str:
        pieces: list[_Piece] = []
        blank_before = False
        text_lines = [line for line in lines if line.kind in {"text", "blank"}]
        for position, line in enumerate(text_lines):
            if line.kind == "blank":
                blank_before = True
                continue
            item = self._item(line)
            following = text_lines[position + 1] if position + 1 < len(text_lines) else None
            subheading = self._subheading(line, following) and (
                blank_before or not pieces or pieces[-1].last.raw.rstrip()[-1:] in ".!?:;" or not pieces[-1].last.open
            )
            if item:
                pieces.append(_Piece(item[0], item[1], line))
            elif pieces and not subheading and self._continues(pieces[-1], line, blank_before, legal):
                piece = pieces[-1]
                piece.text = self._join(piece, line)
                piece.last = line
                piece.lines += 1
            else:
                pieces.append(_Piece("p", line.text, line))
                if subheading:
                    # The line after a subheading starts its own paragraph.
                    pieces.append(_Piece("p", "", _Line(line.no, "", "", "blank")))
            blank_before = False
        return self._render(pieces)

    @staticmethod
    def _subheading(line: _Line, following: _Line | None) -> bool:
        """A short line without punctuation that heads the text right below it ("Huisverboden")."""
        if following is None or following.kind != "text" or len(line.text) >= 60:
            return False
        if line.text[-1:] in ".!?:;,-" or not line.text[:1].isupper() or _TextBuilder._item(line):
            return False
        return bool(_TextBuilder._item(following)) or following.text[:1].isupper()

    @staticmethod
    def _item(line: _Line) -> tuple[str, str] | None:
        stripped = line.raw.strip()
        for pattern, kind in ((_BULLET, "li"), (_SUB_BULLET, "li2")):
            match = pattern.match(stripped)
            if match:
                return kind, _collapse(match.group("text"))
        numbered = _NUMBERED.match(stripped)
        if numbered and "\t" in line.raw:
            return "li", f"{numbered.group('number')}. {_collapse(numbered.group('text'))}"
        lettered = _LETTERED.match(stripped)
        if lettered:
            return "p", f"{lettered.group('letter')}. {_collapse(lettered.group('text'))}"
        return None

    @staticmethod
    def _continues(piece: _Piece, line: _Line, blank_before: bool, legal: bool) -> bool:
        previous = piece.last.raw.rstrip()
        first = line.text[:1]
        if first.islower() or previous.endswith("-"):
            return True  # the sentence or the hyphenated word goes on
        if legal and is_law_title(piece.last.text):
            return False  # one law per line
        if not piece.text:
            return False  # right after a subheading
        if previous[-1:] in ".!?:;":
            if not piece.last.open:
                return False
            # A list item of one line ("Duurzame veiligheid en herstel.") may have its explanation
            # after a blank line.
            return not blank_before or (piece.kind != "p" and piece.lines == 1)
        return piece.last.open  # wrapped mid-sentence, possibly across a blank line

    def _join(self, piece: _Piece, line: _Line) -> str:
        text, following = piece.text, line.text
        previous = piece.last
        word = re.search(r"([^\W\d_]+)$", text[-80:])
        if word and not previous.open and following[:1].islower() and word.group(1).lower() not in self.vocabulary:
            return text + following  # a word split over two lines without a hyphen
        if re.search(r"[^\W\d_]-$", text[-2:]):
            next_word = following.split(" ", 1)[0]
            if next_word not in {"en", "of", "tot", "t/m"}:
                return text + following  # "CJG-" + "coördinator"
        return f"{text} {following}"

    @staticmethod
    def _render(pieces: list[_Piece]) -> str:
        out: list[str] = []
        previous_kind = ""
        for piece in pieces:
            text = _collapse(piece.text)
            if not text:
                continue
            if piece.kind == "p":
                line = text
                separator = "\n\n"
            else:
                line = ("  - " if piece.kind == "li2" else "- ") + text
                separator = "\n" if previous_kind in {"li", "li2"} else "\n\n"
            if out:
                out.append(separator)
            out.append(line)
            previous_kind = piece.kind
        return "".join(out)


# --- structure -----------------------------------------------------------------------------------


@dataclass
class _Chapter:
    rve: _Rve
    start: int  # index of the chapter heading's first line
    body: int  # index of its first tier heading
    heading: str = ""  # the heading as the book prints it, whitespace normalised


@dataclass
class _Element:
    kind: str  # "tier", "heading", "url", "block"
    start: int  # index into the lines
    end: int  # inclusive
    title_like: bool = False


@dataclass
class _ProductDraft:
    title_lines: list[_Line]
    tier_group: str
    unit: str
    subtitles: list[list[_Line]] = field(default_factory=list)
    lead: list[tuple[int, int]] = field(default_factory=list)
    sections: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    section_lines: dict[str, _Line] = field(default_factory=dict)
    order_seen: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # links on a line of their own

    @property
    def line(self) -> _Line:
        return self.title_lines[0]

    @property
    def raw_title(self) -> str:
        return _collapse(" ".join(line.text for line in self.title_lines))


def _find_chapters(lines: list[_Line]) -> list[_Chapter]:
    """RVE chapters: the RVE's name (on one to four lines) right before a tier heading."""
    chapters: list[_Chapter] = []
    for index, line in enumerate(lines):
        if line.kind != "tier":
            continue
        previous: list[int] = []
        cursor = index - 1
        while cursor >= 0 and len(previous) < 4:
            if lines[cursor].kind == "text":
                previous.insert(0, cursor)
            elif lines[cursor].kind not in {"blank", "junk"}:
                break
            cursor -= 1
        for count in range(len(previous), 0, -1):
            candidate = previous[-count:]
            heading = _collapse(" ".join(lines[i].text for i in candidate))
            rve = next((rve for rve in RVES if re.fullmatch(rve.pattern, heading.lower())), None)
            if rve:
                chapters.append(_Chapter(rve, candidate[0], index, _heading_name(heading)))
                break
    return chapters


def _heading_name(heading: str) -> str:
    """The RVE's name as its chapter heading gives it; a word hyphenated over two lines is joined again."""
    return re.sub(r"(?<=[a-z])- (?=[a-z])(?!en\b|of\b)", "", heading)


def _check_chapters(chapters: list[_Chapter], lines: list[_Line]) -> None:
    for position, expected in enumerate(RVES):
        if position >= len(chapters):
            last = lines[-1].no + 1 if lines else 1
            raise ParseError(last, f"het hoofdstuk van RVE '{expected.name}'", "einde van de tekst")
        chapter = chapters[position]
        if chapter.rve is not expected:
            line = lines[chapter.start]
            raise ParseError(line.no, f"het hoofdstuk van RVE '{expected.name}'", line.text)
    if len(chapters) > len(RVES):
        line = lines[chapters[len(RVES)].start]
        raise ParseError(line.no, "geen tweede hoofdstuk voor dezelfde RVE", line.text)


def _closed(line: _Line) -> bool:
    return line.raw.rstrip()[-1:] in ".!?;)"


def _elements(lines: list[_Line], start: int, end: int) -> list[_Element]:
    """Tier headings, question headings and text blocks between ``start`` and ``end`` (exclusive)."""
    elements: list[_Element] = []
    index = start
    while index < end:
        line = lines[index]
        if line.kind in {"blank", "junk"}:
            index += 1
            continue
        if line.kind in {"tier", "heading", "url"}:
            elements.append(_Element(line.kind, index, index))
            index += 1
            continue
        last = index
        cursor = index + 1
        while cursor < end:
            following = lines[cursor]
            if following.kind == "junk":
                cursor += 1
                continue
            if following.kind != "text":
                break
            # A line starting with a space starts a new PDF page: after a finished sentence it starts
            # a new block (possibly the next product's title, glued to the previous product).
            if following.raw.startswith(" ") and _closed(lines[last]):
                break
            last = cursor
            cursor += 1
        next_kind = lines[cursor].kind if cursor < end else "blank"
        block_lines = [lines[i] for i in range(index, last + 1) if lines[i].kind == "text"]
        elements.append(_Element("block", index, last, _title_like(block_lines, next_kind)))
        index = last + 1
    return elements


def _title_like(block: list[_Line], next_kind: str) -> bool:
    if not block or len(block) > 3 or next_kind not in {"blank", "heading", "tier", "url", "junk"}:
        return False
    text = _collapse(" ".join(line.text for line in block))
    if len(text) > _MAX_TITLE_CHARS or text[-1:] in ".,;:!?":
        return False
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] == "("):
        return False
    for line in block:
        stripped = line.raw.strip()
        if _BULLET.match(stripped) or _SUB_BULLET.match(stripped) or _NUMBERED.match(stripped):
            return False
        if _LETTERED.match(stripped) or (line is not block[-1] and stripped[-1:] in ".,;:!?"):
            return False
    return not (_EMAIL.search(text) or _WEBSITE.search(text))


class _ChapterParser:
    def __init__(self, lines: list[_Line], chapter: _Chapter, end: int) -> None:
        self.lines = lines
        self.chapter = chapter
        self.elements = _elements(lines, chapter.body, end)
        self.products: list[_ProductDraft] = []
        self.introduction: list[tuple[int, int]] = []
        self.tier_group = ""
        self.current: _ProductDraft | None = None
        self.section = ""  # "lead" or a section kind of the current product
        self.after_tier_heading = False

    def parse(self) -> None:
        for position, element in enumerate(self.elements):
            line = self.lines[element.start]
            if element.kind == "tier":
                self._tier(position, line)
            elif element.kind == "heading":
                self._heading(line)
            elif element.kind == "url":
                if self.current is not None:
                    self.current.urls.append(line.text)
            elif element.title_like and self._starts_product(position):
                self._title(element)
            else:
                self._content(element, line)
        if not self.products:
            line = self.lines[self.chapter.start]
            raise ParseError(line.no, "ten minste één product in dit hoofdstuk", line.text)

    def _tier(self, position: int, line: _Line) -> None:
        if line.tier not in _TIER_GROUPS:
            raise ParseError(line.no, "schil 1, 2, 2a, 2b, 3 of 4", line.text)
        following = self.elements[position + 1] if position + 1 < len(self.elements) else None
        if following is not None and following.kind == "heading":
            # The heading was extracted into the middle of the product it belongs to (it stands on
            # that product's page): the current product is in this tier.
            if self.current is None:
                heading = self.lines[following.start]
                raise ParseError(heading.no, "een producttitel", heading.text)
            self.current.tier_group = line.tier
            self.tier_group = line.tier
            return
        self.tier_group = line.tier
        self.after_tier_heading = True

    def _heading(self, line: _Line) -> None:
        product = self.current
        if product is None or self.after_tier_heading:
            raise ParseError(line.no, "een producttitel", line.text)
        kind = line.section
        if kind in product.sections:
            first = product.order_seen[0]
            if kind == first and "goal" not in product.sections:
                # The product opens with the wrong question (its goal under "Welk resultaat levert
                # het op?") and asks the real one later on.
                product.sections["goal"] = product.sections.pop(first)
                product.section_lines["goal"] = product.section_lines.pop(first)
                product.order_seen[0] = "goal"
            else:
                raise ParseError(line.no, f"een nieuwe producttitel vóór een tweede '{line.text}'", line.text)
        product.sections[kind] = []
        product.section_lines[kind] = line
        product.order_seen.append(kind)
        self.section = kind

    def _starts_product(self, position: int) -> bool:
        """Whether a title-shaped block starts a product (rather than being a line of text)."""
        if self.current is None or self.after_tier_heading:
            return True
        if self.section == "lead" and not self.current.lead and self.elements[position - 1].kind == "block":
            return True  # a subtitle right under the title; _title() keeps it with the product
        described = False
        for following in self.elements[position + 1 :]:
            if following.kind == "heading":
                kind = self.lines[following.start].section
                return kind == "goal" or kind in self.current.sections
            if following.kind == "tier":
                break
            described = described or (following.kind == "block" and not following.title_like)
        # No more headings in this tier: only a title when a description follows it.
        return described

    def _title(self, element: _Element) -> None:
        block = [self.lines[i] for i in range(element.start, element.end + 1) if self.lines[i].kind == "text"]
        product = self.current
        if product is not None and self.section == "lead" and not product.lead and not self.after_tier_heading:
            product.subtitles.append(block)
            return
        self.current = _ProductDraft(block, self.tier_group, self.chapter.rve.slug)
        self.products.append(self.current)
        self.section = "lead"
        self.after_tier_heading = False

    def _content(self, element: _Element, line: _Line) -> None:
        span = (element.start, element.end)
        if self.current is None:
            # Only the chapter's first tier heading may be followed by an introduction of the RVE.
            if self.tier_group != self._first_tier():
                raise ParseError(line.no, "een producttitel", line.text)
            self.introduction.append(span)
            return
        if self.after_tier_heading:
            raise ParseError(line.no, "een producttitel", line.text)
        if element.title_like and _TIER_SUFFIX.search(self.lines[element.end].text):
            # A title carrying its tier ("Veilig Thuis (schil 2a)") never belongs to another product's
            # text: reaching one here means the book lost the headings that would have started it.
            raise ParseError(line.no, "een vraag als 'Wat willen we bereiken?' onder deze producttitel", line.text)
        if self.section == "lead":
            self.current.lead.append(span)
        else:
            self.current.sections[self.section].append(span)

    def _first_tier(self) -> str:
        return self.lines[self.chapter.body].tier


# --- the book ------------------------------------------------------------------------------------


def parse(text: str, *, year: int) -> ParsedBook:
    """Parse the text of Hecht's product book of ``year``; raises ParseError when it is not one."""
    lines = _read_lines(text)
    first = next((line for line in lines if line.kind != "blank"), None)
    if first is None or first.text.lower() != "inleiding":
        raise ParseError(first.no if first else 1, "'Inleiding' als eerste regel", first.text if first else "")
    chapters = _find_chapters(lines)
    if not chapters:
        raise ParseError(
            len(lines) + 1, "een RVE-hoofdstuk met 'Schil 1: ...' (bv. 'Concernstaf')", "einde van de tekst"
        )
    _check_chapters(chapters, lines)

    builder = _TextBuilder(_vocabulary(lines))
    front = lines[: chapters[0].start]
    introduction = _introduction(front, builder, year)
    tiers = _tiers(front, lines[chapters[0].start])

    units: list[ParsedUnit] = []
    products: list[ParsedProduct] = []
    slugs: set[str] = set()
    for order, chapter in enumerate(chapters, start=1):
        end = chapters[order].start if order < len(chapters) else len(lines)
        parser = _ChapterParser(lines, chapter, end)
        parser.parse()
        unit_intro = builder.build(_span_lines(lines, parser.introduction))
        # The unit is named as the book's heading names it; its slug (in URLs) stays the RVE's own.
        units.append(ParsedUnit(chapter.heading, chapter.rve.slug, order, unit_intro))
        for draft in parser.products:
            products.append(_product(draft, len(products) + 1, lines, builder, slugs))

    name_match = re.search(r"Hecht\s+GGD\s+Hollands\s+Midden", text)
    organisation = ParsedOrganisation(
        name=_collapse(name_match.group(0)) if name_match else SHORT_NAME,
        short_name=SHORT_NAME,
        slug=SLUG,
        kind="ggd",
        website="",  # the book names no website of Hecht itself
        region=REGION,
        introduction=introduction,
        headings=dict(HEADINGS),
    )
    return ParsedBook(
        organisation=organisation,
        edition_title=f"Taken en diensten per januari {year}",
        units=units,
        tiers=tiers,
        products=products,
    )


def _span_lines(lines: list[_Line], spans: list[tuple[int, int]]) -> list[_Line]:
    """The lines of consecutive spans, with a blank line where the source had one between them."""
    result: list[_Line] = []
    previous_end: int | None = None
    for start, end in spans:
        if previous_end is not None and any(line.kind == "blank" for line in lines[previous_end + 1 : start]):
            result.append(_Line(lines[start].no, "", "", "blank"))
        result.extend(lines[start : end + 1])
        previous_end = end
    return result


def _introduction(front: list[_Line], builder: _TextBuilder, year: int) -> str:
    """The Inleiding: its paragraphs up to the organogram (whose boxes are not sentences)."""
    heading = next(i for i, line in enumerate(front) if line.kind != "blank")
    body: list[_Line] = []
    block: list[_Line] = []
    for line in [*front[heading + 1 :], _Line(0, "", "", "blank")]:
        if line.kind != "blank":
            block.append(line)
            continue
        if block:
            if block[-1].raw.rstrip()[-1:] not in ".!?:":
                break
            body.extend([*block, line])
            block = []
    paragraphs = builder.build(body)
    if not paragraphs:
        raise ParseError(front[heading].no + 1, "de tekst van de inleiding", "")
    stated = re.search(r"per\s+januari\s+([0-9]{4})", paragraphs, re.IGNORECASE)
    if stated and int(stated.group(1)) != year:
        line = next(line for line in body if stated.group(1) in line.text)
        raise ParseError(line.no, f"taken en diensten per januari {year}", line.text)
    return paragraphs


def _tiers(front: list[_Line], first_chapter: _Line) -> list[ParsedTier]:
    """The tiers as the book explains them ("Schil 2a : Voor alle gemeenten gezamenlijk.")."""
    explanations: dict[str, str] = {}
    current = ""
    for line in front:
        if line.kind == "tier":
            current = line.tier
            tier_line = _TIER_LINE.match(line.text)
            assert tier_line is not None  # a "tier" line is one that _TIER_LINE matched (_read_lines)
            explanations[current] = tier_line.group("text")
        elif line.kind == "text" and current:
            explanations[current] += " " + line.text
        else:
            current = ""
    tiers: list[ParsedTier] = []
    for code, (order, statutory, commissioning) in _TIERS.items():
        if code not in explanations:
            raise ParseError(first_chapter.no, f"de uitleg van schil {code} ('Schil {code} : ...') vóór dit hoofdstuk")
        definition = _collapse(explanations[code])
        if code in {"2a", "2b"} and "2" in explanations:
            definition = f"{_collapse(explanations['2'])} {definition}"
        tiers.append(ParsedTier(code, f"Schil {code}", definition, order, statutory, commissioning))
    return tiers


def _product(
    draft: _ProductDraft, order: int, lines: list[_Line], builder: _TextBuilder, slugs: set[str]
) -> ParsedProduct:
    title, tiers = _title_and_tiers(draft)
    texts = {
        kind: builder.build(_span_lines(lines, spans), legal=kind == "legal") for kind, spans in draft.sections.items()
    }
    lead_paragraphs = [builder.build(block) for block in draft.subtitles]
    lead_text = builder.build(_span_lines(lines, draft.lead))
    contact_lines: list[str] = []
    for paragraph in lead_text.split("\n\n") if lead_text else []:
        if (_EMAIL.search(paragraph) or _PHONE.search(paragraph)) and paragraph.startswith("Contact"):
            contact_lines.extend(paragraph.split("\n"))
        else:
            lead_paragraphs.append(paragraph)

    if not draft.sections:
        description = "\n\n".join(lead_paragraphs)
        # Without headings a product is a short description ("Kassiersfuncties ..."); a long text
        # or one with lists means the headings were lost.
        if not description or len(description) > _MAX_HEADINGLESS_TEXT or re.search(r"^\s*- ", description, re.M):
            raise ParseError(
                draft.line.no, f"kopjes zoals '{HEADINGS['goal']}' onder het product '{title}'", draft.line.text
            )
    for kind, text in texts.items():
        if not text:
            heading = draft.section_lines[kind]
            raise ParseError(heading.no + 1, f"tekst onder '{heading.text}'", "")

    goal_text = texts.get("goal", "")
    goal = "\n\n".join(part for part in [*lead_paragraphs, goal_text] if part)
    fields: dict[str, Any] = {_SECTION_FIELDS[kind]: text for kind, text in texts.items()}
    fields["goal"] = goal
    all_text = "\n".join([title, goal, *texts.values()])

    slug = _unique_slug(title, draft.unit, slugs)
    audience = texts.get("audience", "")
    age_min, age_max = read_ages((audience, "\n".join(lead_paragraphs)), title=title)
    return ParsedProduct(
        title=title,
        slug=slug,
        unit=draft.unit,
        tiers=tiers,
        order=order,
        line=draft.line.no,
        summary=_summary(goal_text or goal),
        laws=find_laws(texts.get("legal", "")),
        contacts=_contacts(contact_lines, all_text, draft.urls),
        age_min_months=age_min,
        age_max_months=age_max,
        municipalities=_municipalities(title, all_text) if set(tiers) & _INDIVIDUAL_TIERS else [],
        **fields,
    )


def _title_and_tiers(draft: _ProductDraft) -> tuple[str, list[str]]:
    raw = draft.raw_title
    suffix = _TIER_SUFFIX.search(raw)
    title = raw[: suffix.start()].strip() if suffix else raw
    title = title.rstrip(" -–:")
    group = draft.tier_group
    if not suffix:
        if group == "2":
            raise ParseError(draft.line.no, "'(schil 2a)' of '(schil 2b)' achter de titel", draft.line.text)
        return title, [group]
    codes = [code.lower() for code in (suffix.group("first"), suffix.group("second")) if code]
    # "(Prenataal) Stevig Ouderschap schil 2 en 3": its statutory part is the joint JGZ offer for all
    # municipalities (the 2a "Prenatale voorlichting en zorg" includes Stevig Ouderschap Prenataal), so
    # an unlettered "schil 2" in a title means 2a; the extra visits are bought per municipality (3).
    tiers = ["2a" if code == "2" else code for code in codes]
    for code in tiers:
        if code not in _TIERS:
            raise ParseError(draft.line.no, "schil 1, 2a, 2b, 3 of 4 in de titel", draft.line.text)
    if group[0] not in {code[0] for code in tiers}:
        raise ParseError(draft.line.no, f"een titel in schil {group}", draft.line.text)
    return title, tiers


def _unique_slug(title: str, unit: str, slugs: set[str]) -> str:
    base = slugify(title)[:90].strip("-") or "product"
    slug = base
    if slug in slugs:
        # The same title in two RVEs ("Publieke gezondheid voor asielzoekers").
        slug = f"{base}-{unit}"[:120].strip("-")
    number = 2
    while slug in slugs:
        slug = f"{base}-{number}"
        number += 1
    slugs.add(slug)
    return slug


def _summary(goal: str) -> str:
    if not goal:
        return ""
    first = goal.split("\n", 1)[0].strip()
    first = re.sub(r"^\s*-\s+", "", first)
    sentence = re.match(r"^(.+?[.!?])(?=\s+[A-Z‘“(]|$)", first)
    summary = sentence.group(1) if sentence else first
    if summary[-1:] not in ".!?":
        summary += " …"  # the sentence goes on in a list ("..., waarbij we")
    if len(summary) > _SUMMARY_CHARS:
        summary = summary[: _SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return summary


def _contacts(sentences: list[str], text: str, urls: list[str]) -> str:
    items: list[str] = [sentence for sentence in sentences if sentence]
    seen = {match.lower() for sentence in sentences for match in _EMAIL.findall(sentence)}

    def add(label: str, value: str) -> None:
        value = value.rstrip(".,;:)")
        if value.lower() not in seen:
            seen.add(value.lower())
            items.append(f"{label}: {value}")

    for email in _EMAIL.findall(text):
        add("E-mail", email)
    for phone in _PHONE.findall(text):
        add("Telefoon", _collapse(phone))
    for website in [*_WEBSITE.findall(text), *urls]:
        add("Website", website)
    return "\n".join(f"- {item}" for item in items)


def _municipalities(title: str, text: str) -> list[str]:
    """CBS codes of the municipalities the book says take this product."""
    names: list[str] = list(_MUNICIPALITY_NAME.findall(title))
    flat = _collapse(text)
    for pattern in _UPTAKE_SENTENCES:
        for match in pattern.finditer(flat):
            names.extend(_MUNICIPALITY_NAME.findall(match.group("names")))
    codes: list[str] = []
    for name in names:
        code = MUNICIPALITIES[name]
        if code not in codes:
            codes.append(code)
    return codes
