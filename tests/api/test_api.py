import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from services.models import Commissioning, Edition, Status
from services.selectors import filter_products
from tests.factories import (
    EditionFactory,
    GlossaryTermFactory,
    LegalFrameworkFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProductFactory,
    RegionFactory,
    TierFactory,
    UnitFactory,
    UptakeFactory,
)

YEAR = settings.CATALOGUE_CURRENT_YEAR
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catalogue(db) -> dict:
    """One organisation with a joint and an individual tier, two members, one of which buys extra."""
    organisation = OrganisationFactory(slug="api-ggd", short_name="API-GGD")
    gouda = MunicipalityFactory(cbs_code="GM8513", name="Apidam", slug="apidam")
    other = MunicipalityFactory(cbs_code="GM8514", name="Apiveen", slug="apiveen")
    outsider = MunicipalityFactory(cbs_code="GM8515", name="Buitendam", slug="buitendam")
    for municipality in (gouda, other):
        MembershipFactory(organisation=organisation, municipality=municipality)
    joint = TierFactory(organisation=organisation, code="2a", commissioning=Commissioning.ALL_MEMBERS)
    individual = TierFactory(organisation=organisation, code="3", commissioning=Commissioning.INDIVIDUAL)
    wpg = LegalFrameworkFactory(slug="api-wpg", name="Api-wet publieke gezondheid", bwb_id="BWBR9990001")
    unit = UnitFactory(organisation=organisation, slug="jgz", name="Jeugdgezondheidszorg")
    statutory = ProductFactory(
        organisation=organisation, unit=unit, slug="infectieziekten", title="Infectieziekten", tiers=[joint], laws=[wpg]
    )
    extra = ProductFactory(
        organisation=organisation,
        unit=unit,
        slug="extra-consult",
        title="Extra consult",
        tiers=[individual],
        age_min_months=-9,
        age_max_months=48,
    )
    UptakeFactory(product=extra, municipality=gouda)
    concept = ProductFactory(organisation=organisation, unit=unit, slug="concept", status=Status.CONCEPT)
    return {
        "organisation": organisation,
        "gouda": gouda,
        "other": other,
        "outsider": outsider,
        "statutory": statutory,
        "extra": extra,
        "concept": concept,
        "wpg": wpg,
        "unit": unit,
    }


def embedded(response, name: str = "producten") -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    return response.json()["_embedded"][name]


def slugs(response) -> list[str]:
    return [item["slug"] for item in embedded(response)]


# --- products -------------------------------------------------------------------------------------------


def test_products_list_shows_published_products_of_the_current_edition_only(client, catalogue):
    response = client.get("/api/v1/producten", {"organisatie": "api-ggd"})

    assert sorted(slugs(response)) == ["extra-consult", "infectieziekten"]
    assert response.json()["totaal"] == 2


def test_concept_product_is_not_found_by_its_key(client, catalogue):
    response = client.get("/api/v1/producten/api-ggd/concept")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "concept" in response.json()["detail"]


def test_products_of_a_municipality_are_what_the_catalogue_filter_says_it_takes(client, catalogue):
    for code, expected in (
        ("GM8513", {"infectieziekten", "extra-consult"}),
        ("GM8514", {"infectieziekten"}),
        ("GM8515", set()),
    ):
        response = client.get("/api/v1/producten", {"gemeente": code, "organisatie": "api-ggd"})
        shared = filter_products(QueryDict(f"gemeente={code}&organisatie=api-ggd")).qs
        assert set(slugs(response)) == expected == {product.slug for product in shared}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"schil": "3"}, ["extra-consult"]),
        ({"wet": "api-wpg"}, ["infectieziekten"]),
        ({"leeftijd": "2"}, ["extra-consult"]),
        ({"leeftijd": "1,5"}, ["extra-consult"]),
        ({"eenheid": "jgz", "q": "infectieziekten"}, ["infectieziekten"]),
        ({"jaar": YEAR - 1}, []),
    ],
)
def test_products_take_the_catalogue_filters(client, catalogue, query, expected):
    response = client.get("/api/v1/producten", {"organisatie": "api-ggd", **query})

    assert slugs(response) == expected


