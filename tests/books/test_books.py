"""The productenboek PDFs: content, page references, outline, safety, storage, queue and downloads."""

import io

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from pypdf import PdfReader

from books import rendering as book_rendering
from books.admin import make_book_preview
from books.models import BookRender
from books.operations import request_book
from books.pdf import StaticOnlyFetcher, render_pdf
from books.rendering import book_html, render_book, render_pdf_isolated
from books.selectors import (
    Book,
    BookNotFound,
    book_fingerprint,
    municipality_book_spec,
    organisation_book_spec,
    selection_book_spec,
)
from editorial.models import Role
from municipalities.models import Uptake
from services.models import Edition, LegalBasis, Product, Status
from services.selectors import filter_products
from tests.book_catalogue import make_book_catalogue
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProductFactory,
    TierFactory,
    UserFactory,
)
from tests.pdf_checks import check_book, check_page_fill, normalise, read_book

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def catalogue(db):
    return make_book_catalogue(units=2, products_per_unit=7, municipality_count=5)


@pytest.fixture
def small_catalogue(db):
    return make_book_catalogue(
        slug="kleinggd", name="GGD Kleinregio", units=1, products_per_unit=4, words=120, cbs_base=9700
    )


def numbered_titles(book: Book) -> dict[str, str]:
    return {entry.number: entry.product.title for entry in book.entries}


def pdf_text(pdf: bytes) -> str:
    return normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_organisation_book_prints_each_product_once_and_its_contents_index_and_outline_point_at_it(catalogue):
    spec = organisation_book_spec(catalogue.organisation.slug, 2026)
    html, book = book_html(spec)
    rendered = render_pdf(html)

    assert {entry.product.pk for entry in book.entries} == {product.pk for product in catalogue.products}
    chapters = [f"{chapter.number} {chapter.unit.name}" for chapter in book.chapters]
    facts = check_book(rendered.data, numbered_titles(book), chapters)
    assert facts.pages == rendered.pages >= 15
    # The contents (every product), the law index (every legal basis) and the uptake appendix (every
    # product with known takers) were all checked.
    legal_bases = LegalBasis.objects.filter(product__in=catalogue.products).count()
    assert len(facts.references) == len(catalogue.products) + legal_bases + len(book.overview)
    assert "Bijlage A. Register wettelijke kaders" in facts.texts[-1] or any(
        "Register wettelijke kaders" in text for text in facts.texts
    )
    assert f"pagina 4 van {facts.pages}" in normalise(facts.texts[3])
    text = normalise(" ".join(facts.texts))
    for heading in ("Inleiding", "Indeling in schillen", "Inhoud", "Begrippenlijst", "Afname per gemeente"):
        assert heading in text
    assert "Wat willen we bereiken?" in text
    assert "Taken en diensten per januari 2026" in text


def test_organisation_book_has_title_author_language_and_accessibility_tags(small_catalogue):
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))
    reader = PdfReader(io.BytesIO(render_pdf(html).data))

    assert reader.metadata.title == "Productenboek Kleinregio 2026"
    assert reader.metadata.author == "GGD Kleinregio"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root  # tagged PDF
    assert root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_municipality_book_holds_exactly_what_the_municipality_takes_from_every_organisation(small_catalogue):
    municipality = small_catalogue.municipalities[0]
    other = OrganisationFactory(slug="tweede-org", name="CJG Tweede", short_name="CJG Tweede")
    MembershipFactory(organisation=other, municipality=municipality)
    joint = TierFactory(organisation=other, code="basis", name="Basispakket")
    optional = TierFactory(organisation=other, code="app", name="APP", commissioning="individueel", statutory=False)
    taken_jointly = ProductFactory(organisation=other, title="Consultatiebureau", tiers=[joint])
    ProductFactory(organisation=other, edition=taken_jointly.edition, title="Niet afgenomen extra", tiers=[optional])
    ProductFactory(
        organisation=other,
        edition=taken_jointly.edition,
        title="Concept niet publiek",
        tiers=[joint],
        status=Status.CONCEPT,
    )

    spec = municipality_book_spec(municipality.cbs_code, 2026)
    html, book = book_html(spec)
    rendered = render_pdf(html)
    text = pdf_text(rendered.data)
    check_book(
        rendered.data, numbered_titles(book), [f"{chapter.number} {chapter.unit.name}" for chapter in book.chapters]
    )

    expected = set(Product.objects.published().filter(edition__year=2026).taken_by(municipality.cbs_code))
    assert {entry.product for entry in book.entries} == expected
    assert taken_jointly in expected
    assert any(product.organisation == small_catalogue.organisation for product in expected)
    for product in expected:
        assert normalise(product.title) in text
    assert "Niet afgenomen extra" not in text
    assert "Concept niet publiek" not in text
    assert "Gezamenlijk afgenomen" in text and "Afzonderlijk afgenomen" in text
    assert f"Productenboek gemeente {municipality.name} 2026" in text


