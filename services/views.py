"""The public catalogue pages: thin views over services.selectors."""

from typing import Any

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from municipalities.models import normalise_cbs_code
from services import published, selectors
from services.comparison import compare_editions, edition_products, previous_edition
from services.filters import FILTER_LABELS, MAX_QUERY_LENGTH, SORT_CHOICES, ProductFilterSet
from services.models import YEAR_MAX, YEAR_MIN, Edition, LegalFramework, Organisation, Product, Status
from services.municipality_comparison import MAX_COMPARED, MIN_COMPARED
from services.municipality_selectors import municipality_list
from services.search_help import did_you_mean, results_without_each_filter

UNKNOWN_VALUE = {
    "eenheid": "Er is geen eenheid met de code ‘{}’.",
    "schil": "Er is geen schil met de code ‘{}’.",
    "wet": "Er is geen wet met de code ‘{}’ waarop producten rusten.",
    "gemeente": "Er is geen gemeente met de CBS-code ‘{}’. Een CBS-code ziet eruit als GM0513.",
}
SIBLINGS_SHOWN = 12
AGE_ENTRIES = [
    ("0", "Baby’s", "0 jaar"),
    ("1.5", "Peuters", "1,5 jaar"),
    ("4", "Kleuters", "4 jaar"),
    ("10", "Kinderen op de basisschool", "10 jaar"),
    ("15", "Jongeren", "15 jaar"),
    ("20", "Jongvolwassenen", "20 jaar"),
]


class YearMixin:
    """Reads the edition year from ``?jaar=``; a bad year gives a message and the current edition."""

    request: Any

    def dispatch(self, request, *args, **kwargs):
        self.year, self.year_error = parse_year(request.GET.get("jaar"))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(year=self.year, year_error=self.year_error, current_year=selectors.current_year())
        return context


def parse_year(value: str | None) -> tuple[int, str]:
    if value is None or not value.strip():
        return selectors.current_year(), ""
    value = value.strip()
    if value.isdigit() and YEAR_MIN <= int(value) <= YEAR_MAX:
        return int(value), ""
    current = selectors.current_year()
    shown = value[:20] + ("…" if len(value) > 20 else "")
    return current, f"‘{shown}’ is geen jaartal. U ziet de editie van {current}."


# ``?toon=alle`` lists a selection on one page, to print it whole; a larger one is left to the PDF.
SHOW_ALL_PARAM, SHOW_ALL = "toon", "alle"
MAX_ON_ONE_PAGE = 200


def querystring_without(data: QueryDict, *names: str) -> str:
    """The query string without ``names`` and without the page (number or "all on one page")."""
    remaining = data.copy()
    for name in (*names, "pagina", SHOW_ALL_PARAM):
        remaining.pop(name, None)
    encoded = remaining.urlencode()
    return f"?{encoded}" if encoded else "?"


def _with_trailing_separator(query: str) -> str:
    return query if query == "?" else f"{query}&"


class HomeView(TemplateView):
    template_name = "services/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = selectors.current_year()
        return super().get_context_data(
            year=year,
            organisations=selectors.organisations_with_counts(year),
            # The way in by law: the laws most products rest on.
            laws=selectors.laws_with_counts(year).order_by("-product_count", "name")[:8],
            municipalities=municipality_list(year),
            age_entries=AGE_ENTRIES,
            max_query_length=MAX_QUERY_LENGTH,
            **kwargs,
        )