def test_product_item_has_tiers_legal_bases_ages_sections_and_absolute_links(client, catalogue):
    response = client.get("/api/v1/producten/api-ggd/infectieziekten")

    assert response.status_code == 200
    product = response.json()
    assert product["titel"] == "Infectieziekten"
    assert product["jaar"] == YEAR
    assert product["doel"] == "Gezondere inwoners."
    assert product["schillen"][0]["code"] == "2a"
    assert product["schillen"][0]["opdrachtgever"] == "gezamenlijk"
    basis = product["wettelijkeGrondslagen"][0]
    assert basis["wet"] == "Api-wet publieke gezondheid"
    assert basis["officieleTekst"] == "https://wetten.overheid.nl/BWBR9990001/"
    assert basis["_links"]["wet"]["href"] == "http://testserver/api/v1/wetten/api-wpg"
    assert product["eenheid"]["naam"] == "Jeugdgezondheidszorg"
    assert product["_links"]["self"]["href"] == "http://testserver/api/v1/producten/api-ggd/infectieziekten"
    assert product["_links"]["editie"]["href"] == f"http://testserver/api/v1/edities/api-ggd/{YEAR}"
    assert "leeftijdVanafMaanden" in product


def test_product_of_another_edition_is_found_with_jaar_and_links_to_itself_with_it(client, catalogue):
    organisation = catalogue["organisation"]
    old = EditionFactory(organisation=organisation, year=YEAR - 1)
    ProductFactory(organisation=organisation, edition=old, unit=catalogue["unit"], slug="oud-product")

    assert client.get("/api/v1/producten/api-ggd/oud-product").status_code == 404
    response = client.get("/api/v1/producten/api-ggd/oud-product", {"jaar": YEAR - 1})

    assert response.status_code == 200
    assert response.json()["_links"]["self"]["href"].endswith(f"/producten/api-ggd/oud-product?jaar={YEAR - 1}")


def test_products_pages_cover_every_product_once_in_a_stable_order(client, catalogue):
    organisation = catalogue["organisation"]
    for number in range(7):
        # Same unit, order and title: only the primary key can tell them apart.
        ProductFactory(
            organisation=organisation, unit=catalogue["unit"], title="Gelijk", order=1, slug=f"gelijk-{number}"
        )

    seen = []
    url = "/api/v1/producten?organisatie=api-ggd&pageSize=3"
    while url:
        response = client.get(url)
        seen += slugs(response)
        url = response.json()["_links"].get("next", {}).get("href")

    assert len(seen) == len(set(seen)) == 9
    assert seen == slugs(client.get("/api/v1/producten", {"organisatie": "api-ggd", "pageSize": 200}))


def test_products_list_has_paging_links_and_counts(client, catalogue):
    response = client.get("/api/v1/producten", {"organisatie": "api-ggd", "pageSize": 1, "page": 2})

    body = response.json()
    assert body["pagina"] == 2 and body["paginaGrootte"] == 1 and body["totaal"] == 2
    assert set(body["_links"]) == {"self", "first", "prev", "last"}
    assert body["_links"]["first"]["href"] == "http://testserver/api/v1/producten?organisatie=api-ggd&pageSize=1"
    assert response["X-Total-Count"] == "2"


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/producten",
        "/api/v1/producten?organisatie=qc-ggd&pageSize=200",
        "/api/v1/producten?gemeente=GM8601",
        "/api/v1/producten.csv?gemeente=GM8601",
        "/api/v1/organisaties",
        "/api/v1/eenheden",
        "/api/v1/schillen",
        "/api/v1/edities",
        "/api/v1/begrippen",
        "/api/v1/wetten",
        "/api/v1/gemeenten",
        "/api/v1/gemeenten/GM8601",
        "/api/v1/regios",
    ],
)
def test_lists_take_the_same_number_of_queries_for_5_and_50_rows(client, db, url):
    organisation = OrganisationFactory(slug="qc-ggd")
    region = RegionFactory(slug="qc-regio")
    tier = TierFactory(organisation=organisation, code="2a")
    law = LegalFrameworkFactory(slug="qc-wet")
    unit = UnitFactory(organisation=organisation)

    added: list = []

    def add(count: int) -> None:
        # Every list grows: products, municipalities, and organisations with their own rows. The CBS
        # codes are explicit: the factory's sequence has room for only a thousand in a session.
        for _ in range(count):
            municipality = MunicipalityFactory(cbs_code=f"GM7{len(added):03d}")
            added.append(municipality)
            municipality.regions.add(region, RegionFactory(parent=region))
            MembershipFactory(organisation=organisation, municipality=municipality)
            ProductFactory(organisation=organisation, unit=unit, tiers=[tier], laws=[law, LegalFrameworkFactory()])
            other = OrganisationFactory(region=region)
            MembershipFactory(organisation=other, municipality=municipality)
            UnitFactory(organisation=other)
            TierFactory(organisation=other)
            EditionFactory(organisation=other, based_on=EditionFactory(organisation=other, year=YEAR - 1))
            GlossaryTermFactory(organisation=other)

    filtered_on = MunicipalityFactory(cbs_code="GM8601")
    filtered_on.regions.add(region)
    MembershipFactory(organisation=organisation, municipality=filtered_on)
    # Each count is of a second request: the first after a change also builds the year's facet index
    # (services.facet_index), in a fixed number of queries of its own (tests/services/test_facet_index.py).
    add(5)
    client.get(url)
    few = query_count(client, url)
    add(45)
    client.get(url)
    many = query_count(client, url)

    assert few == many
    # A municipality's detail also gives its costs (services.costs): what it takes, with tiers and laws, and populations.
    assert many <= (11 if url == "/api/v1/gemeenten/GM8601" else 8)


