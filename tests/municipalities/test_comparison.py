"""Several municipalities at once: the gemeente filter with more than one code, and the comparison page and API."""

import csv
import io

import pytest
from django.http import QueryDict

from services import facet_index
from services.models import Product
from services.selectors import catalogue_facets, filter_products

GOUDA, WADDINXVEEN, LEIDEN = "GM0513", "GM0627", "GM0546"


def test_taken_by_several_codes_is_what_any_of_them_takes(catalogue):
    products = Product.objects.published().filter(organisation__slug="ggd-testregio", edition__year=2026)

    both = products.taken_by(WADDINXVEEN, LEIDEN)

    union = set(products.taken_by(WADDINXVEEN)) | set(products.taken_by(LEIDEN))
    assert set(both) == union
    assert {p.slug: p.taken_jointly for p in both} == {
        "tuberculosebestrijding": True,
        "infectieziektebestrijding": True,
        "medische-milieukunde": True,
        "jeugdgezondheidszorg": True,
        "rijksvaccinatieprogramma": True,
        "toezicht-kinderopvang": False,  # only Leiden, which left the GGD, takes it (individually)
        "gezondheidsonderzoek-ouderen": False,
    }


def test_catalogue_filter_takes_several_municipalities_with_counts_to_match(client, catalogue):
    response = client.get(f"/producten/?organisatie=ggd-testregio&gemeente={WADDINXVEEN}&gemeente={LEIDEN}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "7 producten" in html
    assert "Verwijder filter </span>Gemeente: Waddinxveen" in html
    assert "Verwijder filter </span>Gemeente: Leiden" in html
    # Removing one municipality keeps the other.
    assert f'href="?organisatie=ggd-testregio&amp;gemeente={LEIDEN}"' in html
    assert f'<option value="{WADDINXVEEN}" selected>' in html and f'<option value="{LEIDEN}" selected>' in html
    assert f"/gemeenten/vergelijk/?gemeente={WADDINXVEEN}&amp;gemeente={LEIDEN}" in html

    filterset = filter_products(QueryDict(f"organisatie=ggd-testregio&gemeente={WADDINXVEEN}&gemeente={LEIDEN}"))
    facets = catalogue_facets(filterset)
    assert next(o.count for o in facets.organisatie if o.value == "ggd-testregio") == 7
    # A municipality's own count is what it takes under the other filters.
    assert {o.value: o.count for o in facets.gemeente if o.value in (GOUDA, WADDINXVEEN, LEIDEN)} == {
        GOUDA: 6,
        WADDINXVEEN: 6,
        LEIDEN: 1,
    }
    assert next(o.count for o in facets.schil if o.value == "2b") == 1


def test_catalogue_reports_an_unknown_code_among_several(client, catalogue):
    response = client.get(f"/producten/?organisatie=ggd-testregio&gemeente={LEIDEN}&gemeente=GM9999")

    html = response.content.decode()
    assert "Er is geen gemeente met de CBS-code ‘GM9999’" in html
    assert "1 product" in html


def test_api_filters_on_several_municipalities_and_refuses_an_unknown_one(client, catalogue):
    response = client.get(
        "/api/v1/producten", {"gemeente": [WADDINXVEEN, LEIDEN], "organisatie": "ggd-testregio", "pageSize": 50}
    )

    assert response.status_code == 200
    slugs = {p["slug"] for p in response.json()["_embedded"]["producten"]}
    assert "gezondheidsonderzoek-ouderen" in slugs and "toezicht-kinderopvang" in slugs
    assert len(slugs) == 7

    bad = client.get("/api/v1/producten", {"gemeente": [LEIDEN, "GM0000"]})
    assert bad.status_code == 400
    assert "GM0000" in bad.json()["invalidParams"][0]["reason"]


def test_compare_page_marks_jointly_individually_and_not_taken(client, catalogue):
    response = client.get("/gemeenten/vergelijk/", {"gemeente": [GOUDA, WADDINXVEEN, LEIDEN]})

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [m.name for m in comparison.municipalities] == ["Gouda", "Waddinxveen", "Leiden"]
    rows = {
        row.product.slug: row.takings for row in comparison.rows if row.product.organisation.slug == "ggd-testregio"
    }
    assert rows["tuberculosebestrijding"] == ["gezamenlijk", "gezamenlijk", "niet"]
    assert rows["toezicht-kinderopvang"] == ["afzonderlijk", "niet", "afzonderlijk"]
    assert rows["gezondheidsonderzoek-ouderen"] == ["niet", "afzonderlijk", "niet"]
    assert "reizigersadvisering" not in rows  # nobody takes it
    groups = [(g.tier.code if g.tier else None) for g in comparison.groups if g.organisation.slug == "ggd-testregio"]
    assert groups == ["1", "2a", "2b", "3"]  # grouped by tier, in the tiers' order
    html = response.content.decode()
    assert "<h2" in html and "Gouda, Waddinxveen en Leiden in 2026" in html
    assert 'data-label="Leiden" class="taking taking--niet">Niet</td>' in html
    assert "Download als CSV (Excel)" in html


def test_compare_page_can_show_only_the_differences(client, catalogue):
    response = client.get("/gemeenten/vergelijk/", {"gemeente": [GOUDA, WADDINXVEEN], "verschillen": "1"})

    shown = response.context["shown"]
    slugs = {row.product.slug for row in shown.rows if row.product.organisation.slug == "ggd-testregio"}
    assert slugs == {"toezicht-kinderopvang", "gezondheidsonderzoek-ouderen"}
    assert all(row.differs for row in shown.rows)
    assert "U ziet alleen de verschillen." in response.content.decode()


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([GOUDA, "GM9999"], "Er is geen gemeente met de CBS-code ‘GM9999’ in 2026."),
        ([GOUDA, "Gouda"], "Er is geen gemeente met de CBS-code ‘Gouda’ in 2026."),
        ([f"GM{n:04d}" for n in range(1, 8)], "Kies ten hoogste 6 gemeenten om te vergelijken."),
    ],
)
def test_compare_page_says_what_is_wrong_with_the_choice(client, catalogue, codes, message):
    response = client.get("/gemeenten/vergelijk/", {"gemeente": codes})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["comparison"] is None


