"""Pages that print and fit: every result on paper (or where the rest is), names on book covers,
spreadsheet links beside the lists the API exports."""

import re

from books.rendering import book_html
from books.selectors import selection_book_spec
from services.views import MAX_ON_ONE_PAGE
from tests.factories import ProductFactory


def cards(html: str) -> int:
    return html.count('class="card__title"')


def test_a_paginated_catalogue_page_says_on_paper_where_the_other_results_are(shipped_catalogue, client, catalogue):
    response = client.get("/producten/", {"organisatie": "hecht"})
    html = response.content.decode()
    total = response.context["paginator"].count
    assert total > 20 and cards(html) == 20
    note = re.search(r'<p class="print-note">(.*?)</p>', html, re.S).group(1)
    assert f"Deze afdruk bevat de producten 1–20 van {total}." in note
    assert f"Alle {total} staan op één pagina op http://testserver/producten/?organisatie=hecht&amp;toon=alle" in note
    assert "als PDF: http://testserver/producten/selectie.pdf?organisatie=hecht" in note
    assert f'href="?organisatie=hecht&amp;toon=alle" class="show-all">Alle {total} producten op één pagina' in html


def test_all_results_on_one_page_to_print_them_whole(shipped_catalogue, client, catalogue):
    response = client.get("/producten/", {"organisatie": "hecht", "toon": "alle"})
    html = response.content.decode()
    assert cards(html) == response.context["paginator"].count > 20
    assert 'class="print-note"' not in html and 'class="pagination"' not in html
    # The PDF and the spreadsheet take the filters, not the page.
    assert 'href="/producten/selectie.pdf?organisatie=hecht"' in html
    assert 'href="/api/v1/producten.csv?organisatie=hecht"' in html


def test_a_page_two_pdf_link_is_the_whole_selection(shipped_catalogue, client, catalogue):
    html = client.get("/producten/", {"organisatie": "hecht", "pagina": "2"}).content.decode()
    assert 'href="/producten/selectie.pdf?organisatie=hecht"' in html
    assert "Deze afdruk bevat de producten 21–40" in html


def test_a_selection_larger_than_one_page_holds_is_left_to_the_pdf(client, catalogue):
    extra = MAX_ON_ONE_PAGE + 1 - client.get("/producten/").context["paginator"].count
    for number in range(max(extra, 0)):
        ProductFactory(
            organisation=catalogue.ggd, edition=catalogue.products["ouderen"].edition, slug=f"extra-{number}"
        )
    html = client.get("/producten/").content.decode()
    assert "op één pagina" not in html
    assert "De hele selectie als PDF: http://testserver/producten/selectie.pdf" in html


def test_selection_book_cover_names_municipalities_laws_and_organisations_not_codes(catalogue):
    spec = selection_book_spec(
        {
            "gemeente": ["GM0513", "GM0546"],
            "wet": "wet-publieke-gezondheid",
            "organisatie": "ggd-testregio",
            "schil": "1",
        }
    )
    html, book = book_html(spec)
    assert book.selection_filters == [
        ("Organisatie", "GGD Testregio Midden"),
        ("Schil", "Schil 1"),
        ("Wet", "Wet publieke gezondheid"),
        ("Gemeenten", "Gouda, Leiden"),
        ("Jaar", "2026"),
    ]
    cover = html.split('<section class="cover"', 1)[1].split("</section>", 1)[0]
    assert "Gemeenten: Gouda, Leiden" in cover
    assert "GM0513" not in cover and "wet-publieke-gezondheid" not in cover
    assert "GM0513" not in book.footer and "GM0513" not in book.title


def test_organisation_and_law_pages_link_their_list_as_a_spreadsheet(client, catalogue):
    organisation = client.get("/organisaties/ggd-testregio/").content.decode()
    assert (
        'href="/api/v1/producten.csv?organisatie=ggd-testregio&amp;jaar=2026" download>Download als CSV (Excel)'
        in organisation
    )
    law = client.get("/wetten/wet-publieke-gezondheid/").content.decode()
    assert (
        'href="/api/v1/producten.csv?wet=wet-publieke-gezondheid&amp;jaar=2026" download>Download als CSV (Excel)'
        in law
    )
    spreadsheet = client.get("/api/v1/producten.csv?wet=wet-publieke-gezondheid&jaar=2026")
    assert spreadsheet.status_code == 200 and spreadsheet["Content-Type"].startswith("text/csv")


def test_table_cells_carry_their_column_name_for_the_list_layout_on_a_phone(client, catalogue):
    laws = client.get("/wetten/").content.decode()
    assert 'data-label="Producten"' in laws and 'data-label="Officiële tekst"' in laws
    changes = client.get("/organisaties/ggd-testregio/wijzigingen/2026/").content.decode()
    assert 'class="table"' in changes and 'data-label="Neemt nu ook af"' in changes
