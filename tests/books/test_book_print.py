"""The productenboek as it goes to the printer: typography and structure asserted on the book's HTML (fast),
the print stylesheet's fast paths, the PDF's accessibility structure read back with pypdf, the file names
and the waiting page."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from books.models import BookRender
from books.pdf import render_pdf
from books.rendering import book_html, render_book
from books.selectors import (
    municipality_book_spec,
    organisation_book_spec,
    product_book_spec,
    selection_book_spec,
)
from municipalities.models import Uptake
from services.models import Edition
from tests.book_catalogue import make_book_catalogue

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(db):
    return make_book_catalogue(
        slug="kleinggd", name="GGD Kleinregio", units=2, products_per_unit=4, words=120, cbs_base=9700
    )


class _Outline(HTMLParser):
    """Headings (level, text) and the text of elements with a given id, from the book's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None
        self._level = 0

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def headings(html: str) -> list[tuple[int, str]]:
    parser = _Outline()
    parser.feed(html)
    return parser.headings


def section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def assert_no_skipped_levels(levels: list[int]) -> None:
    previous = 0
    for level in levels:
        assert level <= previous + 1, f"heading level {level} after {previous}: {levels}"
        previous = level


# --- the print stylesheet ----------------------------------------------------------------------------


def test_print_stylesheet_uses_block_layout_only():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "print-book.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"display\s*:\s*(inline-)?(flex|grid)", css)
    assert not re.search(r"display\s*:\s*(inline-block|table|list-item)", css)
    assert "hyphens: auto" not in css  # addresses, contents and names never hyphenate


def test_book_prints_no_tables_and_lists_take_no_marker_boxes(catalogue):
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))

    assert "<table" not in html  # facts, tiers and the uptake appendix are lists
    assert '<dl class="facts">' in html and '<dl class="tiers">' in html


# --- typography, on the HTML -------------------------------------------------------------------------


def test_appendices_are_lettered_in_the_order_they_are_printed(catalogue):
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))
    appendix_titles = [text for level, text in headings(html) if level == 1 and text.startswith("Bijlage")]

    assert appendix_titles == [
        "Bijlage A. Register wettelijke kaders",
        "Bijlage B. Begrippenlijst",
        "Bijlage C. Afname per gemeente",
    ]
    # A book without a glossary moves the uptake appendix up to B. Deleting the terms under a published
    # edition leaves its book as published (services.published), so the edition forgets its snapshot too:
    # the book of an organisation that never had a glossary.
    catalogue.organisation.glossary_terms.all().delete()
    Edition.objects.filter(organisation=catalogue.organisation).update(reference=None)
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))
    assert [text for level, text in headings(html) if text.startswith("Bijlage")] == [
        "Bijlage A. Register wettelijke kaders",
        "Bijlage B. Afname per gemeente",
    ]
    assert '<span class="toc-number">B&#9;</span><a href="#afname-per-gemeente">Afname per gemeente</a>' in html


def test_law_index_names_each_law_with_its_bwb_id_as_a_short_link(catalogue):
    html, book = book_html(organisation_book_spec("kleinggd", 2026))
    index = section(html, "register-wetten")

    law = next(law.framework for law in book.laws if law.framework.bwb_id)
    link = f'<a class="law-link" href="https://wetten.overheid.nl/{law.bwb_id}/">{law.bwb_id}</a>'
    assert link in index
    assert ">https://" not in index  # no address printed as text


def test_uptake_appendix_lists_only_known_uptake_and_says_once_what_unknown_means(catalogue):
    individual = [product for product in catalogue.products if product.uptakes.exists()]
    unknown = individual[0]
    Uptake.objects.filter(product=unknown).delete()
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))
    appendix = section(html, "afname-per-gemeente")

    assert unknown.title not in appendix
    for product in individual[1:]:
        assert product.title in appendix
    assert "geen gemeente" not in appendix.replace("noemt voor 2026 geen gemeente", "")
    assert appendix.count("geen afname door gemeenten bekend") == 1
    assert "Van 1 ander afzonderlijk afgenomen product is geen afname door gemeenten bekend" in appendix
    assert f"van {len(catalogue.municipalities)})" in appendix


def test_web_addresses_in_product_text_become_links_that_never_break_at_a_hyphen(catalogue):
    product = catalogue.products[0]
    product.activities = "Meer over opvoeden op www.triplep-nederland.nl/ouders, of bel ons."
    product.save()
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))

    link = (
        '<a class="url" href="https://www.triplep-nederland.nl/ouders">'
        "www.\u200btriplep\u2011nederland.\u200bnl/\u200bouders</a>, of bel ons."
    )
    assert link in html


def test_every_book_has_a_heading_outline_without_skipped_levels(catalogue):
    product = catalogue.products[0]
    for spec in (
        organisation_book_spec("kleinggd", 2026),
        municipality_book_spec(catalogue.municipalities[0].cbs_code, 2026, organisation_slug="kleinggd"),
        product_book_spec("kleinggd", product.slug, 2026),
    ):
        html, _ = book_html(spec)
        assert_no_skipped_levels([level for level, _ in headings(html)])


def test_cover_and_running_foot_name_organisation_title_and_year(catalogue):
    html, book = book_html(organisation_book_spec("kleinggd", 2026))

    assert book.footer == "GGD Kleinregio · Productenboek Kleinregio 2026"
    assert f'<section class="cover" aria-label="Omslag" data-foot="{book.footer}">' in html
    # An edition titled like the book gets the generic subtitle, not its title twice.
    catalogue.edition.title = "Productenboek 2026"
    catalogue.edition.save()
    _, book = book_html(organisation_book_spec("kleinggd", 2026))
    assert book.subtitle == "Taken en diensten per januari 2026"


