"""The public catalogue pages, as a municipal officer uses them: every page, every filter, bad input.

Tests run beside the shipped catalogues: they look for the test catalogue's own product URLs
(organisations ``ggd-testregio`` and ``cjg-testmond``) rather than counting everything on a page.
"""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import Product
from tests.catalogue_data import multiply_catalogue

GGD = "/producten/ggd-testregio/"
CJG = "/producten/cjg-testmond/"
TBC = f"{GGD}tuberculosebestrijding/"
INFECTIE = f"{GGD}infectieziektebestrijding/"
MILIEU = f"{GGD}medische-milieukunde/"
JGZ = f"{GGD}jeugdgezondheidszorg/"
RVP = f"{GGD}rijksvaccinatieprogramma/"
KINDEROPVANG = f"{GGD}toezicht-kinderopvang/"
OUDEREN = f"{GGD}gezondheidsonderzoek-ouderen/"
REIZIGERS = f"{GGD}reizigersadvisering/"
CONCEPT = f"{GGD}geheim-conceptproduct/"
VIER_WEKEN = f"{CJG}contactmoment-4-weken/"
VOORLICHTING_RVP = f"{CJG}voorlichting-rvp/"
PRENATAAL = f"{CJG}prenataal-huisbezoek/"
ADOLESCENTEN = f"{CJG}extra-contactmoment-adolescenten/"
TEST_PRODUCTS = {
    TBC, INFECTIE, MILIEU, JGZ, RVP, KINDEROPVANG, OUDEREN, REIZIGERS, VIER_WEKEN, VOORLICHTING_RVP, PRENATAAL,
    ADOLESCENTEN,
}  # fmt: skip

CARD = re.compile(r'<h3 class="card__title"><a href="([^"]+)">([^<]+)</a>')


def results(response) -> list[str]:
    """The product URLs in the result list, in order (the test catalogue's own only)."""
    return [html.unescape(url) for url, _ in CARD.findall(response.content.decode()) if _is_test_url(url)]


def result_titles(response) -> list[str]:
    return [html.unescape(title) for _, title in CARD.findall(response.content.decode())]


def _is_test_url(url: str) -> bool:
    return url.startswith((GGD, CJG))


def listing(client, **params) -> list[str]:
    """The test catalogue's product URLs on every page of the catalogue filtered by ``params``."""
    found: list[str] = []
    page = 1
    while True:
        response = client.get("/producten/", {**params, "pagina": page})
        assert response.status_code == 200
        found += results(response)
        if page >= response.context["paginator"].num_pages:
            return found
        page += 1


