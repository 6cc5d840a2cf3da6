"""The public pages in a real Chromium (Debian's, driven by Playwright; never a downloaded browser).

Filter, search and open a product as an officer would, with and without JavaScript, by keyboard,
at desktop and phone widths; axe-core (shipped inside axe-playwright-python) checks every page type.
Screenshots go to $CATALOGUE_SCREENSHOTS (e.g. bench/out/screenshots) when set, else a temporary dir.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, DESKTOP, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium staat niet in /usr/bin/chromium — installeer het met: apt-get install chromium",
    ),
]


@pytest.fixture
def site(live_server, transactional_db):
    from tests.catalogue_data import build_catalogue

    build_catalogue()
    return live_server.url


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    directory = Path(os.environ.get("CATALOGUE_SCREENSHOTS") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def result_titles(page) -> list[str]:
    return page.locator(".card-list .card__title a").all_inner_texts()


def test_filter_by_municipality_and_law_then_remove_a_filter(page, site):
    page.goto(f"{site}/producten/?organisatie=ggd-testregio")
    page.get_by_label("Gemeente", exact=True).select_option("GM0513")
    page.get_by_label("Wet", exact=True).select_option("wet-kinderopvang")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**gemeente=GM0513**")
    assert "wet=wet-kinderopvang" in page.url
    assert result_titles(page) == ["Toezicht kinderopvang"]
    assert page.get_by_role("heading", level=2, name="1 product").is_visible()
    page.get_by_role("link", name="Verwijder filter Wet: Wet kinderopvang").click()
    page.wait_for_load_state()
    assert "wet=" not in page.url and "gemeente=GM0513" in page.url
    assert len(result_titles(page)) == 6


def test_sort_by_title_and_page_through_a_municipality_s_catalogue(page, site):
    # The list's pages and the filter counts come from the facet index: what the officer pages through
    # must be the database's selection, in its order, and each count what choosing the option gives.
    from municipalities.models import Municipality
    from services.models import Edition, Product
    from tests.catalogue_data import YEAR
    from tests.factories import ProductFactory, UptakeFactory

    edition = Edition.objects.get(organisation__slug="ggd-testregio", year=YEAR)
    gouda = Municipality.objects.get(cbs_code="GM0513")
    for number in range(23):
        extra = ProductFactory(organisation=edition.organisation, edition=edition, title=f"Aanvulling {number:02d}")
        UptakeFactory(product=extra, municipality=gouda)
    taken = Product.objects.public().filter(edition__year=YEAR).taken_by("GM0513")
    expected = list(taken.order_by("title", "organisation__name", "pk").values_list("title", flat=True))
    assert len(expected) > 20

    page.goto(f"{site}/producten/")
    page.get_by_label("Gemeente", exact=True).select_option("GM0513")
    page.get_by_label("Sorteren op").select_option("titel")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**sorteer=titel**")
    assert page.get_by_role("heading", level=2, name=f"{len(expected)} producten").is_visible()
    first = result_titles(page)
    page.get_by_role("link", name="Volgende pagina").click()
    page.wait_for_url("**pagina=2**")
    assert first + result_titles(page) == expected
    assert "Pagina 2 van 2" in page.locator(".pagination__status").inner_text()

    # The law filter's option for the Wet publieke gezondheid says what choosing it gives.
    option = page.get_by_label("Wet", exact=True).locator("option[value=wet-publieke-gezondheid]").inner_text()
    wpg = taken.filter(legal_bases__framework__slug="wet-publieke-gezondheid").distinct().count()
    assert f"({wpg})" in option
    page.get_by_label("Wet", exact=True).select_option("wet-publieke-gezondheid")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**wet=wet-publieke-gezondheid**")
    assert len(result_titles(page)) == min(wpg, 20)


def test_search_from_the_home_page_and_open_the_product(page, site):
    page.goto(f"{site}/")
    page.get_by_label("Zoek een product, bijvoorbeeld").fill("tuberculose")
    page.keyboard.press("Enter")
    page.wait_for_url("**/producten/?q=tuberculose")
    assert result_titles(page)[0] == "Tuberculosebestrijding"
    assert page.locator(".card__snippet mark").first.inner_text().lower() == "tuberculose"
    page.locator('.card-list a[href="/producten/ggd-testregio/tuberculosebestrijding/"]').click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tuberculosebestrijding"
    assert page.get_by_role("heading", name="Wat is het wettelijk kader hiervoor?").is_visible()


def test_filtering_works_without_javascript_on_a_phone(browser, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site}/producten/")
        page.get_by_label("Leeftijd in jaren").fill("1,5")
        page.get_by_label("Organisatie").select_option("cjg-testmond")
        page.get_by_role("button", name="Filters toepassen").click()
        page.wait_for_url("**leeftijd=1%2C5**")
        assert result_titles(page) == ["Voorlichting Rijksvaccinatieprogramma"]
    finally:
        context.close()


def test_the_filters_fold_away_on_a_phone_with_javascript(browser, site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site}/producten/")
        assert not page.get_by_label("Leeftijd in jaren").is_visible()
        page.get_by_text("Filteren").click()
        assert page.get_by_label("Leeftijd in jaren").is_visible()
    finally:
        context.close()


def test_keyboard_users_can_skip_to_the_content_and_see_where_focus_is(page, site):
    page.goto(f"{site}/producten/ggd-testregio/tuberculosebestrijding/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible() and skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused[0] == "A" and focused[1] != "none" and focused[2] != "0px"


PAGES = {
    "home": "/",
    "catalogue": "/producten/?gemeente=GM0513&wet=wet-publieke-gezondheid",
    "search": "/producten/?q=vaccinatie",
    "bad-input": "/producten/?leeftijd=abc&gemeente=XX",
    "product": "/producten/ggd-testregio/tuberculosebestrijding/",
    "organisation": "/organisaties/ggd-testregio/",
    "organisations": "/organisaties/",
    "municipalities": "/gemeenten/",
    "municipality": "/gemeenten/GM0513/",
    "compare": "/gemeenten/vergelijk/?gemeente=GM0513&gemeente=GM0627&gemeente=GM0546",
    "compare-picker": "/gemeenten/vergelijk/?gemeente=GM0513",
    "catalogue-several-municipalities": "/producten/?gemeente=GM0627&gemeente=GM0546",
    "laws": "/wetten/",
    "law": "/wetten/wet-publieke-gezondheid/",
    "glossary": "/begrippen/",
    "not-found": "/producten/ggd-testregio/bestaat-niet/",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_type_has_no_serious_accessibility_violations(browser, site, shots, viewport):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = {}
    try:
        for name, path in PAGES.items():
            page.goto(f"{site}{path}")
            results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
            serious = [
                f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
                for violation in results.response["violations"]
                if violation["impact"] in ("serious", "critical")
            ]
            if serious:
                found[name] = serious
            if name in ("catalogue", "product", "municipality", "compare", "laws"):
                page.screenshot(path=str(shots / f"{name}-{viewport['width']}.png"), full_page=True)
    finally:
        context.close()
    assert found == {}


def test_a_product_page_prints_without_navigation_or_filters(page, site):
    page.goto(f"{site}/producten/ggd-testregio/tuberculosebestrijding/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.get_by_role("heading", name="Wat willen we bereiken?").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_compare_two_municipalities_from_a_municipality_page_and_show_only_differences(page, site):
    page.goto(f"{site}/gemeenten/GM0513/")
    page.get_by_role("link", name="Vergelijk Gouda met andere gemeenten").click()
    page.wait_for_load_state()
    assert page.get_by_role("checkbox", name="Gouda").is_checked()
    page.get_by_role("checkbox", name="Waddinxveen").check()
    page.get_by_role("button", name="Vergelijken").click()
    page.wait_for_url("**gemeente=GM0627**")
    assert page.get_by_role("heading", level=2, name="Gouda en Waddinxveen in 2026").is_visible()
    table = page.get_by_role("table")
    assert table.locator("thead").get_by_role("columnheader").all_inner_texts() == ["Product", "Gouda", "Waddinxveen"]
    row = table.get_by_role("row").filter(has_text="Gezondheidsonderzoek ouderen")
    assert row.get_by_role("cell").all_inner_texts() == ["Niet", "Afzonderlijk"]

    page.get_by_role("checkbox", name="Alleen verschillen tonen").check()
    page.get_by_role("button", name="Vergelijken").click()
    page.wait_for_url("**verschillen=1**")
    titles = page.locator(".compare-table tbody th[scope=row] a").all_inner_texts()
    assert "Toezicht kinderopvang" in titles and "Gezondheidsonderzoek ouderen" in titles
    assert "Tuberculosebestrijding" not in titles
    csv_link = page.get_by_role("link", name="Download als CSV (Excel)")
    assert "/api/v1/vergelijking?" in csv_link.get_attribute("href")


def test_comparison_is_a_readable_list_on_a_phone_and_prints_every_row(browser, site, shots):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site}/gemeenten/vergelijk/?gemeente=GM0513&gemeente=GM0627&gemeente=GM0546")
        # No sideways scrolling: the table has become a list of labelled cells.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        cell = page.locator(".compare-table tr", has_text="Toezicht kinderopvang").locator("td").nth(1)
        label = page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle())
        assert "Waddinxveen" in label
        assert page.locator(".compare-table thead").bounding_box()["height"] <= 1  # kept for screen readers
        page.screenshot(path=str(shots / "compare-phone.png"), full_page=True)
        page.goto(f"{site}/wetten/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Titles wrap at word boundaries, not with a hyphen inside a word.
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).hyphens") == "manual"
        page.set_viewport_size(DESKTOP)
        page.goto(f"{site}/gemeenten/vergelijk/?gemeente=GM0513&gemeente=GM0627&gemeente=GM0546")
        rows = page.locator(".compare-table tbody tr:not(.compare-table__group)").count()
        page.emulate_media(media="print")
        assert not page.locator(".compare-form").is_visible()
        assert page.locator(".compare-table tbody tr:not(.compare-table__group)").count() == rows
        assert all(r.is_visible() for r in page.locator(".compare-table tbody tr").all())
        pdf = page.pdf(prefer_css_page_size=True)
        (shots / "compare.pdf").write_bytes(pdf)
    finally:
        context.close()


def test_catalogue_takes_several_municipalities_from_the_filter(page, site):
    page.goto(f"{site}/producten/?organisatie=ggd-testregio")
    page.get_by_label("Gemeente", exact=True).select_option(["GM0627", "GM0546"])
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**gemeente=GM0546**")
    assert "gemeente=GM0627" in page.url
    assert page.get_by_role("heading", level=2, name="7 producten").is_visible()
    page.get_by_role("link", name="Verwijder filter Gemeente: Waddinxveen").click()
    page.wait_for_load_state()
    assert "GM0627" not in page.url and "gemeente=GM0546" in page.url
    assert result_titles(page) == ["Toezicht kinderopvang"]


def test_suggestions_as_you_type_can_be_chosen_with_the_keyboard(page, site):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site}/")
    box = page.locator("#site-zoek")
    box.fill("tuberc")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    listbox.get_by_role("option", name="Tuberculosebestrijding").wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    box.press("ArrowDown")
    active = page.locator("[role=option][aria-selected=true]")
    assert box.get_attribute("aria-activedescendant") == active.get_attribute("id")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator("h1").inner_text() == "Tuberculosebestrijding"
    page.goto(f"{site}/")
    page.locator("#site-zoek").fill("tuberc")
    page.locator("[role=option]").first.wait_for()
    page.locator("#site-zoek").press("Escape")
    assert page.locator("#site-zoek").get_attribute("aria-expanded") == "false"


@pytest.fixture
def large_site(live_server, transactional_db):
    from tests.catalogue_data import build_catalogue, multiply_catalogue

    multiply_catalogue(build_catalogue(), factor=30)
    return live_server.url


def test_a_long_group_on_a_municipality_page_leads_to_the_rest_in_the_catalogue(browser, large_site):
    from services.municipality_selectors import PRODUCTS_PER_GROUP

    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{large_site}/gemeenten/GM0513/")
    group = page.locator(".tier-group").filter(has=page.get_by_role("link", name=re.compile(r"^Nog \d+ producten")))
    first = group.first
    assert first.locator("li").count() == PRODUCTS_PER_GROUP
    more = first.get_by_role("link", name=re.compile(r"^Nog \d+ producten"))
    hidden = int(re.search(r"\d+", more.inner_text()).group())
    more.click()
    page.wait_for_url("**/producten/?**gemeente=GM0513**")
    # The catalogue shows the whole group: the listed ones and the rest, filtered to Gouda and the tier.
    heading = page.get_by_role("heading", level=2, name=re.compile(r"^\d+ producten"))
    assert int(re.search(r"\d+", heading.inner_text()).group()) >= PRODUCTS_PER_GROUP + hidden
    assert page.get_by_role("link", name=re.compile(r"^Verwijder filter Gemeente")).first.is_visible()
    page.context.close()
