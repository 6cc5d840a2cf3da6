"""The pages shown while a book is made or cannot be queued, in a real Chromium: the site's layout, which book."""

import os
from pathlib import Path

import pytest
from django.test import override_settings

from tests.book_catalogue import make_book_catalogue
from tests.browser import CHROMIUM, DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DUMMY_TASKS)
def test_waiting_page_shows_the_site_header_the_book_and_refreshes_itself(
    request, live_server, transactional_db, tmp_path
):
    make_book_catalogue(slug="kleinggd", name="GGD Kleinregio", units=1, products_per_unit=2, words=60, cbs_base=9700)
    context = request.getfixturevalue("browser").new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        response = page.goto(f"{live_server.url}/boeken/kleinggd/2026.pdf")
        assert response.status == 202
        assert page.locator("h1").inner_text() == "Productenboek Kleinregio 2026 wordt gemaakt"
        assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
        assert page.get_by_role("search").is_visible()
        assert "productenboek-kleinggd-2026.pdf" in page.get_by_role("status").inner_text()
        assert page.locator('meta[http-equiv="refresh"]').get_attribute("content").startswith("3;url=")
        directory = Path(os.environ.get("CATALOGUE_SCREENSHOTS") or tmp_path)
        directory.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(directory / "boek-wordt-gemaakt.png"), full_page=True)
    finally:
        context.close()


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_QUEUE_LIMIT=1)
def test_a_visitor_asking_for_a_book_over_the_queue_cap_sees_probeer_het_later_in_the_site_layout(
    request, live_server, transactional_db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_book_catalogue(slug="kleinggd", name="GGD Kleinregio", units=1, products_per_unit=2, words=60, cbs_base=9700)
    context = request.getfixturevalue("browser").new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        assert page.goto(f"{live_server.url}/boeken/kleinggd/2026.pdf").status == 202  # fills the queue

        response = page.goto(f"{live_server.url}/producten/selectie.pdf?organisatie=kleinggd&schil=3")

        assert response.status == 503
        assert response.headers["retry-after"] == "60"
        assert page.locator("h1").inner_text() == "Het is nu erg druk"
        assert "Probeer het later opnieuw" in page.get_by_role("alert").inner_text()
        assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
        assert page.get_by_role("search").is_visible()
        directory = Path(os.environ.get("CATALOGUE_SCREENSHOTS") or tmp_path)
        directory.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(directory / "boek-probeer-het-later.png"), full_page=True)
        page.get_by_role("link", name="Naar de productencatalogus").click()
        page.wait_for_url(f"{live_server.url}/")
    finally:
        context.close()