def text(response) -> str:
    """The page's visible words, whitespace collapsed (for asserting sentences)."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# --- Entry page ---------------------------------------------------------------------------------


def test_home_offers_organisations_search_and_ways_in_by_tier_law_municipality_and_age(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="nl"' in page
    assert "GGD Testregio Midden" in page and "Centrum voor Jeugd en Gezin Testmond" in page
    assert 'role="search"' in page and 'name="q"' in page
    assert "?organisatie=ggd-testregio&amp;schil=2a" in page
    assert "/wetten/wet-publieke-gezondheid/" in page
    assert '<option value="GM0513">Gouda</option>' in page
    assert "?leeftijd=1.5" in page
    # Members this year: Leiden left GGD Testregio after 2025, Brielle merged into Voorne aan Zee.
    assert "GGD · 2 deelnemende gemeenten" in text(response)
    assert "Centrum voor Jeugd en Gezin · 2 deelnemende gemeenten" in text(response)


# --- Catalogue: publication, year ------------------------------------------------------------------


def test_catalogue_shows_only_published_products_of_the_current_edition(client, catalogue):
    found = listing(client, organisatie="ggd-testregio")
    assert CONCEPT not in found
    assert TBC in found
    assert f"{TBC}?jaar=2025" not in found
    assert "Geheim conceptproduct" not in client.get("/producten/?q=geheim").content.decode()


def test_catalogue_without_parameters_shows_the_current_edition(client, catalogue):
    response = client.get("/producten/")
    current = Product.objects.published().filter(edition__year=2026)
    assert response.context["paginator"].count == current.count()
    assert f"{TBC}?jaar=2025" not in results(response)


def test_catalogue_shows_an_older_edition_when_a_year_is_asked(client, catalogue):
    found = listing(client, organisatie="ggd-testregio", jaar="2025")
    assert found == [f"{TBC}?jaar=2025"]


# --- Catalogue: each filter --------------------------------------------------------------------------


def test_filter_by_organisation(client, catalogue):
    found = listing(client, organisatie="cjg-testmond")
    assert set(found) == {VIER_WEKEN, VOORLICHTING_RVP, PRENATAAL, ADOLESCENTEN}


def test_filter_by_unit(client, catalogue):
    assert set(listing(client, eenheid="tr-jeugdgezondheidszorg")) == {JGZ, RVP}


def test_filter_by_tier(client, catalogue):
    assert listing(client, organisatie="ggd-testregio", schil="2b") == [KINDEROPVANG]
    assert set(listing(client, schil="rvp")) == {VOORLICHTING_RVP}


def test_filter_by_law(client, catalogue):
    found = listing(client, wet="wet-kinderopvang")
    assert KINDEROPVANG in found
    assert TBC not in found


def test_filter_by_municipality_takes_joint_tiers_of_members_and_individual_uptake(client, catalogue):
    found = set(listing(client, gemeente="GM0513"))
    # Gouda is a member: all jointly commissioned products (schil 1, 2a), plus its own uptake (schil 2b).
    assert found == {TBC, INFECTIE, MILIEU, JGZ, RVP, KINDEROPVANG}


def test_filter_by_municipality_follows_membership_years(client, catalogue):
    # Leiden left after 2025: in 2026 only what it buys itself, in 2025 the joint products too.
    assert set(listing(client, gemeente="GM0546")) == {KINDEROPVANG}
    assert set(listing(client, gemeente="GM0546", jaar="2025")) == {f"{TBC}?jaar=2025"}


def test_filter_by_municipality_of_the_other_organisation(client, catalogue):
    assert set(listing(client, gemeente="GM0599")) == {VIER_WEKEN, VOORLICHTING_RVP, PRENATAAL, ADOLESCENTEN}
    assert set(listing(client, gemeente="GM1992")) == {VIER_WEKEN, VOORLICHTING_RVP, PRENATAAL}


def test_filter_by_municipality_accepts_a_lower_case_code(client, catalogue):
    assert set(listing(client, gemeente="gm0513")) == set(listing(client, gemeente="GM0513"))


@pytest.mark.parametrize("age", ["1.5", "1,5"])
def test_filter_by_age_keeps_products_whose_range_includes_it(client, catalogue, age):
    assert set(listing(client, leeftijd=age)) == {JGZ, RVP, KINDEROPVANG, VOORLICHTING_RVP}


def test_filter_by_age_zero_includes_products_up_to_birth(client, catalogue):
    found = set(listing(client, leeftijd="0"))
    assert {PRENATAAL, JGZ, RVP, VOORLICHTING_RVP, KINDEROPVANG} <= found
    assert ADOLESCENTEN not in found and VIER_WEKEN not in found


def test_filter_by_age_of_an_older_person(client, catalogue):
    assert set(listing(client, leeftijd="70")) == {OUDEREN}


def test_search_puts_the_product_named_after_the_word_first(client, catalogue):
    response = client.get("/producten/", {"q": "tuberculose"})
    assert result_titles(response)[0] == "Tuberculosebestrijding"
    assert "<mark>" in response.content.decode()
    found = listing(client, q="tuberculose")
    assert found[0] == TBC
    assert INFECTIE in found  # mentions tuberculose in its text


def test_search_vaccinatie_finds_vaccination_products_of_both_organisations(client, catalogue):
    found = set(listing(client, q="vaccinatie"))
    assert {RVP, VOORLICHTING_RVP, REIZIGERS} <= found
    assert MILIEU not in found


def test_search_without_matches_says_so(client, catalogue):
    response = client.get("/producten/", {"q": "xylofoonorkest"})
    assert response.status_code == 200
    assert "Er zijn geen producten die aan deze filters voldoen." in text(response)
    assert "0 producten gevonden voor ‘xylofoonorkest’" in text(response)


# --- Catalogue: combinations, counts, active filters, sorting, pagination ---------------------------


def test_filter_by_municipality_and_law(client, catalogue):
    found = set(listing(client, gemeente="GM0513", wet="wet-publieke-gezondheid"))
    assert found == {TBC, INFECTIE, MILIEU, JGZ, RVP}


def test_filter_by_municipality_and_tier(client, catalogue):
    assert set(listing(client, gemeente="GM0513", schil="2a")) == {JGZ, RVP}


def test_filter_by_municipality_and_age_and_search(client, catalogue):
    assert set(listing(client, gemeente="GM0513", leeftijd="4")) == {JGZ, RVP, KINDEROPVANG}
    assert set(listing(client, gemeente="GM0599", q="vaccinatie")) == {VOORLICHTING_RVP}


def test_filter_by_organisation_tier_law_and_age(client, catalogue):
    found = listing(client, organisatie="ggd-testregio", schil="2a", wet="jeugdwet", leeftijd="17")
    assert found == [JGZ]


def test_filter_options_show_how_many_products_each_would_give(client, catalogue):
    page = client.get("/producten/", {"organisatie": "ggd-testregio"}).content.decode()
    assert '<option value="GM0513">Gouda (6)</option>' in page
    assert '<option value="GM0627">Waddinxveen (6)</option>' in page  # five joint and its own schil 3
    page = client.get("/producten/", {"gemeente": "GM0599"}).content.decode()
    assert '<option value="cjg-testmond">CJG Testmond (4)</option>' in page
    assert '<option value="ggd-testregio">GGD Testregio (0)</option>' in page


def test_active_filters_are_listed_each_with_a_link_that_removes_it(client, catalogue):
    response = client.get("/producten/", {"gemeente": "GM0513", "wet": "wet-publieke-gezondheid", "pagina": "1"})
    page = response.content.decode()
    assert "Gemeente: Gouda" in text(response)
    assert "Wet: Wet publieke gezondheid" in text(response)
    assert 'href="?wet=wet-publieke-gezondheid" class="chip"' in page
    assert 'href="?gemeente=GM0513" class="chip"' in page
    assert set(listing(client, wet="wet-publieke-gezondheid")) >= {TBC, JGZ}


def test_sorting_by_title(client, catalogue):
    found = listing(client, organisatie="ggd-testregio", sorteer="titel")
    titles = [url.rstrip("/").rsplit("/", 1)[1] for url in found]
    assert titles == sorted(titles)
    assert listing(client, organisatie="ggd-testregio")[:3] == [TBC, INFECTIE, MILIEU]  # book order


def test_pagination_keeps_the_filters_and_tolerates_bad_page_numbers(client, catalogue):
    multiply_catalogue(catalogue, factor=5)
    response = client.get("/producten/", {"organisatie": "ggd-testregio", "pagina": "2"})
    assert response.status_code == 200
    assert "Pagina 2 van 2" in text(response)
    assert 'href="?organisatie=ggd-testregio&amp;pagina=1"' in response.content.decode()
    for page in ("abc", "0", "-1", "999999999999999999999"):
        assert client.get("/producten/", {"organisatie": "ggd-testregio", "pagina": page}).status_code == 200


# --- Catalogue: bad input ---------------------------------------------------------------------------


def test_an_invalid_age_is_reported_and_the_other_filters_still_apply(client, catalogue):
    response = client.get("/producten/", {"leeftijd": "abc", "organisatie": "cjg-testmond"})
    assert response.status_code == 200
    assert "Leeftijd: Vul een leeftijd in jaren in, bijvoorbeeld 3 of 1,5." in text(response)
    assert len(results(response)) == 4


def test_an_unknown_municipality_code_is_reported(client, catalogue):
    response = client.get("/producten/", {"gemeente": "XX"})
    assert response.status_code == 200
    assert "Er is geen gemeente met de CBS-code ‘XX’" in text(response)
    assert results(response) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"organisatie": "bestaat-niet"}, "Organisatie:"),
        ({"wet": "wet-op-niets"}, "Er is geen wet met de code ‘wet-op-niets’"),
        ({"schil": "9z"}, "Er is geen schil met de code ‘9z’"),
        ({"eenheid": "nergens"}, "Er is geen eenheid met de code ‘nergens’"),
        ({"jaar": "abc"}, "Jaar:"),
        ({"jaar": "1850"}, "Jaar:"),
        ({"leeftijd": "200"}, "Vul een leeftijd tussen 0 en 120 jaar in."),
        ({"leeftijd": "-3"}, "Vul een leeftijd tussen 0 en 120 jaar in."),
        ({"leeftijd": "NaN"}, "Leeftijd:"),
        ({"sorteer": "willekeurig"}, "Sortering:"),
        ({"q": "tuberculose " * 100}, "Zoekterm:"),
        ({"gemeente": "GM05130000"}, "Gemeente"),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(client, catalogue, params, message):
    response = client.get("/producten/", params)
    assert response.status_code == 200
    assert "Niet alle filters konden worden toegepast" in text(response)
    assert message in text(response)


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=tuberculose%20%26%20%7C%20!%20%3A*%20(%20)%20'%22",
        "q=%E2%80%AE%F0%9F%A6%A0",
        "q=" + "x" * 5000,
        "gemeente=GM0513&gemeente=GM0627",
        "leeftijd=1e400",
        "leeftijd=%00",
        "jaar=2026.5",
        "organisatie=%00",
        "wet[]=x&schil[]=y",
        "%ff%fe=%ff",
        "pagina=2&pagina=x",
    ],
)
def test_odd_query_strings_never_break_the_catalogue(client, catalogue, query):
    response = client.get(f"/producten/?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


# --- Product page ------------------------------------------------------------------------------------


def test_product_page_shows_sections_under_the_organisations_headings(client, catalogue):
    response = client.get(TBC)
    assert response.status_code == 200
    page = text(response)
    for heading in (
        "Wat willen we bereiken?",
        "Voor wie doen we het?",
        "Wat is het wettelijk kader hiervoor?",
        "Wat gaan we daarvoor doen?",
        "Waarom gaan we dit doen?",
        "Welk resultaat levert dit op?",
    ):
        assert f">{heading}</h2>" in response.content.decode()
    assert "Het voorkomen van de ontwikkeling en verspreiding van tuberculose." in page
    assert "<li>Bron- en contactonderzoek.</li>" in response.content.decode()
    assert "tbc@ggd-testregio.example" in page


def test_product_page_shows_tier_meaning_law_links_and_takers(client, catalogue):
    response = client.get(TBC)
    page = response.content.decode()
    assert "Schil 1" in page and "Taken die gemeenten door hun GGD moeten laten uitvoeren." in page
    assert 'href="https://wetten.overheid.nl/BWBR0024705/"' in page
    assert 'href="/wetten/wet-publieke-gezondheid/"' in page
    assert "Wet publieke gezondheid (Wpg), artikel 6" in text(response)
    assert "Alle 2 deelnemende gemeenten van GGD Testregio nemen dit product gezamenlijk af" in text(response)
    assert 'href="/gemeenten/GM0513/"' in page and 'href="/gemeenten/GM0627/"' in page
    assert 'href="/gemeenten/GM0546/"' not in page  # Leiden is no member in 2026
    assert f'href="{INFECTIE}"' in page  # other products of the same unit
    assert f'href="{JGZ}"' not in page  # another unit


def test_product_page_shows_a_dozen_products_of_the_same_unit_and_links_to_the_rest(client, catalogue):
    multiply_catalogue(catalogue, factor=4)
    response = client.get(TBC)
    assert len(response.context["siblings"]) == 12
    assert "Alle producten van Gezondheidsbescherming" in text(response)
    assert "?organisatie=ggd-testregio&amp;eenheid=tr-gezondheidsbescherming" in response.content.decode()


def test_product_page_lists_the_municipalities_that_take_an_individual_product(client, catalogue):
    response = client.get(KINDEROPVANG)
    assert "2 gemeenten neemt dit product individueel af" in text(response)
    assert 'href="/gemeenten/GM0546/"' in response.content.decode()
    assert "geboorte tot en met 13 jaar" in text(response)


def test_product_page_of_the_other_organisation_uses_its_own_headings_and_age(client, catalogue):
    response = client.get(PRENATAAL)
    assert ">Doelstelling</h2>" in response.content.decode()
    assert "9 maanden voor de geboorte tot en met geboorte" in text(response)


def test_product_page_shows_another_edition_when_asked(client, catalogue):
    response = client.get(TBC, {"jaar": "2025"})
    assert response.status_code == 200
    assert "De editie van 2025." in text(response)


@pytest.mark.parametrize(
    "url",
    [
        CONCEPT,
        f"{GGD}bestaat-niet/",
        "/producten/bestaat-niet/tuberculosebestrijding/",
        f"{CJG}tuberculosebestrijding/",
        f"{TBC}?jaar=2024",
        "/producten/ggd-testregio/",
    ],
)
def test_unknown_or_unpublished_products_are_not_found(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "niet gevonden" in text(response).lower()


def test_product_page_with_a_bad_year_shows_the_current_edition_with_a_message(client, catalogue):
    response = client.get(TBC, {"jaar": "abc"})
    assert response.status_code == 200
    assert "‘abc’ is geen jaartal. U ziet de editie van 2026." in text(response)


# --- Organisation, municipality, law and glossary pages ------------------------------------------------


def test_organisation_page_lists_units_with_products_and_explains_tiers(client, catalogue):
    response = client.get("/organisaties/ggd-testregio/")
    assert response.status_code == 200
    page = text(response)
    assert "8 producten in 2 eenheden, voor 2 deelnemende gemeenten" in page
    assert "Gezondheidsbescherming (6 producten)" in page
    assert "Jeugdgezondheidszorg (2 producten)" in page
    assert "Schil 2b (1 product)" in page
    assert "Wettelijke taak, voor gemeenten afzonderlijk." in page
    assert f'href="{RVP}"' in response.content.decode()
    assert "Geheim conceptproduct" not in page


def test_organisation_list_and_unknown_organisation(client, catalogue):
    response = client.get("/organisaties/")
    assert response.status_code == 200
    assert 'href="/organisaties/cjg-testmond/"' in response.content.decode()
    assert client.get("/organisaties/bestaat-niet/").status_code == 404


def test_municipality_list_shows_existing_municipalities_with_their_organisations(client, catalogue):
    response = client.get("/gemeenten/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/gemeenten/GM0513/"' in page
    assert 'href="/gemeenten/GM0501/"' not in page  # Brielle merged into Voorne aan Zee in 2023
    assert 'href="/gemeenten/GM0501/?jaar=2022"' in client.get("/gemeenten/", {"jaar": "2022"}).content.decode()


def test_municipality_page_separates_joint_from_individual_products_by_organisation_and_tier(client, catalogue):
    response = client.get("/gemeenten/GM0513/")
    assert response.status_code == 200
    groups = {group.organisation.slug: group for group in response.context["groups"]}
    ggd = groups["ggd-testregio"]
    assert {p.slug for g in ggd.joint for p in g.products} == {
        "tuberculosebestrijding", "infectieziektebestrijding", "medische-milieukunde", "jeugdgezondheidszorg",
        "rijksvaccinatieprogramma",
    }  # fmt: skip
    assert [g.tier.code for g in ggd.joint] == ["1", "2a"]
    assert [(g.tier.code, [p.slug for p in g.products]) for g in ggd.individual] == [("2b", ["toezicht-kinderopvang"])]
    assert "cjg-testmond" not in groups
    page = text(response)
    assert "Gezamenlijk afgenomen (5)" in page and "Individueel afgenomen (1)" in page


def test_municipality_page_of_a_merged_municipality_says_where_it_went(client, catalogue):
    response = client.get("/gemeenten/GM0501/")
    assert response.status_code == 200
    assert "Brielle is per 1 januari 2023 opgegaan in Voorne aan Zee" in text(response)
    assert "Voor 2026 is niet bekend dat Brielle producten afneemt." in text(response)


@pytest.mark.parametrize("code", ["XX", "GM9999", "gm05130", "%00"])
def test_unknown_municipality_is_not_found(client, catalogue, code):
    assert client.get(f"/gemeenten/{code}/").status_code == 404


def test_municipality_code_in_the_path_is_case_insensitive(client, catalogue):
    assert client.get("/gemeenten/gm0513/").status_code == 200


def test_law_list_counts_products_per_law(client, catalogue):
    response = client.get("/wetten/")
    assert response.status_code == 200
    assert 'href="/wetten/wet-kinderopvang/"' in response.content.decode()
    assert response.context["laws"].get(slug="avg").product_count >= 1


def test_law_page_lists_every_product_resting_on_it_with_the_cited_article(client, catalogue):
    response = client.get("/wetten/wet-publieke-gezondheid/")
    assert response.status_code == 200
    page = response.content.decode()
    for url in (TBC, INFECTIE, MILIEU, JGZ, RVP, VIER_WEKEN, VOORLICHTING_RVP):
        assert f'href="{url}"' in page
    assert f'href="{KINDEROPVANG}"' not in page
    assert "artikel 6b" in page and "artikel 5" in page
    assert 'href="https://wetten.overheid.nl/BWBR0024705/"' in page
    assert client.get("/wetten/bestaat-niet/").status_code == 404


def test_glossary_lists_terms_per_organisation(client, catalogue):
    response = client.get("/begrippen/")
    assert response.status_code == 200
    page = text(response)
    assert "Resultaat Verantwoordelijke Eenheid." in page and "Aanvullend Preventief Pakket." in page


def test_unknown_path_gives_a_dutch_not_found_page(client, db):
    response = client.get("/bestaat/niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text(response)


# --- A fixed number of queries, whatever the size of the catalogue -------------------------------------

PAGES = [
    "/",
    "/producten/",
    "/producten/?gemeente=GM0513&wet=wet-publieke-gezondheid",
    "/producten/?q=tuberculose",
    "/producten/?leeftijd=4&organisatie=ggd-testregio&sorteer=titel&pagina=2",
    TBC,
    KINDEROPVANG,
    "/organisaties/",
    "/organisaties/ggd-testregio/",
    "/gemeenten/",
    "/gemeenten/GM0513/",
    "/wetten/",
    "/wetten/wet-publieke-gezondheid/",
    "/begrippen/",
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_every_page_runs_the_same_number_of_queries_with_a_catalogue_100_times_larger(client, catalogue):
    small = {url: count_queries(client, url) for url in PAGES}
    assert multiply_catalogue(catalogue, factor=100) > 1000
    large = {url: count_queries(client, url) for url in PAGES}
    assert large == small
    # A budget, not a target: the search page on PostgreSQL runs 21 (terms, keyword hits, the page, six
    # facet counts with their labels, the published editions' snapshots for those labels, the years).
    assert max(small.values()) <= 21, small


def test_the_municipality_page_stays_bounded_when_the_catalogue_grows(client, catalogue):
    from services.municipality_selectors import PRODUCTS_PER_GROUP

    small = client.get("/gemeenten/GM0513/").content.decode()
    small_count = re.search(r"Gezamenlijk afgenomen <span class=\"count\">\((\d+)\)", small).group(1)
    multiply_catalogue(catalogue, factor=100)
    page = client.get("/gemeenten/GM0513/").content.decode()
    large_count = re.search(r"Gezamenlijk afgenomen <span class=\"count\">\((\d+)\)", page).group(1)
    # The heading counts every product; each group lists the first ones and links to the rest.
    assert int(large_count) == 100 * int(small_count)
    groups = re.findall(r'<div class="tier-group">(.*?)</div>', page, re.S)
    assert groups and all(group.count("<li>") <= PRODUCTS_PER_GROUP for group in groups)
    links = re.findall(r'<a href="(/producten/\?[^"]+)">Nog (\d+) producten in deze groep', page)
    assert links
    url, hidden = links[0]
    assert int(hidden) > 0
    assert "gemeente=GM0513" in url and "schil=" in url
    assert client.get(url.replace("&amp;", "&")).status_code == 200