class ProductListView(FilterView):
    """The catalogue: every filter is a query parameter, so a filtered page is a shareable URL."""

    filterset_class = ProductFilterSet
    template_name = "services/product_list.html"
    paginate_by = 20
    page_kwarg = "pagina"
    strict = False  # a bad filter value is reported and left out; the other filters still apply

    def get_queryset(self):
        return selectors.published_products()

    def get_filterset_kwargs(self, filterset_class) -> dict[str, Any]:
        # Always bound, also without parameters: the FilterSet then applies the current edition.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get_paginate_by(self, queryset) -> int:
        return MAX_ON_ONE_PAGE if self.request.GET.get(SHOW_ALL_PARAM) == SHOW_ALL else self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        # get_page: a bad or too high page number shows the nearest page instead of a 404.
        listed = selectors.listed_ids(self.filterset)
        paginator = self.get_paginator(queryset if listed is None else listed, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        if listed is None:
            page.object_list = list(page.object_list)
        else:
            page.object_list = selectors.in_order_of(list(page.object_list))
        published.print_as_published(page.object_list)  # a published edition's names as published
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data = self.request.GET
        form = self.filterset.form
        facets = selectors.catalogue_facets(self.filterset)
        active, problems = describe_filters(data, form.errors, facets)
        context.update(
            facets=facets,
            active_filters=active,
            problems=problems,
            clear_url=querystring_without(data, *FILTER_LABELS),
            sort_choices=SORT_CHOICES,
            searching=bool(data.get("q", "").strip()) and "q" not in form.errors,
            query=data.get("q", "")[:MAX_QUERY_LENGTH],
            year=int(getattr(form, "cleaned_data", {}).get("jaar") or selectors.current_year()),
            current_year=selectors.current_year(),
            max_query_length=MAX_QUERY_LENGTH,
            selected_municipalities=[normalise_cbs_code(code) for code in data.getlist("gemeente")],
            compare_url=compare_url(data),
            # The API's spreadsheet takes the same filters (not the page number).
            csv_url=reverse("api:product-list-csv") + querystring_without(data).rstrip("?"),
            page_query=_with_trailing_separator(querystring_without(data)),
            # The selection as the PDF book takes it: filters only.
            selection_query=querystring_without(data).lstrip("?"),
        )
        paginator = context["paginator"]
        if paginator is not None and context["is_paginated"] and paginator.count <= MAX_ON_ONE_PAGE:
            context["show_all_url"] = (
                f"{_with_trailing_separator(querystring_without(data))}{SHOW_ALL_PARAM}={SHOW_ALL}"
            )
        if not context["object_list"]:
            context.update(
                did_you_mean=did_you_mean(context["query"]) if context["searching"] else [],
                without_filter=results_without_each_filter(data, active, self.get_queryset()),
            )
        return context


def describe_filters(data: QueryDict, errors: dict, facets: selectors.Facets) -> tuple[list[dict], list[str]]:
    """The active filters (label, value as the visitor knows it, URL without it) and what went wrong.

    A value the form rejects, or a code that names no unit, tier, law or municipality, becomes a
    message instead of a filter, so the visitor learns why the list looks as it does.
    """
    problems = [f"{FILTER_LABELS.get(name, name)}: {' '.join(messages)}" for name, messages in errors.items()]
    active = []
    for name, label in FILTER_LABELS.items():
        if name == "gemeente" and name not in errors:
            active += _municipality_filters(data, facets, problems)
            continue
        value = data.get(name, "").strip()
        if not value or name in errors or name == "sorteer":
            continue
        shown = None
        if name in UNKNOWN_VALUE or name == "organisatie":
            shown = facets.label(name, normalise_cbs_code(value) if name == "gemeente" else value)
            if shown is None and name in UNKNOWN_VALUE:
                problems.append(f"{label}: {UNKNOWN_VALUE[name].format(value[:40])}")
        elif name == "leeftijd":
            shown = f"{value.replace('.', ',')} jaar"
        elif name == "q":
            shown = f"‘{value}’"
        active.append({"label": label, "value": shown or value, "remove_url": querystring_without(data, name)})
    return active, problems


def compare_url(data: QueryDict) -> str:
    """The comparison page for the municipalities chosen in the catalogue's filter, when it can compare them."""
    codes = list(dict.fromkeys(filter(None, map(normalise_cbs_code, data.getlist("gemeente")))))
    if not MIN_COMPARED <= len(codes) <= MAX_COMPARED:
        return ""
    query = QueryDict(mutable=True)
    query.setlist("gemeente", codes)
    if year := data.get("jaar"):
        query["jaar"] = year
    return f"{reverse('municipalities:municipality-compare')}?{query.urlencode()}"


def _municipality_filters(data: QueryDict, facets: selectors.Facets, problems: list[str]) -> list[dict]:
    """A chip per chosen municipality (``?gemeente=`` may be repeated); each removes only its own code."""
    active = []
    for value in dict.fromkeys(value.strip() for value in data.getlist("gemeente") if value.strip()):
        shown = facets.label("gemeente", normalise_cbs_code(value))
        if shown is None:
            problems.append(f"Gemeente: {UNKNOWN_VALUE['gemeente'].format(value[:40])}")
        remaining = data.copy()
        remaining.setlist("gemeente", [other for other in data.getlist("gemeente") if other.strip() != value])
        active.append({"label": "Gemeente", "value": shown or value, "remove_url": querystring_without(remaining)})
    return active


class ProductDetailView(YearMixin, DetailView):
    template_name = "services/product_detail.html"
    context_object_name = "product"

    def get_object(self, queryset=None) -> Product:
        try:
            product = selectors.published_product(self.kwargs["organisation"], self.kwargs["slug"], self.year)
        except Product.DoesNotExist:
            raise Http404("Dit product staat niet in de catalogus.") from None
        published.print_as_published([product])  # its unit, tiers and laws as its edition was published
        return product

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        product: Product = self.object
        headings = product.organisation.section_headings()
        sections = [
            {"id": name, "heading": headings[name], "text": getattr(product, name)}
            for name in ("goal", "audience", "activities", "rationale", "result", "professionals")
        ]
        context.update(
            sections_before_legal=[s for s in sections[:2] if s["text"]],
            sections_after_legal=[s for s in sections[2:] if s["text"]],
            legal_heading=product.organisation.heading_legal,
            tiers=[pt.tier for pt in product.product_tiers.all()],
            legal_bases=list(product.legal_bases.all()),
            takers=list(selectors.product_takers(product)),
            uptakes=list(selectors.product_uptakes(product)),
            siblings=selectors.sibling_products(product, limit=SIBLINGS_SHOWN),
            siblings_shown=SIBLINGS_SHOWN,
            umbrella=product.umbrella if product.umbrella and product.umbrella.status == Status.PUBLISHED else None,
            parts=list(selectors.published_parts(product)),
        )
        return context


class OrganisationDetailView(YearMixin, DetailView):
    template_name = "services/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None) -> Organisation:
        return get_object_or_404(Organisation.objects.select_related("region"), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation: Organisation = self.object
        units = [unit for unit in selectors.organisation_units(organisation, self.year) if unit.published]
        context.update(
            units=units,
            product_count=sum(len(unit.published) for unit in units),
            tiers=selectors.organisation_tiers(organisation, self.year),
            edition=selectors.organisation_edition(organisation, self.year),
            members=list(selectors.members_in(organisation, self.year)),
        )
        return context


class LawListView(YearMixin, TemplateView):
    template_name = "services/law_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(laws=selectors.laws_with_counts(self.year), **kwargs)


class LawDetailView(YearMixin, DetailView):
    template_name = "services/law_detail.html"
    context_object_name = "law"

    def get_object(self, queryset=None) -> LegalFramework:
        return get_object_or_404(LegalFramework, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bases = list(selectors.law_bases(self.object, self.year))
        context.update(bases=bases, product_count=len({basis.product_id for basis in bases}))
        return context


class GlossaryView(TemplateView):
    template_name = "services/glossary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(organisations=selectors.glossary(), **kwargs)


class OrganisationListView(TemplateView):
    template_name = "services/organisation_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = selectors.current_year()
        return super().get_context_data(year=year, organisations=selectors.organisations_with_counts(year), **kwargs)


class EditionChangesView(TemplateView):
    template_name = "services/edition_changes.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        organisation = get_object_or_404(Organisation, slug=kwargs["organisation"])
        edition = get_object_or_404(Edition.objects.published(), organisation=organisation, year=kwargs["year"])
        previous = previous_edition(edition)
        context.update(organisation=organisation, edition=edition, previous=previous)
        if previous is None:
            # The organisation's first edition: everything in it is new in the catalogue.
            context["new_products"] = list(
                edition_products(edition).select_related("organisation", "edition").in_book_order()
            )
        else:
            context["comparison"] = compare_editions(previous, edition)
        return context
