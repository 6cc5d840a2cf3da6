"""The shipped catalogues say what the books say: the RVP programme and its table, umbrellas, ambiguous
abbreviations, unit names and tier flags, on the public page, in the PDF book and in the API."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from books.pdf import render_pdf
from books.rendering import book_html
from books.selectors import organisation_book_spec
from services.models import Product, Tier, Unit
from tests.pdf_checks import normalise

# About the shipped 2026 catalogues: they are loaded for this module (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("shipped_catalogue")


def page(client, organisation: str, slug: str) -> str:
    response = client.get(reverse("services:product-detail", kwargs={"organisation": organisation, "slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str) -> list[list[str]]:
    table = re.search(r'<table class="book-table">(.*?)</table>', html, re.S).group(1)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_the_rvp_programme_is_an_entry_of_the_rvp_tier_with_its_vaccination_table(client, db):
    rvp = Product.objects.get(organisation__slug="cjg-rijnmond", slug="rijksvaccinatieprogramma")
    assert list(rvp.tiers.values_list("code", flat=True)) == ["rvp"]
    assert rvp.table["columns"] == ["Vaccinatietype", "Vaccinatieleeftijd", "Aantal vaccinaties"]
    assert len(rvp.table["rows"]) == 9

    html = page(client, "cjg-rijnmond", "rijksvaccinatieprogramma")

    rows = cells(html)
    assert rows[0] == ["Vaccinatietype", "Vaccinatieleeftijd", "Aantal vaccinaties"]
    assert rows[1] == ["DKTP-Hib-HepB", "2*, 3, 5, 11 maand(en)", "3 of 4"]
    assert rows[3] == ["BMR &lt;5 jaar", "14 maanden", "1"]  # the book's "<5 jaar", escaped
    assert "* Optioneel: afhankelijk van de vaccinatie van de moeder." in html
    listed = client.get(reverse("services:product-list"), {"organisatie": "cjg-rijnmond", "schil": "rvp"})
    assert "Rijksvaccinatieprogramma</a>" in listed.content.decode()


def test_a_table_cell_is_escaped_and_a_malformed_table_is_refused(client, db):
    rvp = Product.objects.get(organisation__slug="cjg-rijnmond", slug="rijksvaccinatieprogramma")
    rvp.table = {**rvp.table, "rows": [["<script>alert(1)</script>", "2 maanden", "1"]]}
    Product.objects.filter(pk=rvp.pk).update(table=rvp.table)
    html = page(client, "cjg-rijnmond", "rijksvaccinatieprogramma")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    rvp.table = {"columns": ["Type", "Leeftijd"], "rows": [["DTP"]]}
    with pytest.raises(ValidationError) as error:
        rvp.full_clean()
    assert error.value.message_dict["table"] == ["Rij 1 heeft 1 cellen; verwacht 2."]


def test_sub_products_show_their_umbrella_once_above_them_and_do_not_copy_it(client, db):
    umbrella = Product.objects.get(organisation__slug="cjg-rijnmond", slug="opvoedondersteuning")
    parts = Product.objects.filter(umbrella=umbrella).order_by("order")
    assert [p.slug for p in parts] == ["pedagoog", "orthopedagoog"]
    intro = "Orthopedagogen en pedagogen bieden opvoedondersteuning."
    assert all(intro not in p.activities for p in parts)

    html = page(client, "cjg-rijnmond", "pedagoog")
    assert html.count(intro) == 1
    assert html.index("Onderdeel van") < html.index("Pedagogen bieden kortdurende")
    assert f'href="{umbrella.get_absolute_url()}"' in html
    umbrella_page = page(client, "cjg-rijnmond", "opvoedondersteuning")
    assert 'id="onderdelen-titel"' in umbrella_page and "Orthopedagoog</a>" in umbrella_page


def test_the_book_prints_the_umbrella_introduction_once_and_the_rvp_table(db):
    html, _ = book_html(organisation_book_spec("cjg-rijnmond", 2026))
    text = normalise(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(html).data)).pages))

    # The umbrella's text once (its first sentence is also its summary, as for every product in prose).
    assert text.count("Op basis van de hulpvraag wordt gekeken welke professional") == 1
    assert text.count("Onderdeel van Opvoedondersteuning") == 2
    assert "Vaccinatietype Vaccinatieleeftijd Aantal vaccinaties" in text
    assert "DKTP-Hib-HepB 2*, 3, 5, 11 maand(en) 3 of 4" in text
    assert "HPV 10 jaar 2" in text


def test_an_ambiguous_abbreviation_is_kept_with_a_note_on_the_product_page(client, db):
    html = page(client, "hecht", "jeugd-preventie-team")
    assert "afkorting in het boek: Wpg (kan ook Wet politiegegevens betekenen)" in html
    assert "afkorting in het boek" not in page(client, "hecht", "veiligheidshuis")
    police = client.get("/api/v1/wetten/wet-politiegegevens")
    assert police.json()["afkorting"] == "Wpg"


def test_unit_names_are_the_books_headings_with_unchanged_slugs_and_tiers_as_the_books_state_them(db):
    names = dict(Unit.objects.filter(organisation__slug="hecht").values_list("slug", "name"))
    assert names["regionale-ambulancezorgvoorziening"] == "Regionale Ambulancezorgvoorziening Hollands Midden"
    assert names["zorg-en-veiligheidshuis"] == "Het Zorg- en Veiligheidshuis"
    assert names["gezondheidsbevordering-en-onderzoek"] == "Gezondheidsbevordering en onderzoek"
    statutory = Tier.objects.filter(organisation__slug="cjg-rijnmond", statutory=True)
    assert list(statutory.values_list("code", flat=True)) == ["basispakket"]


def test_the_api_gives_the_table_and_the_umbrella(client, db):
    response = client.get("/api/v1/producten", {"organisatie": "cjg-rijnmond", "q": "Pedagoog"})
    by_slug = {item["slug"]: item for item in response.json()["_embedded"]["producten"]}
    assert by_slug["pedagoog"]["onderdeelVan"] == "opvoedondersteuning"
    rvp = client.get("/api/v1/producten", {"organisatie": "cjg-rijnmond", "schil": "rvp"}).json()
    table = next(item for item in rvp["_embedded"]["producten"] if item["slug"] == "rijksvaccinatieprogramma")["tabel"]
    assert table["rows"][-1] == ["MenACWY", "14 jaar", "1"] and table["note"].startswith("Optioneel")