# --- the other resources ------------------------------------------------------------------------------------


def test_municipality_links_to_and_lists_the_products_it_takes(client, catalogue):
    response = client.get("/api/v1/gemeenten/GM8513")

    assert response.status_code == 200
    body = response.json()
    assert body["naam"] == "Apidam"
    assert body["_links"]["producten"]["href"] == "http://testserver/api/v1/producten?gemeente=GM8513"
    assert {item["slug"] for item in body["afgenomenProducten"]} == {"infectieziekten", "extra-consult"}
    assert client.get("/api/v1/gemeenten/gm8514").json()["afgenomenProducten"][0]["slug"] == "infectieziekten"


def test_every_resource_is_found_by_its_natural_key(client, catalogue):
    region = RegionFactory(slug="api-regio", name="Api-regio")
    catalogue["gouda"].regions.add(region)
    GlossaryTermFactory(organisation=catalogue["organisation"], term="Rijksvaccinatieprogramma (RVP)")
    expectations = {
        "/api/v1/organisaties/api-ggd": ("korteNaam", "API-GGD"),
        "/api/v1/eenheden/api-ggd/jgz": ("naam", "Jeugdgezondheidszorg"),
        "/api/v1/schillen/api-ggd/2a": ("code", "2a"),
        "/api/v1/wetten/api-wpg": ("bwbId", "BWBR9990001"),
        f"/api/v1/edities/api-ggd/{YEAR}": ("jaar", YEAR),
        "/api/v1/begrippen/api-ggd/rijksvaccinatieprogramma-rvp": ("begrip", "Rijksvaccinatieprogramma (RVP)"),
        "/api/v1/gemeenten/GM8513": ("cbsCode", "GM8513"),
        "/api/v1/regios/api-regio": ("naam", "Api-regio"),
    }
    for url, (field, value) in expectations.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()[field] == value, url
        assert response.json()["_links"]["self"]["href"] == f"http://testserver{url}"


def test_concept_editions_are_not_published(client, catalogue):
    EditionFactory(organisation=catalogue["organisation"], year=YEAR + 1, state=Edition.State.CONCEPT)

    assert client.get(f"/api/v1/edities/api-ggd/{YEAR + 1}").status_code == 404
    years = [item["jaar"] for item in embedded(client.get("/api/v1/edities?organisatie=api-ggd"), "edities")]
    assert years == [YEAR]


def test_lists_of_an_organisation_are_narrowed_with_organisatie(client, catalogue):
    UnitFactory(slug="elders")  # another organisation's unit

    units = embedded(client.get("/api/v1/eenheden", {"organisatie": "api-ggd"}), "eenheden")

    assert [unit["slug"] for unit in units] == ["jgz"]


