"""Atom feeds of what changed in the published editions: per organisation, municipality and law."""

import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from municipalities.models import Uptake
from services.models import Edition, Product

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def text(entry: ET.Element, name: str) -> str:
    element = entry.find(f"{ATOM}{name}")
    assert element is not None, name
    return element.text or ""


def assert_valid_atom(feed: ET.Element) -> None:
    """What RFC 4287 requires of a feed and its entries: id, title, updated; alternate links; unique ids."""
    for name in ("id", "title", "updated"):
        assert text(feed, name)
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    ids = []
    for entry in entries(feed):
        for name in ("id", "title", "updated"):
            assert text(entry, name)
        assert text(entry, "id").startswith("http://testserver/")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        ids.append(text(entry, "id"))
    assert len(ids) == len(set(ids))


def test_organisation_feed_has_an_entry_per_published_edition_with_what_changed(client, catalogue):
    feed = atom(client.get("/organisaties/ggd-testregio/wijzigingen.atom"))
    assert_valid_atom(feed)
    assert text(feed, "title") == "Wijzigingen in de catalogus van GGD Testregio Midden"
    titles = [text(entry, "title") for entry in entries(feed)]
    assert titles == [
        "GGD Testregio 2026: 7 nieuw, 0 vervallen, 1 gewijzigd, afname gewijzigd",
        "GGD Testregio 2025: nieuw in de catalogus, 1 product",
    ]
    latest = entries(feed)[0]
    summary = text(latest, "summary")
    assert "Toezicht kinderopvang" in summary
    assert "Tuberculosebestrijding</a>: Samenvatting" in summary
    assert "Leiden: neemt nu ook af: Toezicht kinderopvang; neemt niet meer af: Tuberculosebestrijding" in summary
    link = latest.find(f"{ATOM}link").get("href")
    assert link == "http://testserver/organisaties/ggd-testregio/wijzigingen/2026/"
    assert text(latest, "updated") == "2026-01-01T00:00:00+00:00"


def test_an_organisations_first_edition_is_new_in_the_catalogue(client, shipped_catalogue):
    feed = atom(client.get("/organisaties/hecht/wijzigingen.atom"))
    assert_valid_atom(feed)
    (entry,) = entries(feed)
    assert text(entry, "title") == "Hecht 2026: nieuw in de catalogus, 67 producten"
    page = client.get("/organisaties/hecht/wijzigingen/2026/")
    assert "Nieuw in de catalogus" in page.text and "Alle 67 producten zijn nieuw" in page.text


def test_municipality_feed_names_only_what_it_takes_and_its_own_uptake(client, catalogue):
    feed = atom(client.get("/gemeenten/GM0546/wijzigingen.atom"))  # Leiden: left the GGD after 2025
    assert_valid_atom(feed)
    by_title = {text(entry, "title"): text(entry, "summary") for entry in entries(feed)}
    (leiden_2026,) = [summary for title, summary in by_title.items() if title.startswith("GGD Testregio 2026")]
    assert "Leiden: neemt nu ook af: Toezicht kinderopvang; neemt niet meer af: Tuberculosebestrijding" in leiden_2026
    assert "Gouda" not in leiden_2026 and "Waddinxveen" not in leiden_2026
    assert "Gezondheidsonderzoek ouderen" not in leiden_2026  # Waddinxveen's product, not Leiden's
    assert entries(feed)[0].find(f"{ATOM}id").text.endswith("#gemeente-GM0546")


def test_municipality_feed_follows_a_new_uptake_when_a_new_edition_is_published(client, catalogue):
    old = Edition.objects.get(organisation=catalogue.ggd, year=2026)
    new = Edition.objects.create(
        organisation=catalogue.ggd, year=2027, title="Taken en diensten per januari 2027", based_on=old,
        state=Edition.State.PUBLISHED,
    )  # fmt: skip
    source = catalogue.products["ouderen"]
    copy = Product.objects.create(
        organisation=catalogue.ggd, edition=new, unit=source.unit, title=source.title, slug=source.slug,
        status="gepubliceerd",
    )  # fmt: skip
    Uptake.objects.create(product=copy, municipality=catalogue.municipalities["gouda"])
    feed = atom(client.get("/gemeenten/GM0513/wijzigingen.atom"))
    first = entries(feed)[0]
    assert text(first, "title").startswith("GGD Testregio 2027:")
    assert "Gouda: neemt nu ook af: Gezondheidsonderzoek ouderen" in text(first, "summary")


def test_law_feed_lists_the_changes_of_products_resting_on_that_law(client, catalogue):
    feed = atom(client.get("/wetten/wet-kinderopvang/wijzigingen.atom"))
    assert_valid_atom(feed)
    summaries = " ".join(text(entry, "summary") for entry in entries(feed))
    assert "Toezicht kinderopvang" in summaries
    assert "Rijksvaccinatieprogramma" not in summaries


@pytest.mark.parametrize(
    "url",
    [
        "/gemeenten/GM9999/wijzigingen.atom",
        "/organisaties/bestaat-niet/wijzigingen.atom",
        "/wetten/geen/wijzigingen.atom",
    ],
)
def test_feed_of_an_unknown_subject_is_a_404(client, catalogue, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/gemeenten/GM0513/", "/gemeenten/GM0513/wijzigingen.atom"),
        ("/organisaties/ggd-testregio/", "/organisaties/ggd-testregio/wijzigingen.atom"),
        ("/wetten/wet-publieke-gezondheid/", "/wetten/wet-publieke-gezondheid/wijzigingen.atom"),
    ],
)
def test_pages_announce_and_link_their_feed(client, catalogue, page, feed):
    html = client.get(page).text
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}"' in html
    assert "(Atom-feed)</a>" in html


def test_organisation_page_links_the_changes_page(client, catalogue):
    html = client.get("/organisaties/ggd-testregio/").text
    assert 'href="/organisaties/ggd-testregio/wijzigingen/2026/"' in html


@override_settings(CATALOGUE_PUBLIC_CACHE_SECONDS=3600)
def test_feeds_are_served_from_the_public_cache(client, catalogue):
    url = "/gemeenten/GM0513/wijzigingen.atom"
    first = client.get(url)
    second = client.get(url)
    assert first["X-Catalogus-Cache"] == "miss" and second["X-Catalogus-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and second["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_organisation_feed_names_a_change_in_financing_and_price(client, catalogue):
    from decimal import Decimal

    old = Edition.objects.get(organisation=catalogue.ggd, year=2026)
    source = catalogue.products["ouderen"]
    Product.objects.filter(pk=source.pk).update(
        financing="bijdrage-per-inwoner", price=Decimal("1.00"), price_unit="per-inwoner"
    )
    new = Edition.objects.create(
        organisation=catalogue.ggd, year=2027, title="Taken en diensten per januari 2027", based_on=old,
        state=Edition.State.PUBLISHED,
    )  # fmt: skip
    Product.objects.create(
        organisation=catalogue.ggd, edition=new, unit=source.unit, title=source.title, slug=source.slug,
        status="gepubliceerd", financing="contract-per-gemeente", price=Decimal("1.25"), price_unit="per-inwoner",
    )  # fmt: skip
    summary = text(entries(atom(client.get("/organisaties/ggd-testregio/wijzigingen.atom")))[0], "summary")
    assert "Gezondheidsonderzoek ouderen: prijs € 1,00 per inwoner → € 1,25 per inwoner" in summary
    assert "financiering Gezamenlijke bijdrage per inwoner → Contract per gemeente" in summary
