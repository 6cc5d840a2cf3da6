"""Full-text search: ranking, snippets, and on PostgreSQL the trigger-maintained, GIN-indexed vector."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from services.models import Product
from services.search import search_products, search_snippet
from services.selectors import filter_products
from tests.factories import ProductFactory

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="de zoekindex met trigger bestaat alleen op PostgreSQL"
)


def ranked_slugs(query: str, organisation: str) -> list[str]:
    filterset = filter_products({"q": query, "organisatie": organisation})
    return [product.slug for product in filterset.qs]


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_text(catalogue):
    slugs = ranked_slugs("tuberculose", "ggd-testregio")
    assert slugs[0] == "tuberculosebestrijding"
    assert "infectieziektebestrijding" in slugs


def test_every_word_must_match(catalogue):
    assert ranked_slugs("tuberculose mazelen", "ggd-testregio") == ["infectieziektebestrijding"]


def test_search_can_be_sorted_by_title_instead_of_rank(catalogue):
    filterset = filter_products({"q": "tuberculose", "organisatie": "ggd-testregio", "sorteer": "titel"})
    assert [p.slug for p in filterset.qs] == ["infectieziektebestrijding", "tuberculosebestrijding"]


def test_a_query_without_words_filters_nothing(catalogue):
    queryset = Product.objects.filter(organisation=catalogue.ggd)
    assert search_products(queryset, " ?! - ").count() == queryset.count()


def test_snippet_highlights_the_words_and_escapes_everything_else(catalogue):
    ProductFactory(
        organisation=catalogue.ggd,
        unit=catalogue.units["gbt"],
        title="Onveilige tekst",
        slug="onveilige-tekst",
        goal='<script>alert("x")</script> Over tuberculose & <b>meer</b>.',
    )
    product = next(
        iter(filter_products({"q": "tuberculose", "organisatie": "ggd-testregio"}).qs.filter(slug="onveilige-tekst"))
    )
    snippet = search_snippet(product, "tuberculose")
    assert "<mark>tuberculose</mark>" in snippet
    # PostgreSQL's headline drops tags, the fallback escapes them: either way no markup of ours but <mark>.
    assert "<script" not in snippet and "<b>" not in snippet
    assert "&amp;" in snippet


def test_snippet_is_empty_without_search_words(catalogue):
    assert search_snippet(catalogue.products["tbc"], "") == ""


@postgresql_only
def test_the_search_vector_is_kept_up_to_date_by_the_database(catalogue):
    product = catalogue.products["milieu"]
    product.refresh_from_db()
    assert "milieufactor" in str(product.search_vector)
    product.goal = "Nieuwe tekst over legionella."
    product.save()
    assert ranked_slugs("legionella", "ggd-testregio") == ["medische-milieukunde"]
    Product.objects.filter(pk=product.pk).update(summary="Ook over zwemwater.")
    assert ranked_slugs("zwemwater", "ggd-testregio") == ["medische-milieukunde"]


@postgresql_only
def test_bulk_created_and_loaded_products_are_searchable(catalogue, tmp_path):
    Product.objects.bulk_create(
        [
            Product(
                organisation=catalogue.ggd,
                edition=catalogue.products["tbc"].edition,
                unit=catalogue.units["gbt"],
                title="Hittestress",
                slug="hittestress",
                status="gepubliceerd",
            )
        ]
    )
    assert ranked_slugs("hittestress", "ggd-testregio") == ["hittestress"]
    fixture = tmp_path / "product.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "services.product",
                    "fields": {
                        "organisation": catalogue.ggd.pk,
                        "edition": catalogue.products["tbc"].edition_id,
                        "unit": catalogue.units["gbt"].pk,
                        "title": "Lijkschouw",
                        "slug": "lijkschouw",
                        "status": "gepubliceerd",
                        "goal": "Forensische geneeskunde.",
                        "updated_at": "2026-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert ranked_slugs("forensische", "ggd-testregio") == ["lijkschouw"]


@postgresql_only
def test_the_search_vector_has_a_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'services_product_search_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def test_a_word_also_finds_dutch_compounds_that_start_with_it(catalogue):
    ProductFactory(
        organisation=catalogue.ggd,
        unit=catalogue.units["gbt"],
        title="Vaccinatiecampagne griep",
        slug="vaccinatiecampagne-griep",
        summary="Jaarlijkse prik voor kwetsbare ouderen.",
        goal="",
    )
    assert "vaccinatiecampagne-griep" in ranked_slugs("vaccinatie", "ggd-testregio")
    assert ranked_slugs("tuberculose", "ggd-testregio")[0] == "tuberculosebestrijding"


# The shipped 2026 catalogues -----------------------------------------------------------------------


def test_tuberculose_puts_tuberculosebestrijding_first_in_the_real_catalogue(shipped_catalogue, db, client):
    response = client.get("/producten/", {"q": "tuberculose"})

    titles = [product.title for product in response.context["page_obj"].object_list]
    assert titles[0] == "Tuberculosebestrijding"
    assert "Tuberculosebestrijding" in response.content.decode()


def test_vaccinatie_finds_the_vaccination_products_of_both_organisations(shipped_catalogue, db, client):
    response = client.get("/producten/", {"q": "vaccinatie"})

    found = {(product.organisation.slug, product.title) for product in response.context["paginator"].object_list}
    assert {
        ("hecht", "Rijksvaccinatieprogramma"),
        ("hecht", "Vaccinatiecampagnes Covid-19"),
        ("hecht", "Groeps- en beroepsvaccinaties"),
        ("cjg-rijnmond", "Voorlichting Rijksvaccinatieprogramma"),
    } <= found
