"""A published edition is immutable including what it shares (issue #11, item 3).

For each kind of shared row (a tier's name and meaning, a unit's name, a law's name, a glossary term
added or changed): the published 2026 edition's product page, catalogue page, API answer and book
read the same text after the edit, while the 2027 concept edition shows the change (its preview page
and preview book). Both for an edition published in the admin (snapshot at publication) and for one
published by an import or a fixture (snapshot taken just before the first shared row changes).
"""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from books.selectors import build_book, organisation_book_spec
from editorial.operations.editions import publish_edition, start_edition
from services.models import Edition, GlossaryTerm, Product
from tests.workflow import ADMINISTRATOR, make_catalogue, user_with

GENERATED = timezone.make_aware(timezone.datetime(2026, 12, 1, 12, 0))


def text(html: str) -> str:
    """The visible text of a page or book, without tags, scripts, and tokens that differ per request."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def book_text(slug: str, year: int, *, preview: bool = False) -> str:
    book = build_book(organisation_book_spec(slug, year, preview=preview))
    return text(render_to_string("pdf/book.html", {"book": book, "generated_at": GENERATED}))


def edit_tier(a) -> str:
    a.individual.name, a.individual.definition = "Maatwerk", "Nieuwe betekenis van de schil."
    a.individual.save()
    return "Maatwerk"


def edit_unit(a) -> str:
    a.unit.name = "Jeugd en gezin"
    a.unit.save()
    return "Jeugd en gezin"


def edit_law(a) -> str:
    law = a.published.legal_bases.get().framework
    law.name = "Wet hernoemd voor 2027"
    law.save()
    return "Wet hernoemd voor 2027"


def add_term(a) -> str:
    GlossaryTerm.objects.create(organisation=a.organisation, term="Wijkteam", definition="Team in de wijk.")
    return "Team in de wijk."


def change_term(a) -> str:
    term = GlossaryTerm.objects.get(organisation=a.organisation, term="JGZ")
    term.definition = "Een nieuwe omschrijving."
    term.save()
    return "Een nieuwe omschrijving."


@pytest.fixture(params=["published in the admin", "published by an import"])
def world(request, db, client):
    a = make_catalogue("a", year=2026)
    Product.objects.filter(pk=a.concept.pk).delete()
    GlossaryTerm.objects.create(organisation=a.organisation, term="JGZ", definition="Jeugdgezondheidszorg.")
    admin = user_with(ADMINISTRATOR, a.organisation, username="beheerder")
    if request.param == "published in the admin":
        publish_edition(user=admin, edition=a.edition)
    else:
        Edition.objects.filter(pk=a.edition.pk).update(state=Edition.State.PUBLISHED)
        assert Edition.objects.get(pk=a.edition.pk).reference is None
    a.edition.refresh_from_db()
    new = start_edition(user=admin, source=a.edition)
    client.force_login(admin)
    return a, new


def published_pages(client, a) -> dict[str, str]:
    slug, organisation = a.published.slug, a.organisation.slug
    pages = {
        "product page": f"/producten/{organisation}/{slug}/?jaar=2026",
        "catalogue page": f"/producten/?jaar=2026&organisatie={organisation}",
        "municipality page": f"/gemeenten/{a.member.cbs_code}/?jaar=2026",
    }
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        found[name] = text(response.content.decode().split("<main", 1)[1].split("</main>", 1)[0])
    api = client.get(f"/api/v1/producten/{organisation}/{slug}?jaar=2026")
    assert api.status_code == 200
    found["API"] = api.content.decode()
    found["book"] = book_text(organisation, 2026)
    return found


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (edit_tier, ("product page", "municipality page", "API", "book")),
        (edit_unit, ("product page", "catalogue page", "API", "book")),
        (edit_law, ("product page", "API", "book")),
        (add_term, ("book",)),
        (change_term, ("book",)),
    ],
    ids=["tier renamed", "unit renamed", "law renamed", "glossary term added", "glossary term changed"],
)
def test_a_shared_row_edited_for_next_year_leaves_the_published_edition_as_it_was(client, world, edit, where):
    a, new = world
    before = published_pages(client, a)

    shown = edit(a)

    after = published_pages(client, a)
    for name in before:
        assert after[name] == before[name], name
        assert shown not in after[name], name
    # The concept edition shows the change: in its preview book, and in its product's preview page.
    assert shown in book_text(a.organisation.slug, new.year, preview=True)
    copy = Product.objects.get(edition=new, slug=a.published.slug)
    preview = text(client.get(f"/beheer/services/product/{copy.pk}/voorbeeld/").content.decode())
    if "product page" in where:
        assert shown in preview


def test_the_snapshot_is_taken_once_and_a_second_change_does_not_move_it(world):
    a, _ = world
    edit_tier(a)
    a.individual.name = "Nog anders"
    a.individual.save()
    a.edition.refresh_from_db()
    names = {row["name"] for row in a.edition.reference["tiers"]}
    assert names == {"Schil 2a", "Schil 3"}