def test_municipality_book_of_one_organisation_leaves_out_the_others(small_catalogue):
    municipality = small_catalogue.municipalities[0]
    other = OrganisationFactory(slug="derde-org")
    MembershipFactory(organisation=other, municipality=municipality)
    ProductFactory(organisation=other, tiers=[TierFactory(organisation=other)])

    spec = municipality_book_spec(municipality.cbs_code, 2026, organisation_slug="kleinggd")
    _, book = book_html(spec)

    assert {entry.product.organisation for entry in book.entries} == {small_catalogue.organisation}


def test_hostile_product_text_is_printed_as_text_and_fetches_nothing(small_catalogue):
    product = small_catalogue.products[0]
    product.title = 'Boos <img src="http://127.0.0.1:9/pixel.png"> product'
    product.goal = (
        '<link rel="attachment" href="file:///etc/passwd"><style>@import url(file:///etc/passwd);</style>\n\n'
        "background: url(file:///etc/passwd) <svg><image href='http://127.0.0.1:9/x'/></svg>"
    )
    product.save()
    fetcher = StaticOnlyFetcher()

    html, _ = book_html(organisation_book_spec("kleinggd", 2026))
    rendered = render_pdf(html, fetcher=fetcher)

    assert fetcher.refused == []
    assert fetcher.served == ["https://static.catalogue.invalid/static/css/print-book.css"]
    assert not PdfReader(io.BytesIO(rendered.data)).attachments
    text = pdf_text(rendered.data)
    assert 'Boos <img src="http://127.0.0.1:9/pixel.png"> product' in text
    assert "url(file:///etc/passwd)" in text


def test_renderer_refuses_every_url_outside_the_static_files_even_in_raw_html(db):
    fetcher = StaticOnlyFetcher()
    html = """<html lang="nl"><head><title>t</title>
    <link rel="stylesheet" href="css/print-book.css">
    <link rel="stylesheet" href="../../../etc/passwd">
    <link rel="attachment" href="file:///etc/passwd">
    <style>@import url("http://127.0.0.1:9/x.css"); p { background: url(file:///etc/passwd); }</style>
    </head><body><p>tekst</p><img src="http://127.0.0.1:9/a.png" alt="">
    <img src="data:image/png;base64,iVBORw0KGgo=" alt=""><img src="ftp://127.0.0.1/x" alt=""></body></html>"""

    render_pdf(html, fetcher=fetcher)

    assert fetcher.served == ["https://static.catalogue.invalid/static/css/print-book.css"]
    refused = " ".join(fetcher.refused)
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "http://127.0.0.1:9/a.png",
        "data:image/png",
        "ftp://",
    ):
        assert url in refused
    assert StaticOnlyFetcher.static_path("https://static.catalogue.invalid/static/../../catalogue/settings.py") is None
    assert StaticOnlyFetcher.static_path("https://static.catalogue.invalid/static/css/print-book.css") is not None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"organisation": "bestaat-niet"}, "Onbekende organisatie 'bestaat-niet'"),
        ({"organisation": "kleinggd", "year": 2031}, "geen gepubliceerde editie 2031 (wel: 2026)"),
        ({"organisation": "kleinggd", "municipality": "GM0000"}, "Onbekende gemeente 'GM0000'"),
        ({}, "Geef --organisation, --municipality of allebei"),
    ],
)
def test_build_command_fails_clearly_on_unknown_input(small_catalogue, tmp_path, options, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("build_productbook", output=tmp_path / "boek.pdf", **options)
    assert not (tmp_path / "boek.pdf").exists()


def test_build_command_writes_the_municipality_book_and_reports_progress(small_catalogue, tmp_path):
    output = io.StringIO()
    target = tmp_path / "gemeente.pdf"
    cbs = small_catalogue.municipalities[1].cbs_code

    call_command(
        "build_productbook", organisation="kleinggd", year=2026, municipality=cbs, output=target, stdout=output
    )

    assert target.read_bytes().startswith(b"%PDF-")
    assert "Producten en indexen ophalen" in output.getvalue()
    assert f"Klaar: {target}" in output.getvalue()


def test_download_renders_once_and_then_serves_the_stored_pdf_with_etag(client, small_catalogue):
    url = reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026})

    first = client.get(url)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    third = client.get(url)

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert 'filename="productenboek-kleinggd-2026.pdf"' in first["Content-Disposition"]
    assert b"".join(first.streaming_content).startswith(b"%PDF-")
    assert second.status_code == 304
    assert third.status_code == 200 and third["ETag"] == first["ETag"]
    render = BookRender.objects.get(organisation__slug="kleinggd")
    assert render.state == BookRender.State.READY and render.page_count >= 4


