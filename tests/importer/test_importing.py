"""The import writer, on small parsed books (the real books are covered in test_import_books.py)."""

from dataclasses import replace

import pytest

from importer.operations import ImportFailed, import_book
from importer.parsers.base import ParsedBook, ParsedLaw, ParsedOrganisation, ParsedProduct, ParsedTier, ParsedUnit
from municipalities.models import Uptake
from services.models import Commissioning, Edition, LegalBasis, Membership, Organisation, Product, Status
from tests.factories import MunicipalityFactory, RegionFactory


@pytest.fixture
def region(db):
    region = RegionFactory(slug="testregio", name="Testregio")
    sub = RegionFactory(slug="testregio-noord", name="Testregio Noord", parent=region)
    old = MunicipalityFactory(cbs_code="GM8101", name="Oudorp", slug="oudorp", dissolved_year=2023)
    new = MunicipalityFactory(cbs_code="GM8102", name="Nieuwstad", slug="nieuwstad")
    old.successor = new
    old.save()
    old.regions.add(sub)
    new.regions.add(sub)
    MunicipalityFactory(cbs_code="GM8103", name="Middelburg-Test", slug="middelburg-test").regions.add(region)
    return region


def book(*products: ParsedProduct) -> ParsedBook:
    return ParsedBook(
        organisation=ParsedOrganisation(
            name="GGD Testregio",
            short_name="GGD Test",
            slug="ggd-test",
            kind="ggd",
            website="",
            region="testregio",
            introduction="Inleiding.",
            headings={"goal": "Wat willen we bereiken?"},
        ),
        edition_title="Taken en diensten per januari 2026",
        units=[ParsedUnit(name="Jeugd", slug="jeugd", order=1)],
        tiers=[
            ParsedTier("2a", "Schil 2a", "Voor alle gemeenten gezamenlijk.", 1, True, Commissioning.ALL_MEMBERS),
            ParsedTier("3", "Schil 3", "Dienst voor één of meerdere gemeenten.", 2, False, Commissioning.INDIVIDUAL),
        ],
        products=list(products),
        glossary=[("JGZ", "Jeugdgezondheidszorg")],
    )


JGZ = ParsedProduct(
    title="JGZ -9mnd - 18 jaar",
    slug="jgz",
    unit="jeugd",
    tiers=["2a"],
    order=1,
    line=10,
    goal="Gezond opgroeien.",
    laws=[ParsedLaw("wet-publieke-gezondheid", "artikel 2h"), ParsedLaw("jeugdwet")],
    age_min_months=-9,
    age_max_months=216,
)
EXTRA = ParsedProduct(
    title="Extra inzet Nieuwstad", slug="extra", unit="jeugd", tiers=["3"], order=2, line=40, municipalities=["GM8102"]
)


def test_import_creates_the_catalogue_of_the_book(region):
    report = import_book(book(JGZ, EXTRA), year=2026)

    organisation = Organisation.objects.get(slug="ggd-test")
    assert organisation.heading_goal == "Wat willen we bereiken?"
    edition = Edition.objects.get(organisation=organisation, year=2026)
    assert edition.state == Edition.State.PUBLISHED
    jgz = Product.objects.get(edition=edition, slug="jgz")
    assert (jgz.age_min_months, jgz.age_max_months, jgz.status) == (-9, 216, Status.PUBLISHED)
    assert [str(b) for b in LegalBasis.objects.filter(product=jgz)] == [
        "Wet publieke gezondheid artikel 2h",
        "Jeugdwet",
    ]
    assert list(Uptake.objects.filter(product__slug="extra").values_list("municipality__cbs_code", flat=True)) == [
        "GM8102"
    ]
    assert report.created["producten"] == 2


def test_import_makes_the_regions_municipalities_members_for_the_years_they_existed(region):
    import_book(book(JGZ), year=2026)

    years = {
        m.municipality.cbs_code: (m.start_year, m.end_year)
        for m in Membership.objects.filter(organisation__slug="ggd-test").select_related("municipality")
    }
    assert years == {"GM8101": (None, 2022), "GM8102": (2023, None), "GM8103": (None, None)}


def test_reimporting_the_same_book_changes_nothing(region):
    import_book(book(JGZ, EXTRA), year=2026)
    report = import_book(book(JGZ, EXTRA), year=2026)

    assert not report.created and not report.updated
    assert report.unchanged["producten"] == 2
    assert Product.objects.filter(organisation__slug="ggd-test").count() == 2
    assert LegalBasis.objects.filter(product__organisation__slug="ggd-test").count() == 2