# --- file names ----------------------------------------------------------------------------------------


def test_file_names_follow_one_pattern_for_every_kind_of_book(catalogue):
    municipality = catalogue.municipalities[0]
    product = catalogue.products[0]

    assert organisation_book_spec("kleinggd", 2026).filename == "productenboek-kleinggd-2026.pdf"
    assert (
        municipality_book_spec(municipality.cbs_code, 2026, organisation_slug="kleinggd").filename
        == f"productenboek-kleinggd-2026-{municipality.slug}.pdf"
    )
    assert (
        municipality_book_spec(municipality.cbs_code, 2026).filename
        == f"productenboek-alle-organisaties-2026-{municipality.slug}.pdf"
    )
    assert (
        product_book_spec("kleinggd", product.slug, 2026).filename == f"productenboek-kleinggd-2026-{product.slug}.pdf"
    )
    # A selection of just an organisation and a municipality is that book, under its name.
    same = selection_book_spec({"organisatie": "kleinggd", "gemeente": municipality.cbs_code, "jaar": "2026"})
    assert same.filename == f"productenboek-kleinggd-2026-{municipality.slug}.pdf"
    selection = selection_book_spec({"organisatie": "kleinggd", "gemeente": municipality.cbs_code, "schil": "3"})
    assert selection.filename == f"productenboek-selectie-2026-{municipality.cbs_code.lower()}-kleinggd-3.pdf"
    assert selection_book_spec({"jaar": "2026"}).filename == "productenboek-selectie-2026-alle-producten.pdf"


# --- the waiting page -----------------------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_ISOLATED=False)
def test_waiting_page_has_the_site_layout_and_says_which_book_and_how_long(client, catalogue):
    url = reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026})

    first = client.get(url).content.decode()
    assert first.count('aria-label="Hoofdmenu"') == 1  # the site's header and navigation
    assert "Productenboek Kleinregio 2026 wordt gemaakt" in first
    assert "productenboek-kleinggd-2026.pdf" in first
    assert "nog niet eerder gemaakt" in first

    render_book(BookRender.objects.get().pk)
    done = BookRender.objects.get()
    assert done.seconds is not None and done.seconds > 0
    product = catalogue.products[0]
    product.summary = "Een nieuwe samenvatting."
    product.save()  # the stored book is stale: the next request queues a new render

    second = client.get(url)
    assert second.status_code == 202
    assert f"De vorige keer duurde het maken van dit boek ({done.page_count} pagina's) ongeveer" in (
        second.content.decode()
    )


# --- accessibility of the PDF -------------------------------------------------------------------------


def _struct_elements(node, seen=None):
    """Every structure element below ``node``, depth first, in reading order."""
    seen = set() if seen is None else seen
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, list):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, IndirectObject):
            if kid.idnum in seen:
                continue
            seen.add(kid.idnum)
            kid = kid.get_object()
        if hasattr(kid, "get") and kid.get("/Type") == "/StructElem":
            yield kid
            yield from _struct_elements(kid, seen)


def test_pdf_is_tagged_titled_in_dutch_with_headings_links_and_embedded_fonts(catalogue):
    html, book = book_html(organisation_book_spec("kleinggd", 2026))
    reader = PdfReader(io.BytesIO(render_pdf(html).data))
    root = reader.trailer["/Root"]

    assert root["/Lang"] == "nl"
    assert reader.metadata.title == book.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    elements = list(_struct_elements(root["/StructTreeRoot"].get_object()))
    kinds = [element["/S"] for element in elements]
    heading_levels = [int(kind[2]) for kind in kinds if re.fullmatch(r"/H[1-6]", kind)]
    assert heading_levels.count(1) >= len(book.chapters) + 3  # intro, contents, chapters, appendices
    assert_no_skipped_levels(heading_levels)
    # Every link annotation (contents, indexes) hangs in the structure tree under a Link element.
    links = [element for element in elements if element["/S"] == "/Link"]
    tagged = set()
    for link in links:
        for kid in link["/K"]:
            kid = kid.get_object()
            if hasattr(kid, "get") and kid.get("/Type") == "/OBJR":
                tagged.add(kid.raw_get("/Obj").idnum)
    annotations = [
        annotation.idnum
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    assert annotations and set(annotations) <= tagged
    assert {"/L", "/LI", "/P", "/Sect", "/Art"} <= set(kinds)
    # Every font is embedded.
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    for name, font in fonts.items():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_leader_dots_are_drawn_as_an_artifact_not_as_text(catalogue):
    # A reader (or a copy of a contents line) gets "1.1 Title 5", not "1.1 Title . . . . 5"; the dots are
    # still on paper: one dashed line per entry, inside /Artifact marked content.
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))
    reader = PdfReader(io.BytesIO(render_pdf(html).data))
    contents = next(page for page in reader.pages if page.extract_text().startswith("Inhoud"))
    lines = contents.extract_text().splitlines()
    entries = [line for line in lines if re.match(r"^\d+\.\d+ ", line)]
    assert entries and all(re.search(r"\S \d+$", line) for line in entries), entries
    assert not any(". ." in line for line in lines)
    stream = contents.get_contents().get_data().decode("latin-1")
    dashed = re.findall(r"/Artifact\s+BMC\s+q\s+[^Q]*?\[[\d.]+ [\d.]+\] 0 d[^Q]*?S\s+Q", stream)
    assert len(dashed) >= len(entries)
