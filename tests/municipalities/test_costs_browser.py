"""Costs in a real Chromium: an editor enters a product's financing and price in the admin, an
administrator enters a municipality's population, and the municipality page then shows the cost."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from editorial.operations import products as editing
from editorial.operations.editions import publish_edition
from municipalities.models import Population
from services.models import Edition, Product, Status
from tests.browser import CHROMIUM, DESKTOP, PHONE
from tests.editorial.test_staff_browser import PASSWORD, shows
from tests.factories import MembershipFactory, MunicipalityFactory
from tests.workflow import ADMINISTRATOR, EDITOR, REVIEWER, make_catalogue, user_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]


@pytest.fixture
def world(live_server, transactional_db):
    """Organisation "k" with a concept 2026 edition: one product in a joint tier, a member municipality."""
    k = make_catalogue("k", year=2026)
    Product.objects.filter(pk=k.published.pk).delete()
    Product.objects.filter(pk=k.concept.pk).update(title="Jeugdgezondheidszorg")
    return {
        "url": live_server.url,
        "k": k,
        "beheerder": user_with(ADMINISTRATOR, k.organisation, username="beheerder"),
        "redacteur": user_with(EDITOR, k.organisation, username="redacteur"),
        "beoordelaar": user_with(REVIEWER, k.organisation, username="beoordelaar"),
    }


def login(browser, world, username: str):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(world["url"] + "/beheer/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/beheer/$"))
    return page


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    return [
        f"{violation['id']}: {violation['nodes'][0]['target']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_staff_enter_financing_and_a_population_and_the_municipality_page_shows_the_cost(browser, world):
    k = world["k"]
    product = k.concept
    other = MunicipalityFactory(name="Buurgemeente")
    MembershipFactory(organisation=k.organisation, municipality=other)

    # The editor enters the financing in the product's change form ("Kosten en financiering").
    editor = login(browser, world, "redacteur")
    editor.goto(f"{world['url']}/beheer/services/product/{product.pk}/change/")
    expect(editor.get_by_role("heading", name="Kosten en financiering")).to_be_visible()
    editor.get_by_label("Financiering:").select_option(label="Gezamenlijke bijdrage per inwoner")
    editor.get_by_label("Prijs (euro)").fill("-1")
    editor.get_by_label("Prijs per:").select_option(label="Per inwoner")
    editor.get_by_role("button", name="Opslaan", exact=True).first.click()
    shows(editor, "Een prijs kan niet negatief zijn.")
    product.refresh_from_db()
    assert product.price is None and product.version == 1  # nothing saved

    editor.get_by_label("Prijs (euro)").fill("2.50")
    editor.get_by_label("Bron van de prijs").fill("Begroting 2026, vastgesteld door het AB")
    editor.get_by_role("button", name="Opslaan", exact=True).first.click()
    shows(editor, "is met succes gewijzigd")
    product.refresh_from_db()
    assert (product.financing, product.price, product.price_unit) == (
        "bijdrage-per-inwoner",
        Decimal("2.50"),
        "per-inwoner",
    )
    assert product.version == 2 and product.history.first().price == Decimal("2.50")

    # Review and publishing are the workflow's own journeys (test_staff_browser); here through the operations.
    editing.submit_for_review(user=world["redacteur"], product=product)
    editing.approve(user=world["beoordelaar"], product=product)
    publish_edition(user=world["beheerder"], edition=k.edition)
    assert Product.objects.get(pk=product.pk).status == Status.PUBLISHED
    assert Edition.objects.get(pk=k.edition.pk).state == Edition.State.PUBLISHED

    # Before a population is known, the page says the cost is unknown and why.
    admin = login(browser, world, "beheerder")
    municipality_page = f"{world['url']}/gemeenten/{k.member.cbs_code}/"
    admin.goto(municipality_page)
    costs = admin.locator("section.costs")
    expect(costs).to_contain_text("onbekend (geen inwonertal voor 2026)")

    # The administrator enters the municipality's population for 2026 (CBS count of 1 January 2025).
    admin.goto(world["url"] + "/beheer/municipalities/population/add/")
    admin.locator(".field-municipality .select2-selection").click()
    admin.locator(".select2-search__field").fill(k.member.name)
    admin.locator(".select2-results__option", has_text=k.member.name).click()
    admin.get_by_label("Jaar:").fill("2026")
    admin.get_by_label("Inwoners:").fill("74000")
    admin.get_by_label("Peildatum:").fill("01-01-2025")
    admin.get_by_role("button", name="Opslaan", exact=True).click()
    shows(admin, "is met succes toegevoegd")
    population = Population.objects.get(municipality=k.member, year=2026)
    assert (population.inhabitants, str(population.reference_date)) == (74_000, "2025-01-01")
    assert population.history.first().history_user.username == "beheerder"

    # The municipality page shows the cost: € 2,50 × 74.000 = € 185.000,00, on a desktop and a phone.
    admin.goto(municipality_page)
    expect(costs).to_contain_text("Bekende kosten: € 185.000,00 voor 1 van de 1 afgenomen producten.")
    expect(costs.get_by_role("row", name=re.compile("Jeugdgezondheidszorg"))).to_contain_text(
        "€ 2,50 per inwoner × 74.000 inwoners"
    )
    expect(costs).to_contain_text("74.000 inwoners op 1 januari 2025")
    assert serious_violations(admin) == []
    admin.set_viewport_size(PHONE)
    admin.reload()
    assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(admin) == []

    # The comparison shows the cost too (its own tests hold the columns; here that the page renders it).
    admin.goto(f"{world['url']}/gemeenten/vergelijk/?gemeente={k.member.cbs_code}&gemeente={other.cbs_code}")
    expect(admin.locator(".compare-table__costs")).to_contain_text("€ 185.000,00")
    for page in (editor, admin):
        page.context.close()


def test_an_officer_sees_why_there_is_no_change_from_last_year_when_a_product_was_dropped(
    browser, live_server, transactional_db
):
    from tests.cost_data import make_cost_world

    cost_world = make_cost_world()
    # Every figure of both years is known; Noordstad no longer takes the contract it had in 2025.
    Product.objects.filter(slug__in=["inspecties", "onbekend", "regiofonds"]).delete()
    Product.objects.filter(slug="toezicht", edition=cost_world.new).delete()

    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/gemeenten/")
    page.get_by_role("link", name="Noordstad").first.click()
    costs = page.locator("section.costs")
    expect(costs).to_contain_text("Bekende kosten: € 25.250,00 voor 1 van de 1 afgenomen producten.")
    expect(costs.locator(".costs__change")).to_have_text(
        "Verandering in het totaal ten opzichte van vorig jaar: onbekend "
        "(1 product van vorig jaar wordt niet meer afgenomen)."
    )
    expect(costs.locator(".costs__dropped")).to_have_text(
        "Niet meer afgenomen ten opzichte van 2025: Toezicht kinderopvang (Kostregio; € 1.000,00 in 2025)."
    )
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    page.reload()
    expect(costs.locator(".costs__dropped")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