def test_changing_a_product_makes_the_stored_book_stale(client, small_catalogue):
    url = reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026})
    first = client.get(url)
    old = BookRender.objects.get(organisation__slug="kleinggd")
    product = small_catalogue.products[2]
    product.title = "Nieuwe titel na wijziging"
    product.save()

    second = client.get(url)

    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert "Nieuwe titel na wijziging" in pdf_text(b"".join(second.streaming_content))
    assert list(BookRender.objects.filter(key=old.key).values_list("fingerprint", flat=True)) != [old.fingerprint]
    assert not BookRender.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)


def test_fingerprint_changes_with_rows_that_do_not_touch_the_product(small_catalogue):
    spec = organisation_book_spec("kleinggd", 2026)
    before = book_fingerprint(spec)
    assert book_fingerprint(spec) == before

    LegalBasis.objects.filter(product=small_catalogue.products[0]).update(article="artikel 99")

    assert book_fingerprint(spec) != before


@override_settings(TASKS=DUMMY_TASKS)
def test_queued_book_shows_a_waiting_page_until_a_worker_has_rendered_it(client, small_catalogue):
    url = reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026})

    waiting = client.get(url)
    render = BookRender.objects.get(organisation__slug="kleinggd")
    assert waiting.status_code == 202
    assert "Productenboek Kleinregio 2026 wordt gemaakt" in waiting.content.decode()
    assert f'<meta http-equiv="refresh" content="3;url={url}">' in waiting.content.decode()
    assert render.state == BookRender.State.QUEUED
    assert client.get(url).status_code == 202  # not queued twice
    assert BookRender.objects.filter(organisation__slug="kleinggd").count() == 1

    render_book(render.pk)  # what the worker's task does

    ready = client.get(url)
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"


def test_failed_render_shows_a_clear_message(client, small_catalogue, monkeypatch):
    def broken(html, **kwargs):
        raise book_rendering.BookRenderError("Het maken van de PDF duurde langer dan 300 seconden en is afgebroken.")

    monkeypatch.setattr(book_rendering, "render_pdf", broken)
    url = reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026})

    response = client.get(url)

    assert response.status_code == 503
    assert "Het boek kon niet worden gemaakt" in response.content.decode()
    assert "300 seconden" not in response.content.decode()  # details only for staff
    assert BookRender.objects.get(organisation__slug="kleinggd").state == BookRender.State.FAILED


def test_unknown_book_is_a_404_with_a_dutch_message(client, db):
    response = client.get(reverse("books:organisation", kwargs={"organisation": "bestaat-niet", "year": 2026}))

    assert response.status_code == 404
    assert "Onbekende organisatie" in response.content.decode()


def test_concept_edition_has_no_public_book_but_staff_preview_marks_every_page_concept(client, small_catalogue):
    Edition.objects.filter(pk=small_catalogue.edition.pk).update(state=Edition.State.CONCEPT)
    concept = small_catalogue.products[1]
    Product.objects.filter(pk=concept.pk).update(status=Status.CONCEPT)
    public = client.get(reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026}))
    preview_url = reverse("books:preview", kwargs={"organisation": "kleinggd", "year": 2026})
    anonymous = client.get(preview_url)
    staff = UserFactory(is_staff=True)
    Role.objects.create(user=staff, organisation=small_catalogue.organisation, role=Role.Kind.READ_ONLY)
    client.force_login(staff)

    preview = client.get(preview_url)

    assert public.status_code == 404
    assert anonymous.status_code == 302  # to the admin login
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-cache"
    reader = PdfReader(io.BytesIO(b"".join(preview.streaming_content)))
    assert all("CONCEPT" in page.extract_text() for page in reader.pages)
    assert concept.title in normalise(" ".join(page.extract_text() for page in reader.pages))


