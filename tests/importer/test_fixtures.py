"""The shipped fixtures: they load, hold both 2026 catalogues, and equal what the importer makes."""

import json

import pytest
from django.core.management import call_command

from importer.fixtures import FIXTURES_DIR, fixture_contents
from importer.operations import import_productbook
from services.models import Edition, LegalFramework, Organisation, Product, Status

# About the shipped 2026 catalogues: they are loaded for this module (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("shipped_catalogue")


def test_fresh_install_holds_both_2026_catalogues(db):
    hecht = Organisation.objects.get(slug="hecht")
    cjg = Organisation.objects.get(slug="cjg-rijnmond")

    assert Edition.objects.get(organisation=hecht, year=2026).state == Edition.State.PUBLISHED
    assert Product.objects.filter(organisation=hecht, edition__year=2026, status=Status.PUBLISHED).count() == 67
    assert hecht.units.count() == 7
    assert list(hecht.tiers.values_list("code", flat=True)) == ["1", "2a", "2b", "3", "4"]
    assert Product.objects.filter(organisation=cjg, edition__year=2026).exists()
    assert cjg.glossary_terms.exists()


def test_fresh_install_holds_the_laws_with_their_bwb_identifiers(db):
    # Regions, municipalities and the merger are checked in test_reference_data.py.
    wpg = LegalFramework.objects.get(slug="wet-publieke-gezondheid")
    assert (wpg.abbreviation, wpg.official_url) == ("Wpg", "https://wetten.overheid.nl/BWBR0024705/")
    assert LegalFramework.objects.get(slug="wet-tijdelijk-huisverbod").bwb_id == "BWBR0024649"
    assert LegalFramework.objects.get(slug="avg").official_url.startswith("https://eur-lex.europa.eu/")


def test_loading_the_fixtures_again_changes_nothing(db):
    before = fixture_contents()
    call_command("load_catalogue", force=True, verbosity=0)
    assert fixture_contents() == before


@pytest.mark.seeds
def test_fixtures_equal_what_the_importer_makes_of_the_source_books(empty_catalogue, hecht_book, cjg_book):
    call_command("loaddata", "reference", verbosity=0)
    import_productbook(hecht_book, fmt="hecht", year=2026)
    import_productbook(cjg_book, fmt="cjg", year=2026)

    made = fixture_contents()

    for name, objects in made.items():
        shipped = json.loads((FIXTURES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert objects == shipped, (
            f"fixtures/{name}.json differs from the importer's output: run `python3 dev.py fixtures`"
        )
