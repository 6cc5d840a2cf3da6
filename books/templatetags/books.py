"""``{% book_download %}``: the PDF download link of a product, organisation, municipality or selection."""

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from books.staff import latest_builds
from catalogue.print_text import render_print_text
from services.filters import ProductFilterSet

register = template.Library()


@register.inclusion_tag("includes/_book_download.html")
def book_download(
    *, organisation=None, municipality=None, product=None, year: int | None = None, selection: str | None = None
) -> dict:
    """Context for the partial. Give one of: product; organisation (+ year); municipality (+ year, optionally
    organisation); selection (the catalogue page's query string, e.g. ``request.GET.urlencode``)."""
    year = int(year or settings.CATALOGUE_CURRENT_YEAR)
    if product is not None:
        url = reverse("books:product", kwargs={"organisation": product.organisation.slug, "slug": product.slug})
        if product.edition.year != year:
            url += f"?jaar={product.edition.year}"
        label = "Dit product als PDF"
    elif selection is not None:
        # Only the filters: the page number and sort order of the list are no part of the book (the book
        # refuses parameters it does not know, so a link from page 2 would otherwise be a 400).
        filters = QueryDict(mutable=True)
        for name, values in QueryDict(selection).lists():
            kept = [value for value in values if value.strip()]
            if name in ProductFilterSet.base_filters and name != "sorteer" and kept:
                filters.setlist(name, kept)
        url = reverse("books:selection") + (f"?{filters.urlencode()}" if filters else "")
        label = "Deze selectie afdrukken (PDF)"
    elif municipality is not None and organisation is not None:
        url = reverse(
            "books:organisation-municipality",
            kwargs={"organisation": organisation.slug, "year": year, "cbs_code": municipality.cbs_code},
        )
        label = f"Productenboek {municipality.name} bij {organisation.short_name} {year} (PDF)"
    elif municipality is not None:
        url = reverse("books:municipality", kwargs={"cbs_code": municipality.cbs_code, "year": year})
        label = f"Productenboek gemeente {municipality.name} {year} (PDF)"
    elif organisation is not None:
        url = reverse("books:organisation", kwargs={"organisation": organisation.slug, "year": year})
        label = f"Productenboek {organisation.short_name} {year} (PDF)"
    else:
        raise template.TemplateSyntaxError("book_download needs product, organisation, municipality or selection")
    return {"book_url": url, "book_label": label}


# A product's section text in the PDF: paragraphs and lists, web addresses as unhyphenated links.
register.filter("print_section", render_print_text)


@register.simple_tag(takes_context=True)
def latest_book_builds(context) -> dict:
    """The staff start page's "Laatste boeken" (books.staff)."""
    return latest_builds(context["request"].user)