def test_selection_pdf_lists_the_same_products_as_the_filtered_catalogue(client, catalogue):
    query = {"organisatie": catalogue.organisation.slug, "schil": "3"}

    response = client.get(reverse("books:selection"), query)

    assert response.status_code == 200
    expected = list(filter_products(query).qs)
    assert len(expected) >= 2
    facts = read_book(b"".join(response.streaming_content))
    assert sorted(facts.heading_titles.values()) == sorted(normalise(product.title) for product in expected)
    spec = selection_book_spec(query)
    assert spec.query == "jaar=2026&organisatie=boekggd&schil=3"


def test_every_spelling_of_a_selection_is_one_book(catalogue):
    slug = catalogue.organisation.slug
    spellings = [
        {"organisatie": slug, "schil": "3", "jaar": "2026"},
        {"schil": " 3 ", "jaar": "002026", "organisatie": slug},
        {"jaar": "2026.0", "organisatie": slug, "schil": "3", "sorteer": "titel"},
        {"organisatie": slug, "schil": "3"},  # the current edition
    ]
    keys = {selection_book_spec(query).key for query in spellings}
    assert len(keys) == 1
    assert selection_book_spec({"leeftijd": "1,5"}).query == selection_book_spec({"leeftijd": "1.5"}).query


def test_a_selection_of_an_organisation_or_municipality_is_its_own_book(catalogue):
    slug = catalogue.organisation.slug
    organisation_book = selection_book_spec({"organisatie": slug, "jaar": "2026"})
    assert organisation_book.key == organisation_book_spec(slug, 2026).key
    code = catalogue.municipalities[0].cbs_code
    municipality_book = selection_book_spec({"gemeente": f" {code.lower()} ", "organisatie": slug})
    assert municipality_book.key == municipality_book_spec(code, 2026, organisation_slug=slug).key


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"jaar": "2026", "extra": "1"}, "Onbekende parameter"),
        ({"jaar": "2026.5"}, ""),
        ({"jaar": "1e9"}, ""),
    ],
)
def test_a_selection_with_an_unknown_or_broken_parameter_is_refused_not_a_server_error(client, db, query, message):
    response = client.get(reverse("books:selection"), query)

    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/boeken/gemeente/GM05%0013/2026.pdf", "/boeken/hecht/2026/gemeente/GM%00513.pdf", "/gemeenten/GM%0013/"]
)
def test_a_nul_byte_in_a_municipality_address_is_a_404(client, db, url):
    assert client.get(url).status_code == 404


def test_selection_pdf_with_an_invalid_filter_explains_the_error(client, db):
    response = client.get(reverse("books:selection"), {"leeftijd": "oud"})

    assert response.status_code == 400
    assert "Vul een leeftijd in jaren in" in response.content.decode()


def test_product_pdf_holds_that_product_with_its_sections(client, small_catalogue):
    product = small_catalogue.products[0]

    response = client.get(reverse("books:product", kwargs={"organisation": "kleinggd", "slug": product.slug}))

    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert normalise(product.title) in text
    assert "Wat willen we bereiken?" in text and "Wettelijke basis" in text
    assert small_catalogue.products[1].title not in text


def test_isolated_render_runs_weasyprint_in_a_child_process_with_limits(settings, small_catalogue):
    settings.BOOK_RENDER_ISOLATED = True
    html, _ = book_html(organisation_book_spec("kleinggd", 2026))

    rendered = render_pdf_isolated(html)

    assert rendered.data.startswith(b"%PDF-") and rendered.pages >= 4
    settings.BOOK_RENDER_MEMORY_MB = 64
    with pytest.raises(book_rendering.BookRenderError, match="meer dan 64 MB geheugen"):
        render_pdf_isolated(html)