def test_reimporting_a_changed_book_updates_and_archives(region):
    import_book(book(JGZ, EXTRA), year=2026)
    changed = replace(JGZ, goal="Nog gezonder opgroeien.", laws=[ParsedLaw("wet-publieke-gezondheid", "artikel 2h")])

    report = import_book(book(changed), year=2026, allow_removals=True)

    assert report.updated["producten"] == 1
    assert report.archived["producten"] == 1
    assert Product.objects.get(slug="jgz", organisation__slug="ggd-test").goal == "Nog gezonder opgroeien."
    archived = Product.objects.get(slug="extra", organisation__slug="ggd-test")
    assert archived.status == Status.ARCHIVED
    latest = archived.history.first()
    assert latest.status == Status.ARCHIVED
    assert latest.history_change_reason == "Gearchiveerd: staat niet meer in het productenboek"
    assert LegalBasis.objects.filter(product__slug="jgz", product__organisation__slug="ggd-test").count() == 1


def test_an_invalid_product_rolls_back_the_whole_import(region):
    broken = replace(EXTRA, age_min_months=30, age_max_months=12)

    with pytest.raises(ImportFailed, match="regel 40"):
        import_book(book(JGZ, broken), year=2026)

    assert not Organisation.objects.filter(slug="ggd-test").exists()
    assert not Product.objects.filter(slug="jgz", organisation__slug="ggd-test").exists()


def test_unknown_uptake_municipality_is_refused(region):
    with pytest.raises(ImportFailed, match="GM9999"):
        import_book(book(replace(EXTRA, municipalities=["GM9999"])), year=2026)
    assert not Organisation.objects.filter(slug="ggd-test").exists()


def test_missing_region_is_explained(db):
    with pytest.raises(ImportFailed, match="referentiegegevens"):
        import_book(book(JGZ), year=2026)


def test_a_book_that_would_archive_products_is_refused_naming_them(region):
    import_book(book(JGZ, EXTRA), year=2026)

    with pytest.raises(ImportFailed, match=r"producten: Extra inzet Nieuwstad\). Is het boek compleet\?"):
        import_book(book(JGZ), year=2026)

    assert Product.objects.get(slug="extra", organisation__slug="ggd-test").status == Status.PUBLISHED


def test_a_changed_text_in_a_published_edition_needs_the_explicit_flag(region):
    import_book(book(JGZ), year=2026)
    changed = replace(JGZ, goal="Nog gezonder opgroeien.")

    with pytest.raises(ImportFailed, match="de editie 2026 is gepubliceerd en het boek zou haar wijzigen"):
        import_book(book(changed), year=2026)

    assert Product.objects.get(slug="jgz", organisation__slug="ggd-test").goal != "Nog gezonder opgroeien."
    import_book(book(changed), year=2026, allow_removals=True)
    assert Product.objects.get(slug="jgz", organisation__slug="ggd-test").goal == "Nog gezonder opgroeien."


def test_a_dry_run_reports_what_would_change_and_changes_nothing(region):
    import_book(book(JGZ, EXTRA), year=2026)
    changed = replace(JGZ, goal="Nog gezonder opgroeien.")

    report = import_book(book(changed), year=2026, dry_run=True)

    assert report.updated["producten"] == 1 and report.archived["producten"] == 1
    assert report.removed["producten"] == ["Extra inzet Nieuwstad"]
    assert "niet meer in het boek (producten): Extra inzet Nieuwstad" in report.lines()
    assert Product.objects.get(slug="extra", organisation__slug="ggd-test").status == Status.PUBLISHED
    assert Product.objects.get(slug="jgz", organisation__slug="ggd-test").goal != "Nog gezonder opgroeien."


def test_the_books_general_contact_is_a_default_that_a_new_import_does_not_overwrite(region):
    parsed = book(JGZ)
    parsed = replace(parsed, organisation=replace(parsed.organisation, general_contact="- Telefoon: 088 - 00 00 000"))
    import_book(parsed, year=2026)
    organisation = Organisation.objects.get(slug="ggd-test")
    assert organisation.general_contact == "- Telefoon: 088 - 00 00 000"

    Organisation.objects.filter(pk=organisation.pk).update(general_contact="- E-mail: vragen@ggd-test.nl")
    import_book(parsed, year=2026)
    assert Organisation.objects.get(pk=organisation.pk).general_contact == "- E-mail: vragen@ggd-test.nl"
