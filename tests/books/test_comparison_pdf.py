"""The comparison of municipalities as a PDF, made by the book worker like every book (books.operations)."""

import io

from pypdf import PdfReader

from books.models import BookRender
from books.selectors import comparison_book_spec
from tests.pdf_checks import normalise

GOUDA, WADDINXVEEN, LEIDEN = "GM0513", "GM0627", "GM0546"


def pdf_text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return reader, normalise(" ".join(page.extract_text() for page in reader.pages))


def test_comparison_pdf_holds_the_table_with_names_and_how_each_takes_each_product(
    shipped_catalogue, client, catalogue
):
    response = client.get("/gemeenten/vergelijk.pdf", {"gemeente": [GOUDA, WADDINXVEEN, LEIDEN]})

    reader, text = pdf_text(response)
    assert "Vergelijking Gouda, Waddinxveen en Leiden 2026" in text
    assert GOUDA not in text  # names, not codes
    assert "Tuberculosebestrijding" in text and "Toezicht kinderopvang" in text
    assert "Gezamenlijk" in text and "Afzonderlijk" in text and "Niet" in text
    assert "Reizigersadvisering" not in text  # nobody of the three takes it
    assert "Aantal afgenomen (gezamenlijk + afzonderlijk)" in text
    assert reader.metadata.title == "Vergelijking Gouda, Waddinxveen en Leiden 2026"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged like every book
    render = BookRender.objects.get(kind=BookRender.Kind.COMPARISON)
    assert render.filename == "productenboek-vergelijking-2026-gouda-waddinxveen-leiden.pdf"


def test_comparison_pdf_can_hold_only_the_differences(shipped_catalogue, client, catalogue):
    response = client.get("/gemeenten/vergelijk.pdf", {"gemeente": [GOUDA, WADDINXVEEN], "verschillen": "1"})

    _, text = pdf_text(response)
    assert "Hieronder staan alleen de verschillen." in text
    assert "Toezicht kinderopvang" in text and "Gezondheidsonderzoek ouderen" in text
    assert "Tuberculosebestrijding" not in text  # both take it jointly


def test_the_order_of_the_codes_is_the_order_of_the_columns_and_another_book(catalogue):
    one = comparison_book_spec([GOUDA, LEIDEN], 2026)
    other = comparison_book_spec([LEIDEN, GOUDA], 2026)
    assert one.query == "gemeente=GM0513&gemeente=GM0546&jaar=2026"
    assert one.key != other.key
    assert comparison_book_spec(["gm0513", " GM0546 "], 2026).key == one.key


def test_comparison_pdf_refuses_a_bad_choice_with_a_dutch_message(client, catalogue):
    response = client.get("/gemeenten/vergelijk.pdf", {"gemeente": [GOUDA]})
    assert response.status_code == 400
    assert "Kies minstens 2 gemeenten om te vergelijken." in response.content.decode()
    unknown = client.get("/gemeenten/vergelijk.pdf", {"gemeente": [GOUDA, "GM9999"]})
    assert unknown.status_code == 400 and "GM9999" in unknown.content.decode()
    assert client.get("/gemeenten/vergelijk.pdf", {"gemeente": [GOUDA, LEIDEN], "jaar": "twee"}).status_code == 400
    assert not BookRender.objects.filter(kind=BookRender.Kind.COMPARISON).exists()


def test_compare_page_links_the_pdf_with_the_same_choice(client, catalogue):
    html = client.get("/gemeenten/vergelijk/", {"gemeente": [GOUDA, LEIDEN], "verschillen": "1"}).content.decode()
    assert 'href="/gemeenten/vergelijk.pdf?gemeente=GM0513&amp;gemeente=GM0546&amp;verschillen=1"' in html
    assert "Download als PDF (om af te drukken), alleen de verschillen" in html
