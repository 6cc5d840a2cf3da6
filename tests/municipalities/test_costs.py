"""Costs and financing (issue 13): the constraints, the one cost rule, its writes, and every place it shows."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from books.pdf import render_pdf
from books.rendering import book_html
from books.selectors import book_fingerprint, municipality_book_spec
from editorial.history import compare, version_of
from editorial.operations import costs as cost_ops
from editorial.operations.editions import start_edition
from editorial.operations.products import NotAllowed
from municipalities.models import Population
from services.costs import (
    NO_PRICE,
    NOT_SPLIT,
    format_euro,
    municipality_cost_overview,
    municipality_costs,
    product_cost,
)
from services.models import Financing, PriceUnit, Product, ProductTier
from tests.cost_data import make_cost_world
from tests.factories import PopulationFactory, ProductFactory
from tests.pdf_checks import normalise
from tests.workflow import ADMINISTRATOR, EDITOR, make_catalogue, user_with


@pytest.fixture
def world(db):
    return make_cost_world()


# --- the database holds the rules -------------------------------------------------------------------


def test_a_negative_price_is_refused_by_the_database_and_by_validation(db):
    product = ProductFactory(price=Decimal("1.00"), price_unit=PriceUnit.PER_INHABITANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=Decimal("-0.01"))
    product.price = Decimal("-1")
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert error.value.message_dict["price"] == ["Een prijs kan niet negatief zijn."]


def test_a_price_without_its_unit_is_refused_by_the_database_and_by_validation(db):
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=Decimal("2.50"), price_unit="")
    product.price = Decimal("2.50")
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "Geef bij een prijs aan waarvoor die geldt" in error.value.message_dict["price_unit"][0]


def test_one_population_per_municipality_and_year(db):
    population = PopulationFactory(year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        Population.objects.create(
            municipality=population.municipality, year=2026, inhabitants=1, reference_date=datetime.date(2025, 1, 1)
        )
    duplicate = Population(
        municipality=population.municipality, year=2026, inhabitants=1, reference_date=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match="al een inwonertal"):
        duplicate.full_clean()


# --- the cost rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("financing", "unit", "price", "inhabitants", "amount", "reason"),
    [
        (Financing.JOINT_CONTRIBUTION, PriceUnit.PER_INHABITANT, "2.50", 10_100, "25250.00", ""),
        (Financing.JOINT_CONTRIBUTION, PriceUnit.PER_INHABITANT, "0.333", 3, "1.00", ""),
        (Financing.JOINT_CONTRIBUTION, PriceUnit.PER_INHABITANT, "2.50", None, None, "geen inwonertal voor 2026"),
        (Financing.CONTRACT, PriceUnit.FIXED, "1200.00", None, "1200.00", ""),
        (Financing.JOINT_CONTRIBUTION, PriceUnit.FIXED, "50000", 10_000, None, NOT_SPLIT),
        (Financing.THIRD_PARTIES, PriceUnit.PER_INSPECTION, "85", 10_000, None, "prijs per inspectie: het aantal"),
        (Financing.CONTRACT, PriceUnit.PER_CHILD, "12", 10_000, None, "prijs per kind: het aantal"),
        (Financing.CONTRACT, PriceUnit.PER_HOUR, "95", 10_000, None, "prijs per uur: het aantal"),
        (Financing.NATIONAL_KEY, "", None, 10_000, None, NO_PRICE),
    ],
)
def test_the_cost_rule_per_unit(financing, unit, price, inhabitants, amount, reason):
    product = Product(financing=financing, price_unit=unit, price=None if price is None else Decimal(price))
    cost = product_cost(product, inhabitants=inhabitants, year=2026)
    assert cost.amount == (None if amount is None else Decimal(amount))
    assert cost.reason.startswith(reason) and bool(cost.reason) == (amount is None)


def test_amounts_are_written_the_dutch_way():
    assert format_euro(Decimal("25250")) == "€ 25.250,00"
    assert format_euro(Decimal("-3.5")) == "-€ 3,50"
    assert format_euro(Decimal("0.005")) == "€ 0,01"


def test_a_municipality_total_adds_known_costs_only_and_counts_the_unknown(world):
    costs = municipality_costs(world.noord, 2026)

    by_slug = {line.product.slug: line for line in costs.lines}
    assert set(by_slug) == {"jgz", "toezicht", "inspecties", "onbekend", "regiofonds"}
    assert by_slug["jgz"].cost.amount == Decimal("25250.00")  # € 2,50 × 10.100
    assert by_slug["jgz"].previous.amount == Decimal("20000.00")  # € 2,00 × 10.000 in 2025
    assert by_slug["jgz"].change == Decimal("5250.00")
    assert by_slug["toezicht"].change == Decimal("200.00")
    assert by_slug["inspecties"].change is None
    assert (costs.total, costs.known_count, costs.unknown_count) == (Decimal("26450.00"), 2, 3)
    # Three figures are unknown: no total change is claimed.
    assert costs.change is None
    assert costs.change_reason == "3 van de 5 bedragen dit jaar zijn onbekend"


def test_the_change_from_last_year_needs_both_years_known(world):
    costs = {line.product.slug: line for line in municipality_costs(world.zuid, 2026).lines}

    assert "toezicht" not in costs  # Zuidwaard does not take it
    assert costs["jgz"].cost.amount == Decimal("12500.00")
    assert costs["jgz"].previous.reason == "geen inwonertal voor 2025"  # never carried over from 2026
    assert costs["jgz"].change is None


def test_the_total_change_when_every_figure_of_both_years_is_known(world):
    Product.objects.filter(slug__in=["inspecties", "onbekend", "regiofonds"]).delete()

    costs = municipality_costs(world.noord, 2026)

    assert (costs.total, costs.previous_total, costs.change) == (
        Decimal("26450.00"),
        Decimal("21000.00"),
        Decimal("5450.00"),
    )


def test_no_total_change_when_a_product_of_last_year_is_no_longer_taken(world, client):
    # Every figure of both years is known, but Noordstad no longer takes the contract it had in 2025:
    # last year's total (€ 21.000,00) covered it, this year's does not. Comparing this year's jgz alone
    # with last year's jgz alone would call € 20.000,00 last year's total.
    Product.objects.filter(slug__in=["inspecties", "onbekend", "regiofonds"]).delete()
    Product.objects.filter(slug="toezicht", edition=world.new).delete()

    for costs in (municipality_costs(world.noord, 2026), municipality_cost_overview(world.noord, 2026)):
        assert (costs.total, costs.dropped_count, costs.previous_total, costs.change) == (
            Decimal("25250.00"),
            1,
            None,
            None,
        )
        assert costs.change_reason == "1 product van vorig jaar wordt niet meer afgenomen"
    # The officer reads it on the municipality's page; the API says it too.
    page = client.get(world.noord.get_absolute_url(), {"jaar": 2026}).content.decode()
    assert (
        "Verandering in het totaal ten opzichte van vorig jaar: onbekend "
        "(1 product van vorig jaar wordt niet meer afgenomen)." in normalise(page)
    )
    assert "ten opzichte van vorig jaar (€" not in page
    assert (
        "Niet meer afgenomen ten opzichte van 2025: Toezicht kinderopvang (Kostregio; € 1.000,00 in 2025)."
        in normalise(re.sub(r"<[^>]+>", "", page))
    )
    api = client.get(f"/api/v1/gemeenten/{world.noord.cbs_code}").json()["kosten"]
    assert (api["totaalVorigJaar"], api["verandering"]) == (None, None)
    assert api["veranderingOnbekendOmdat"] == "1 product van vorig jaar wordt niet meer afgenomen"
    [dropped] = api["nietMeerAfgenomen"]
    assert (dropped["product"]["slug"], dropped["product"]["jaar"], dropped["product"]["schillen"]) == (
        "toezicht",
        2025,
        ["k-3"],
    )
    assert dropped["kostenVorigJaar"]["bedrag"] == "1000.00"
    # And the municipality's book, read back from the PDF.
    html, _ = book_html(municipality_book_spec(world.noord.cbs_code, 2026))
    text = normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(html).data)).pages))
    # (pypdf reads the facts' labels apart from their values)
    assert (
        "onbekend (1 product van vorig jaar wordt niet meer afgenomen) Toezicht kinderopvang (€ 1.000,00 in 2025)"
        in text
    )
    assert "Niet meer afgenomen" in text


def _summary_figures(costs) -> tuple:
    return (
        costs.taken_count,
        costs.dropped_count,
        costs.total,
        costs.known_total,
        costs.known_count,
        costs.unknown_count,
        costs.previous_count,
        costs.previous_total,
        costs.change,
        costs.change_reason,
        costs.unpriced_count,
        [(line.product.pk, line.cost, line.previous, line.change) for line in costs.priced_lines],
    )


@pytest.mark.parametrize(
    "removed", [[], ["inspecties", "onbekend", "regiofonds"], ["jgz", "toezicht"], ["toezicht-2026"]]
)
def test_the_page_s_cost_overview_gives_the_figures_of_every_line(world, removed):
    # The municipality page and book read only the priced lines and count the rest; same figures.
    Product.objects.filter(slug__in=removed).delete()
    Product.objects.filter(edition=world.new, slug__in=[slug.removesuffix("-2026") for slug in removed]).delete()
    # A product taken jointly in both years without any price: counted, never listed.
    joint = ProductTier.objects.filter(product__edition=world.new, tier__code="k-2a").first().tier
    unit = Product.objects.filter(edition=world.new).first().unit
    for edition in (world.old, world.new):
        ProductFactory(organisation=world.organisation, edition=edition, unit=unit, slug="zonder-prijs", tiers=[joint])
    for municipality in (world.noord, world.zuid):
        whole = municipality_costs(municipality, 2026)
        overview = municipality_cost_overview(municipality, 2026)
        assert _summary_figures(overview) == _summary_figures(whole), municipality.name
        assert overview.other_count >= 1 and len(overview.lines) < len(whole.lines)


# --- writes -----------------------------------------------------------------------------------------


def test_financing_is_an_edit_of_the_product_with_a_version_and_history(db):
    a = make_catalogue("f", year=2027)
    editor = user_with(EDITOR, a.organisation)
    product = a.concept
    changed = cost_ops.set_financing(
        user=editor,
        product=product,
        expected_version=product.version,
        financing=Financing.JOINT_CONTRIBUTION,
        price=Decimal("3.10"),
        price_unit=PriceUnit.PER_INHABITANT,
        price_source="Begroting 2027",
    )

    changed.refresh_from_db()
    assert (changed.price, changed.price_unit, changed.version) == (Decimal("3.10"), "per-inwoner", product.version + 1)
    assert changed.history.first().history_change_reason == "Financiering bijgewerkt"
    assert changed.history.first().price == Decimal("3.10")
    # The versions page names what changed, in words.
    changes = {change.label: change for change in compare(version_of(changed, 1), changed)}
    assert changes["Financiering"].new == "Gezamenlijke bijdrage per inwoner"
    assert changes["Prijs per"].new == "Per inwoner"
    assert changes["Prijs (euro)"].new == Decimal("3.10")


def test_financing_of_a_published_product_goes_to_its_concept_copy(db):
    a = make_catalogue("g", year=2027)
    editor = user_with(EDITOR, a.organisation)
    draft = cost_ops.set_financing(
        user=editor,
        product=a.published,
        expected_version=a.published.version,
        financing=Financing.CONTRACT,
        price=Decimal("900"),
        price_unit=PriceUnit.FIXED,
    )

    assert draft.draft_of == a.published and draft.price == Decimal("900")
    a.published.refresh_from_db()
    assert a.published.price is None  # the public keeps the published row until approval


def test_a_bad_price_is_refused_with_a_dutch_message_and_nothing_is_saved(db):
    a = make_catalogue("h", year=2027)
    editor = user_with(EDITOR, a.organisation)
    with pytest.raises(ValidationError) as error:
        cost_ops.set_financing(
            user=editor,
            product=a.concept,
            expected_version=a.concept.version,
            financing=Financing.CONTRACT,
            price=Decimal("-5"),
            price_unit=PriceUnit.FIXED,
        )
    assert "Een prijs kan niet negatief zijn." in error.value.messages
    a.concept.refresh_from_db()
    assert a.concept.price is None and a.concept.version == 1


def test_starting_an_edition_copies_the_financing(db):
    a = make_catalogue("s", year=2026)
    Product.objects.filter(pk=a.published.pk).update(
        financing=Financing.JOINT_CONTRIBUTION, price=Decimal("4.20"), price_unit=PriceUnit.PER_INHABITANT
    )
    Product.objects.filter(pk=a.concept.pk).delete()
    new = start_edition(user=user_with(ADMINISTRATOR, a.organisation), source=a.edition)

    copy = Product.objects.get(edition=new, slug=a.published.slug)
    assert (copy.financing, copy.price, copy.price_unit) == ("bijdrage-per-inwoner", Decimal("4.20"), "per-inwoner")


def test_a_population_is_recorded_replaced_and_kept_in_the_history(world):
    admin = user_with(ADMINISTRATOR, world.organisation)
    cost_ops.set_population(
        user=admin, municipality=world.zuid, year=2025, inhabitants=4_900, reference_date=datetime.date(2024, 1, 1)
    )
    population = cost_ops.set_population(
        user=admin, municipality=world.zuid, year=2025, inhabitants=4_950, reference_date=datetime.date(2024, 1, 1)
    )

    assert Population.objects.filter(municipality=world.zuid, year=2025).get().inhabitants == 4_950
    assert [row.inhabitants for row in population.history.order_by("history_date")] == [4_900, 4_950]
    assert population.history.first().history_user == admin


def test_only_an_administrator_of_an_organisation_the_municipality_is_in_records_its_population(world):
    stranger = user_with(ADMINISTRATOR, make_catalogue("x").organisation)
    with pytest.raises(NotAllowed):
        cost_ops.set_population(
            user=stranger, municipality=world.zuid, year=2025, inhabitants=1, reference_date=datetime.date(2024, 1, 1)
        )
    assert not Population.objects.filter(municipality=world.zuid, year=2025).exists()


# --- where it shows ---------------------------------------------------------------------------------


def test_the_municipality_page_shows_each_cost_the_total_and_what_is_unknown(client, world):
    page = client.get("/gemeenten/GM5901/?jaar=2026").content.decode()

    assert "Kosten in 2026" in page
    assert "Bekende kosten: <strong>€ 26.450,00</strong> voor 2 van de 5 afgenomen producten" in page
    assert "Van 3 producten zijn de kosten onbekend" in page
    assert "€ 2,50 per inwoner × 10.100 inwoners" in page
    assert "+€ 5.250,00" in page and "+€ 200,00" in page
    assert "onbekend (3 van de 5 bedragen dit jaar zijn onbekend)" in page
    assert "prijs per inspectie: het aantal is niet bekend" in page
    assert "10.100 inwoners op 1 januari 2025" in page


def test_a_municipality_without_prices_is_told_so_and_shown_no_figure(client, db):
    a = make_catalogue("p", year=2026, state="gepubliceerd")
    page = client.get(f"/gemeenten/{a.member.cbs_code}/").content.decode()

    assert "Van geen van de 1 afgenomen producten zijn de kosten voor Gemeente p bekend, dus er is geen totaal." in page
    assert "€ 0,00" not in page  # no figure that reads as "free"
    costs = client.get(f"/api/v1/gemeenten/{a.member.cbs_code}").json()["kosten"]
    assert (costs["totaalBekend"], costs["aantalBekend"], costs["aantalOnbekend"]) == (None, 0, 1)
    assert costs["producten"][0]["kosten"]["onbekendOmdat"] == "geen prijs bekend"
    assert "Voor 1 afgenomen product is geen prijs vastgelegd" in page


def test_the_product_page_names_its_financing_and_price(client, world):
    page = client.get("/producten/kostregio/jgz/").content.decode()
    assert "Gezamenlijke bijdrage per inwoner; € 2,50 per inwoner" in page and "(bron: Begroting)" in page


def test_the_api_gives_financing_per_product_and_costs_per_municipality(client, world):
    product = client.get("/api/v1/producten/kostregio/jgz").json()
    assert (product["financiering"], product["prijs"], product["prijsPer"], product["bronPrijs"]) == (
        "bijdrage-per-inwoner",
        "2.50",
        "per-inwoner",
        "Begroting",
    )

    costs = client.get("/api/v1/gemeenten/GM5901").json()["kosten"]
    assert (costs["jaar"], costs["inwoners"], costs["peildatum"]) == (2026, 10_100, "2025-01-01")
    assert (costs["totaalBekend"], costs["aantalBekend"], costs["aantalOnbekend"]) == ("26450.00", 2, 3)
    assert costs["verandering"] is None and costs["veranderingOnbekendOmdat"]
    lines = {line["product"]["slug"]: line for line in costs["producten"]}
    assert lines["jgz"]["kosten"] == {
        "bedrag": "25250.00",
        "onbekendOmdat": "",
        "berekening": "€ 2,50 per inwoner × 10.100 inwoners",
    }
    assert (lines["jgz"]["kostenVorigJaar"]["bedrag"], lines["jgz"]["verandering"]) == ("20000.00", "5250.00")
    assert lines["onbekend"]["kosten"]["bedrag"] is None
    assert lines["onbekend"]["kosten"]["onbekendOmdat"] == "geen prijs bekend"


def test_the_csv_of_a_municipality_has_price_and_cost_columns_for_excel(client, world):
    response = client.get("/api/v1/producten.csv?gemeente=GM5901&jaar=2026")
    rows = {
        row["Product"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    }

    jgz = rows["Jeugdgezondheidszorg"]
    assert (jgz["Financiering"], jgz["Prijs (euro)"], jgz["Prijs per"]) == (
        "Gezamenlijke bijdrage per inwoner",
        "2,50",
        "Per inwoner",
    )
    assert (jgz["Kosten Noordstad 2026 (euro)"], jgz["Kosten vorig jaar (euro)"], jgz["Verandering (euro)"]) == (
        "25250,00",
        "20000,00",
        "5250,00",
    )
    unknown = rows["Inspecties tatoeage"]
    assert unknown["Kosten Noordstad 2026 (euro)"] == ""
    assert unknown["Kosten onbekend omdat"] == "prijs per inspectie: het aantal is niet bekend"


def test_the_comparison_shows_each_municipality_s_costs(client, world):
    page = client.get("/gemeenten/vergelijk/?gemeente=GM5901&gemeente=GM5902&jaar=2026").content.decode()
    assert "Bekende kosten 2026" in page
    assert "€ 26.450,00" in page and "€ 12.500,00" in page  # Noordstad, Zuidwaard (jgz only)

    data = client.get("/api/v1/vergelijking?gemeente=GM5901&gemeente=GM5902&jaar=2026").json()
    totals = {row["cbsCode"]: row for row in data["kosten"]}
    assert (totals["GM5901"]["totaalBekend"], totals["GM5902"]["totaalBekend"]) == ("26450.00", "12500.00")
    jgz = next(row for row in data["producten"] if row["slug"] == "jgz")
    assert jgz["kosten"]["GM5902"]["bedrag"] == "12500.00"

    response = client.get("/api/v1/vergelijking?gemeente=GM5901&gemeente=GM5902&jaar=2026&format=csv")
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    rows = {row["Product"]: row for row in reader}
    assert rows["Toezicht kinderopvang"]["Kosten Noordstad (euro)"] == "1200,00"
    assert rows["Toezicht kinderopvang"]["Kosten Zuidwaard (euro)"] == ""  # not taken
    assert rows["Regionaal fonds"]["Kosten Zuidwaard (euro)"].startswith("onbekend (vast bedrag")


def test_the_municipality_book_prints_the_cost_of_each_product_and_the_total(world):
    html, book = book_html(municipality_book_spec("GM5901", 2026))

    assert "Kosten Noordstad 2026" in html
    assert "€ 25.250,00 (€ 2,50 per inwoner × 10.100 inwoners); +€ 5.250,00 ten opzichte van 2025" in html
    assert "onbekend: geen prijs bekend" in html
    assert "Kosten voor Noordstad in 2026" in html
    assert "€ 26.450,00 voor 2 van de 5 producten" in html
    assert book.appendices["costs"]


def test_the_municipality_book_pdf_has_a_costs_appendix_with_the_total(world):
    html, book = book_html(municipality_book_spec("GM5901", 2026))
    reader = PdfReader(io.BytesIO(render_pdf(html).data))
    text = normalise(" ".join(page.extract_text() for page in reader.pages))

    letter = book.appendices["costs"]
    assert f"Bijlage {letter}. Kosten voor Noordstad in 2026" in text
    assert "€ 26.450,00 voor 2 van de 5 producten" in text
    assert "€ 25.250,00 (€ 2,50 per inwoner × 10.100 inwoners)" in text
    assert "onbekend: prijs per inspectie: het aantal is niet bekend" in text
    assert [item.title for item in reader.outline if not isinstance(item, list)][-1].startswith(f"Bijlage {letter}")


def test_a_municipality_book_without_any_prices_prints_no_cost_lines(db):
    a = make_catalogue("q", year=2026, state="gepubliceerd")
    Product.objects.filter(pk=a.concept.pk).delete()
    html, book = book_html(municipality_book_spec(a.member.cbs_code, 2026))

    assert "costs" not in book.appendices
    assert "Kosten" not in html and a.published.title in html


def test_a_new_population_makes_the_stored_municipality_book_stale(world):
    spec = municipality_book_spec("GM5902", 2026)
    before = book_fingerprint(spec)
    PopulationFactory(municipality=world.zuid, year=2025, inhabitants=4_800)
    assert book_fingerprint(spec) != before