def test_municipality_page_links_to_the_picker_with_itself_ticked(client, catalogue):
    page = client.get(f"/gemeenten/{GOUDA}/").content.decode()
    assert f'href="/gemeenten/vergelijk/?gemeente={GOUDA}"' in page

    picker = client.get("/gemeenten/vergelijk/", {"gemeente": GOUDA})
    assert picker.status_code == 200
    assert f'value="{GOUDA}" checked' in picker.content.decode()
    assert picker.context["comparison"] is None


def test_comparison_api_as_json_and_as_csv(client, catalogue):
    response = client.get("/api/v1/vergelijking", {"gemeente": [GOUDA, LEIDEN]})

    assert response.status_code == 200
    body = response.json()
    assert body["gemeenten"] == [{"cbsCode": GOUDA, "naam": "Gouda"}, {"cbsCode": LEIDEN, "naam": "Leiden"}]
    by_slug = {p["slug"]: p for p in body["producten"] if p["organisatie"] == "ggd-testregio"}
    assert by_slug["toezicht-kinderopvang"]["afname"] == {GOUDA: "afzonderlijk", LEIDEN: "afzonderlijk"}
    assert by_slug["toezicht-kinderopvang"]["verschil"] is False
    assert by_slug["jeugdgezondheidszorg"]["afname"] == {GOUDA: "gezamenlijk", LEIDEN: "niet"}
    assert by_slug["jeugdgezondheidszorg"]["schil"] == "Schil 2a"

    spreadsheet = client.get("/api/v1/vergelijking", {"gemeente": [GOUDA, LEIDEN], "format": "csv"})
    assert spreadsheet["Content-Type"].startswith("text/csv")
    assert f'filename="vergelijking-{GOUDA.lower()}-{LEIDEN.lower()}-2026.csv"' in spreadsheet["Content-Disposition"]
    text = spreadsheet.content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert list(rows[0]) == [
        "Organisatie",
        "Schil",
        "Product",
        "Gouda",
        "Leiden",
        "Verschil",
        "Kosten Gouda (euro)",
        "Kosten Leiden (euro)",
        "Link",
    ]
    row = next(r for r in rows if r["Product"] == "Jeugdgezondheidszorg 0-18 jaar")
    assert (row["Gouda"], row["Leiden"], row["Verschil"]) == ("Gezamenlijk", "Niet", "ja")


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"gemeente": GOUDA}, "gemeente"),
        ({"gemeente": [GOUDA, "GM0000"]}, "gemeente"),
        ({"gemeente": [GOUDA, LEIDEN], "kleur": "rood"}, "kleur"),
        ({"gemeente": [GOUDA, LEIDEN], "jaar": "twintig"}, "jaar"),
        ({"gemeente": [GOUDA, LEIDEN], "format": "xml"}, "format"),
    ],
)
def test_comparison_api_bad_input_is_a_400_naming_the_parameter(client, catalogue, query, param):
    response = client.get("/api/v1/vergelijking", query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [param]


def test_comparison_runs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    # Costs (services.costs.costs_of) add the previous editions, their products and the populations: a
    # few more queries, none per product and none per municipality. What each took then and no longer
    # takes is read from the facet indexes of both years: each is built once per catalogue version, in a
    # fixed number of queries of its own (tests/services/test_facet_index.py), not counted here.
    # Leiden no longer takes tuberculosebestrijding: that product, its tiers and Leiden's populations of
    # then are three queries more, for Leiden only.
    for year in (2025, 2026):
        facet_index.index_of(year)
    with django_assert_max_num_queries(20):
        client.get("/gemeenten/vergelijk/", {"gemeente": [GOUDA, WADDINXVEEN, LEIDEN, "GM0599", "GM1992", "GM0484"]})


def test_catalogue_and_municipality_pages_link_the_spreadsheet_with_the_same_selection(client, catalogue):
    html = client.get(
        "/producten/", {"gemeente": [WADDINXVEEN, LEIDEN], "organisatie": "ggd-testregio"}
    ).content.decode()
    link = f'href="/api/v1/producten.csv?gemeente={WADDINXVEEN}&amp;gemeente={LEIDEN}&amp;organisatie=ggd-testregio"'
    assert link in html and "Download als CSV (Excel)" in html
    spreadsheet = client.get(
        f"/api/v1/producten.csv?gemeente={WADDINXVEEN}&gemeente={LEIDEN}&organisatie=ggd-testregio"
    )
    assert spreadsheet.status_code == 200
    assert len(spreadsheet.content.decode("utf-8").strip().splitlines()) == 1 + 7

    page = client.get(f"/gemeenten/{GOUDA}/").content.decode()
    assert f'href="/api/v1/producten.csv?gemeente={GOUDA}&amp;jaar=2026" download>Download als CSV (Excel)' in page
    assert client.get(f"/api/v1/producten.csv?gemeente={GOUDA}&jaar=2026").status_code == 200