# --- CSV -----------------------------------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_lists_what_a_municipality_takes_with_the_same_filters(client, catalogue):
    response = client.get("/api/v1/producten.csv", {"gemeente": "GM8513"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="producten-gm8513-{YEAR}.csv"'
    rows = read_csv(response)
    assert {row["Product"] for row in rows} == {"Infectieziekten", "Extra consult"}
    statutory = next(row for row in rows if row["Product"] == "Infectieziekten")
    assert statutory["Schillen"] == "Schil 2a"
    assert statutory["Wettelijk kader"] == "Api-wet publieke gezondheid"
    assert statutory["Link"] == "http://testserver/api/v1/producten/api-ggd/infectieziekten"


def test_csv_by_format_parameter_equals_the_csv_route_and_ignores_paging(client, catalogue):
    by_route = client.get("/api/v1/producten.csv", {"organisatie": "api-ggd"})
    by_format = client.get("/api/v1/producten", {"organisatie": "api-ggd", "format": "csv", "pageSize": 1})

    assert len(read_csv(by_format)) == 2
    assert by_route.content == by_format.content


# --- ADR: errors, headers, CORS, caching ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "param"),
    [
        ("/api/v1/producten?kleur=rood", 400, "kleur"),
        ("/api/v1/producten?jaar=twintig", 400, "jaar"),
        ("/api/v1/producten?jaar=1900", 400, "jaar"),
        ("/api/v1/producten?leeftijd=oud", 400, "leeftijd"),
        ("/api/v1/producten?organisatie=bestaat-niet", 400, "organisatie"),
        ("/api/v1/producten?gemeente=GM0000", 400, "gemeente"),
        ("/api/v1/producten?pageSize=0", 400, "pageSize"),
        ("/api/v1/producten?page=abc", 400, "page"),
        ("/api/v1/producten?format=xml", 400, "format"),
        ("/api/v1/producten/api-ggd/infectieziekten?jaar=abc", 400, "jaar"),
        ("/api/v1/producten/api-ggd/infectieziekten?pagina=2", 400, "pagina"),
        ("/api/v1/eenheden?organisatie=bestaat-niet", 400, "organisatie"),
        ("/api/v1?x=1", 400, "x"),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_parameter(client, catalogue, url, status, param):
    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["detail"]
    assert param in {item["name"] for item in problem["invalidParams"]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/producten/",
        "/api/v1/bestaat-niet",
        "/api/v1/producten/api-ggd/bestaat-niet",
        "/api/v1/gemeenten/GM0000",
        "/api/v1/producten?organisatie=api-ggd&page=99",
    ],
)
def test_unknown_paths_and_items_are_404_problems(client, catalogue, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    assert response.json()["detail"]


def test_trailing_slash_404_says_which_path_to_use(client, db):
    assert "probeer /api/v1/producten" in client.get("/api/v1/producten/").json()["detail"]


def test_writes_are_refused_as_405_problem(client, catalogue):
    response = client.post("/api/v1/producten", {"titel": "x"})

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]


def test_unacceptable_media_type_is_a_406_problem(client, db):
    response = client.get("/api/v1/producten", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert "application/json, text/csv" in response.json()["detail"]


def test_every_api_answer_carries_the_api_version(client, catalogue):
    for url in ("/api/v1", "/api/v1/producten", "/api/v1/openapi.json", "/api/v1/producten?x=1"):
        assert client.get(url)["API-Version"] == "1.0.0"


def test_cors_is_open_for_reads(client, catalogue):
    response = client.get("/api/v1/producten", HTTP_ORIGIN="https://gemeente.example")
    preflight = client.options(
        "/api/v1/producten",
        HTTP_ORIGIN="https://gemeente.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_unchanged_list_is_answered_304_and_a_changed_product_gives_a_new_etag(client, catalogue):
    url = "/api/v1/producten?organisatie=api-ggd"
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    product = catalogue["statutory"]
    product.summary = "Nieuwe samenvatting."
    product.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Nieuwe samenvatting." in changed.content.decode()


def test_product_item_of_a_published_edition_keeps_its_law_name_and_etag_when_the_law_is_renamed(client, catalogue):
    url = "/api/v1/producten/api-ggd/infectieziekten"
    first = client.get(url)
    catalogue["wpg"].name = "Wet publieke gezondheid (nieuw)"
    catalogue["wpg"].save()

    # The published edition reads its laws as published (services.published); the ETag is the body's.
    again = client.get(url)
    assert again.content == first.content and "(nieuw)" not in again.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_head_answers_like_get_without_a_body(client, catalogue):
    get = client.get("/api/v1/producten/api-ggd/infectieziekten")
    head = client.head("/api/v1/producten/api-ggd/infectieziekten")

    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head.content == b""


# --- OpenAPI and documentation ----------------------------------------------------------------------------------


def test_committed_openapi_document_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))

    assert generated.read_text() == (ROOT / "openapi" / "openapi.yaml").read_text(), (
        "openapi/openapi.yaml wijkt af van de code. Maak het opnieuw met:\n"
        "  DJANGO_DEBUG=1 .venv/bin/python manage.py spectacular --validate --fail-on-warn --file openapi/openapi.yaml"
    )


CAMEL_CASE = re.compile(r"^_?[a-z][a-zA-Z0-9]*$")


def property_names(schema: object) -> set[str]:
    names = set()
    if isinstance(schema, dict):
        for name, value in schema.get("properties", {}).items():
            names.add(name)
            names |= property_names(value)
        for value in schema.values():
            if isinstance(value, dict | list):
                names |= property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            names |= property_names(value)
    return names


def test_openapi_uses_camel_case_names_kebab_case_paths_and_dutch_descriptions(client, db):
    response = client.get("/api/v1/openapi.json")
    document = response.json()

    assert response.status_code == 200
    assert yaml.safe_load(client.get("/api/v1/openapi.yaml").content) == document
    names = property_names(document["components"]["schemas"])
    assert {"cbsCode", "korteNaam", "wettelijkeGrondslagen", "leeftijdVanafMaanden", "invalidParams"} <= names
    assert not [name for name in names if not CAMEL_CASE.match(name)]
    for path in document["paths"]:
        assert path == "/" or not path.endswith("/")  # "/" is the root of the server URL /api/v1
        assert re.fullmatch(r"[a-z0-9/.{}A-Z-]+", path) and "_" not in re.sub(r"{[^}]*}", "", path)
    product = document["components"]["schemas"]["Product"]["properties"]
    assert product["doel"]["description"] == "Wat willen we bereiken? / Doelstelling."


def test_documentation_page_serves_its_assets_locally(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<redoc spec-url="/api/v1/openapi.json">' in html
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "https://" not in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": "geen-etag"},
        {"HTTP_IF_MODIFIED_SINCE": "gisteren"},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 9999 99:99:99 GMT"},
        {"HTTP_ACCEPT": ";;;"},
        {"HTTP_ACCEPT": "*/*;q=abc"},
        {"HTTP_ACCEPT_LANGUAGE": "@@@"},
        {"HTTP_ORIGIN": "\x00"},
    ],
)
def test_malformed_headers_and_nul_bytes_never_cause_a_server_error(client, catalogue, headers):
    for url in (
        "/api/v1/producten",
        "/api/v1/producten?q=%00",
        "/api/v1/producten?organisatie=%00",
        "/api/v1/producten?leeftijd=%00",
        "/api/v1/gemeenten/GM%000",
        "/api/v1/gemeenten/%00",
    ):
        response = client.get(url, **headers)
        assert response.status_code in (200, 400, 404, 406), (url, headers)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"


def test_csv_of_an_empty_selection_still_has_its_header_and_formulas_are_not_executed(client, catalogue):
    catalogue["statutory"].summary = '=HYPERLINK("http://example.org")'
    catalogue["statutory"].save()

    empty = client.get("/api/v1/producten.csv", {"gemeente": "GM8515"})
    rows = read_csv(client.get("/api/v1/producten.csv", {"organisatie": "api-ggd", "wet": "api-wpg"}))

    assert empty.content.decode("utf-8").splitlines()[0].lstrip("\ufeff").startswith("Organisatie;Jaar;Eenheid")
    assert rows[0]["Samenvatting"] == '\'=HYPERLINK("http://example.org")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_every_character_that_starts_a_formula(client, catalogue, start):
    catalogue["statutory"].summary = f'{start}cmd|" /C calc"!A0'
    catalogue["statutory"].save()

    rows = read_csv(client.get("/api/v1/producten.csv", {"organisatie": "api-ggd", "wet": "api-wpg"}))

    assert rows[0]["Samenvatting"] == f'\'{start}cmd|" /C calc"!A0'


def test_openapi_document_names_its_versioned_server_and_a_contact(client, db):
    document = client.get("/api/v1/openapi.json").json()

    assert [server["url"] for server in document["servers"]] == ["/api/v1"]
    assert document["info"]["contact"]["name"]
    assert "/" in document["paths"] and "/producten" in document["paths"]
    assert client.get("/api/v1/").json() == client.get("/api/v1").json()
