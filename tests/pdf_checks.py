"""Reusable checks of a rendered productenboek, read back with pypdf.

They work on any book, so the integrator can run them on the real Hecht 2026 book too:

    from tests.pdf_checks import check_book
    check_book(pdf_bytes, numbered_titles)  # {"1.1": "Hecht Crisisplan Publieke Gezondheid", ...}

Each returns the facts it found and raises AssertionError with a readable message on a mismatch.
"""

import io
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from pypdf import PdfReader

# font-size of h3.product-title in static/css/print-book.css: how a product heading is recognised.
PRODUCT_HEADING_SIZE = 13.0
NUMBER = re.compile(r"^\d+\.\d+$")
# A contents or index line: "1.2  Title – artikel 3 14". The leader's dots between title and page number
# are drawn as an artifact, not text (books/pdf_speedups.py), so they are not in the extracted text.
REFERENCE = re.compile(r"^(\d+\.\d+)\s+(.+?)\s+(\d+)$")
# The running heads of the pages with such lines, the contents and the appendices; a running head is
# drawn after the page's body, so it is one of the last lines of a page's text.
REFERENCE_PAGES = re.compile(r"^(Inhoud|Bijlage [A-Z]\. .+)$")


@dataclass
class BookFacts:
    pages: int
    headings: dict[str, list[int]]  # product number -> pages on which its heading is printed
    heading_titles: dict[str, str]
    references: list[tuple[str, int, int]]  # (product number, printed page number, page it is printed on)
    outline: list[tuple[int, str, int]]  # (level, title, page)
    texts: list[str]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def read_book(pdf: bytes, *, heading_size: float = PRODUCT_HEADING_SIZE) -> BookFacts:
    reader = PdfReader(io.BytesIO(pdf))
    headings: dict[str, list[int]] = defaultdict(list)
    heading_titles: dict[str, str] = {}
    references: list[tuple[str, int, int]] = []
    texts: list[str] = []
    for page_number, page in enumerate(reader.pages, start=1):
        chunks: list[list[str]] = []

        def visit(text, cm, tm, font, size, chunks=chunks):
            if not text.strip():
                return
            effective = abs(size * tm[0] * cm[0])
            if abs(effective - heading_size) < 0.05:
                if NUMBER.match(text.strip()) or not chunks:
                    chunks.append([text.strip()])
                else:
                    chunks[-1].append(text)

        text = page.extract_text(visitor_text=visit)
        texts.append(text)
        for chunk in chunks:
            number = chunk[0]
            if NUMBER.match(number):
                headings[number].append(page_number)
                heading_titles[number] = normalise("".join(chunk[1:]))
        lines = [normalise(line) for line in text.splitlines()]
        if not any(REFERENCE_PAGES.match(line) for line in lines[-3:]):
            continue
        pending = ""
        for line in lines:
            candidate = f"{pending} {line}".strip() if pending else line
            match = REFERENCE.match(candidate)
            if match:
                references.append((match[1], int(match[3]), page_number))
                pending = ""
            elif re.match(r"^\d+\.\d+\s", line):
                pending = line  # a long title wrapped onto the next line
            elif pending:
                pending = candidate if len(candidate) < 400 else ""
    return BookFacts(
        pages=len(reader.pages),
        headings=dict(headings),
        heading_titles=heading_titles,
        references=references,
        outline=_outline(reader),
        texts=texts,
    )


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    entries: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, normalise(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return entries


def check_products_once(facts: BookFacts, titles: dict[str, str]) -> None:
    """Every product heading is printed exactly once, and no other product heading is."""
    missing = sorted(set(titles) - set(facts.headings))
    assert not missing, f"product headings not printed: {missing}"
    extra = sorted(set(facts.headings) - set(titles))
    assert not extra, f"unexpected product headings: {extra}"
    twice = {number: pages for number, pages in facts.headings.items() if len(pages) != 1}
    assert not twice, f"product headings printed more than once: {twice}"
    wrong = {
        number: (facts.heading_titles[number], title)
        for number, title in titles.items()
        # Text extraction drops the space where a long heading wraps onto a second line.
        if normalise(title).replace(" ", "") != facts.heading_titles[number].replace(" ", "")
    }
    assert not wrong, f"heading text differs from the product title: {wrong}"


def check_page_references(facts: BookFacts, titles: dict[str, str]) -> int:
    """Every page number in the contents and indexes is the page of that product's heading.

    Returns how many references were checked; every product must be referenced at least once.
    """
    wrong = [
        (number, printed, facts.headings.get(number))
        for number, printed, _ in facts.references
        if facts.headings.get(number) != [printed]
    ]
    assert not wrong, f"page references that miss their heading (number, printed, actual): {wrong}"
    unreferenced = sorted(set(titles) - {number for number, _, _ in facts.references})
    assert not unreferenced, f"products missing from the contents: {unreferenced}"
    return len(facts.references)


def check_outline(facts: BookFacts, titles: dict[str, str], chapters: list[str]) -> None:
    """One bookmark per chapter and per product, each pointing at the page of its heading."""
    outline_titles = [title for _, title, _ in facts.outline]
    for chapter in chapters:
        assert normalise(chapter) in outline_titles, f"no bookmark for chapter {chapter!r}"
    for number, title in titles.items():
        label = normalise(f"{number} {title}")
        pages = [page for _, entry, page in facts.outline if entry == label]
        assert pages == facts.headings[number], f"bookmark {label!r} on {pages}, heading on {facts.headings[number]}"


def check_book(pdf: bytes, titles: dict[str, str], chapters: list[str] | None = None) -> BookFacts:
    facts = read_book(pdf)
    check_products_once(facts, titles)
    check_page_references(facts, titles)
    check_outline(facts, titles, chapters or [])
    return facts


# Body area of an A4 page in points (static/css/print-book.css: 24 mm top margin, 22 mm bottom margin),
# and the size of a chapter or appendix heading (h1, 20pt).
BODY_TOP, BODY_BOTTOM = 842 - 68, 62
CHAPTER_HEADING_SIZE = 20.0


def page_fill(pdf: bytes) -> list[tuple[float, bool]]:
    """Per page: how far down the body text reaches (0..1), and whether a chapter heading is on it."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[float, float]] = []

        def visit(text, cm, tm, font, size, found=found):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and BODY_BOTTOM < y < BODY_TOP + 5:
                found.append((y, abs(size * tm[0] * cm[0])))

        page.extract_text(visitor_text=visit)
        lowest = min((y for y, _ in found), default=BODY_TOP)
        chapter = any(abs(size - CHAPTER_HEADING_SIZE) < 0.5 for _, size in found)
        pages.append(((BODY_TOP - lowest) / (BODY_TOP - BODY_BOTTOM), chapter))
    return pages


def check_page_fill(pdf: bytes, *, minimum: float = 1 / 3) -> None:
    """No page is less than a third full, except the last page of a chapter (the next starts a chapter)."""
    pages = page_fill(pdf)
    empty = [
        (number, round(fill, 2))
        for number, ((fill, _), (_, next_is_chapter)) in enumerate(pairwise(pages), start=1)
        if fill < minimum and not next_is_chapter
    ]
    assert not empty, f"pages less than {minimum:.0%} full that do not end a chapter (page, fill): {empty}"