def test_admin_preview_action_sends_staff_to_the_preview_download(small_catalogue):
    request = RequestFactory().post("/beheer/services/edition/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    modeladmin = admin.ModelAdmin(Edition, admin.site)

    response = make_book_preview(modeladmin, request, Edition.objects.filter(pk=small_catalogue.edition.pk))

    assert response.status_code == 302
    assert response.url == reverse("books:preview", kwargs={"organisation": "kleinggd", "year": 2026})


@override_settings(TASKS=DUMMY_TASKS)
def test_admin_preview_action_queues_a_book_per_selected_edition(small_catalogue):
    other = make_book_catalogue(slug="anderggd", name="GGD Anderregio", units=1, products_per_unit=1, cbs_base=9600)
    request = RequestFactory().post("/beheer/services/edition/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    modeladmin = admin.ModelAdmin(Edition, admin.site)

    make_book_preview(
        modeladmin, request, Edition.objects.filter(pk__in=[small_catalogue.edition.pk, other.edition.pk])
    )

    assert BookRender.objects.filter(preview=True, state=BookRender.State.QUEUED).count() == 2
    assert "De voorbeeldboeken worden gemaakt" in str(next(iter(request._messages)))


def test_book_request_for_the_same_state_reuses_the_render(small_catalogue):
    spec = organisation_book_spec("kleinggd", 2026)

    first = request_book(spec)
    second = request_book(spec)

    assert first.pk == second.pk and second.state == BookRender.State.READY
    assert Uptake.objects.filter(product__organisation=small_catalogue.organisation).exists()


def test_shipped_hecht_2026_book_and_gouda_book_pass_the_checks(shipped_catalogue):
    html, book = book_html(organisation_book_spec("hecht", 2026))
    rendered = render_pdf(html)
    expected = set(Product.objects.published().filter(organisation__slug="hecht", edition__year=2026))
    assert {entry.product for entry in book.entries} == expected
    check_book(
        rendered.data, numbered_titles(book), [f"{chapter.number} {chapter.unit.name}" for chapter in book.chapters]
    )
    check_page_fill(rendered.data)

    gouda = municipality_book_spec("GM0513", 2026, organisation_slug="hecht")
    _, gouda_book = book_html(gouda)
    assert {entry.product for entry in gouda_book.entries} == set(
        Product.objects.published().filter(organisation__slug="hecht", edition__year=2026).taken_by("GM0513")
    )


def test_download_partial_links_each_kind_of_book(small_catalogue):
    from django.template import Context, Template

    template = Template(
        "{% load books %}{% book_download organisation=org year=2026 %}{% book_download product=product %}"
        "{% book_download municipality=municipality year=2026 %}{% book_download selection='schil=3' %}"
    )
    municipality = small_catalogue.municipalities[0]

    html = template.render(
        Context(
            {"org": small_catalogue.organisation, "product": small_catalogue.products[0], "municipality": municipality}
        )
    )

    assert '<a href="/boeken/kleinggd/2026.pdf" rel="nofollow">Productenboek Kleinregio 2026 (PDF)</a>' in html
    assert f'href="/producten/kleinggd/{small_catalogue.products[0].slug}.pdf"' in html
    assert f'href="/boeken/gemeente/{municipality.cbs_code}/2026.pdf"' in html
    assert 'href="/producten/selectie.pdf?schil=3"' in html


def test_organisation_book_can_carry_the_changes_since_the_previous_edition(small_catalogue):
    from editorial.operations.editions import publish_edition, start_edition

    staff = UserFactory(is_staff=True, is_superuser=True)
    edition_2027 = start_edition(user=staff, source=small_catalogue.edition)
    changed, removed = Product.objects.filter(edition=edition_2027).order_by("order")[:2]
    Product.objects.filter(pk=changed.pk).update(goal="Een nieuw doel voor 2027.")
    removed.delete()
    ProductFactory(
        organisation=small_catalogue.organisation,
        edition=edition_2027,
        unit=changed.unit,
        title="Nieuw in 2027",
        slug="nieuw-in-2027",
        tiers=[changed.tiers.first()],
    )
    publish_edition(user=staff, edition=edition_2027)

    with pytest.raises(BookNotFound, match="geen editie vóór 2026"):
        organisation_book_spec("kleinggd", 2026, changes=True)
    spec = organisation_book_spec("kleinggd", 2027, changes=True)
    html, book = book_html(spec)
    text = pdf_text(render_pdf(html).data)

    assert book.changes.old.year == 2026
    assert "Bijlage D. Wijzigingen ten opzichte van 2026" in text
    assert "Nieuwe producten • Nieuw in 2027" in text
    assert f"Vervallen producten • {removed.title}" in text
    assert changed.title in text.split("Gewijzigde producten", 1)[1]
    # Without the option the same edition's book has no such appendix, and is stored apart.
    assert "Bijlage D" not in pdf_text(render_pdf(book_html(organisation_book_spec("kleinggd", 2027))[0]).data)
    assert spec.key != organisation_book_spec("kleinggd", 2027).key
