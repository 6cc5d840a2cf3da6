"""The one definition of what the catalogue's filters mean.

The public catalogue page, the API and the PDF "print this selection" all filter with
:class:`ProductFilterSet`, so "products for Gouda under the Wpg" means the same everywhere.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from drf_spectacular.utils import extend_schema_field

from municipalities.models import normalise_cbs_code
from services.models import YEAR_MAX, YEAR_MIN, LegalBasis, Organisation, ProductQuerySet, ProductTier
from services.search import prepare_terms, search_with_terms

MAX_QUERY_LENGTH = 200

# Filters in the order they are shown, with the words used for them on the page.
FILTER_LABELS = {
    "q": "Zoekterm",
    "organisatie": "Organisatie",
    "eenheid": "Eenheid",
    "schil": "Schil",
    "wet": "Wet",
    "gemeente": "Gemeente",
    "leeftijd": "Leeftijd",
    "jaar": "Jaar",
    "sorteer": "Sortering",
}
# The gemeente filter takes several codes (products taken by any of them); a bound keeps the query small.
MAX_MUNICIPALITIES = 20

SORT_BOOK = "boek"
SORT_TITLE = "titel"
SORT_RELEVANCE = "relevantie"
# The order of the "Titel (A-Z)" sort (services.facet_index keeps it too).
TITLE_ORDER = ("title", "organisation__name", "pk")
SORT_CHOICES = [
    (SORT_BOOK, "Volgorde in het boek"),
    (SORT_TITLE, "Titel (A-Z)"),
    (SORT_RELEVANCE, "Relevantie"),
]


class AgeField(forms.CharField):
    """An age in years, e.g. ``3`` or ``1.5`` (also ``1,5``); cleaned to whole months."""

    default_error_messages = {
        "invalid": "Vul een leeftijd in jaren in, bijvoorbeeld 3 of 1,5.",
        "range": "Vul een leeftijd tussen 0 en 120 jaar in.",
    }

    # A CharField for how it reads what was typed; cleaned to months, so not the str CharField promises.
    def to_python(self, value: str | None) -> int | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in (None, ""):
            return None
        try:
            years = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not years.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if years < 0 or years > 120:
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return int((years * 12).to_integral_value())


class CbsCodesField(forms.Field):
    """One or more CBS codes, as ``?gemeente=GM0546&gemeente=GM0537``; cleaned to a list in stored form.

    A value that is not a CBS code is kept (upper case) so that the page can say no municipality has it.
    """

    widget = forms.SelectMultiple  # reads every value of the parameter, not only the last
    default_error_messages = {
        "too_long": "Een CBS-code heeft zes tekens, bijvoorbeeld GM0513.",
        "too_many": f"Kies ten hoogste {MAX_MUNICIPALITIES} gemeenten.",
    }

    def to_python(self, value: str | Iterable[str] | None) -> list[str]:
        values = [value] if isinstance(value, str) else list(value or [])
        codes = []
        for raw in values:
            raw = str(raw).strip()
            if not raw:
                continue
            if len(raw) > 6:
                raise forms.ValidationError(self.error_messages["too_long"], code="too_long")
            code = normalise_cbs_code(raw) or raw.upper()
            if code not in codes:
                codes.append(code)
        if len(codes) > MAX_MUNICIPALITIES:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        return codes


@extend_schema_field(
    {"type": "string", "pattern": "^GM[0-9]{4}$", "description": "CBS-code, bv. GM0513; herhaal voor meer gemeenten."}
)
class CbsCodesFilter(django_filters.MultipleChoiceFilter):
    """Products taken by any of the municipalities (the OpenAPI document shows a repeated parameter)."""

    field_class = CbsCodesField


# The OpenAPI document describes these as the API's users type them (drf-spectacular reads the annotation).
@extend_schema_field({"type": "string", "description": "Leeftijd in jaren, bv. 3 of 1,5."})
class AgeFilter(django_filters.Filter):
    field_class = AgeField


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """An edition year: a whole number (``2026``, also typed ``2026.0`` or ``002026``)."""

    field_class = forms.IntegerField


class ProductFilterSet(django_filters.FilterSet):
    organisatie = django_filters.ModelChoiceFilter(
        label="Organisatie",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        field_name="organisation",
    )
    eenheid = django_filters.CharFilter(label="Eenheid (RVE)", field_name="unit__slug", max_length=100)
    schil = django_filters.CharFilter(label="Schil", method="filter_tier", max_length=30)
    wet = django_filters.CharFilter(label="Wet", method="filter_law", max_length=100)
    gemeente = CbsCodesFilter(label="Gemeente (CBS-code)", method="filter_municipality")
    leeftijd = AgeFilter(label="Leeftijd (jaren)", method="filter_age")
    jaar = YearFilter(label="Jaar", field_name="edition__year", min_value=YEAR_MIN, max_value=YEAR_MAX)
    q = django_filters.CharFilter(label="Zoeken", method="filter_search", max_length=MAX_QUERY_LENGTH)
    # Ordering, not a filter: applied last in ``qs`` so it cannot undo the search ranking by accident.
    sorteer = django_filters.ChoiceFilter(
        label="Sorteren", choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        fields = ["organisatie", "eenheid", "schil", "wet", "gemeente", "leeftijd", "jaar", "q", "sorteer"]

    def __init__(self, data=None, *args, **kwargs):
        # The current edition unless another year is asked for.
        if data is not None and not data.get("jaar"):
            data = data.copy()
            data["jaar"] = str(settings.CATALOGUE_CURRENT_YEAR)
        super().__init__(data, *args, **kwargs)

    def filter_tier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(ProductTier.objects.filter(product=OuterRef("pk"), tier__code=value)))

    def filter_law(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(LegalBasis.objects.filter(product=OuterRef("pk"), framework__slug=value)))

    def filter_municipality(self, queryset: ProductQuerySet, name: str, codes: list[str]) -> ProductQuerySet:
        if not codes:
            return queryset
        return queryset.taken_by(*codes)

    def filter_age(self, queryset: QuerySet, name: str, months: int | None) -> QuerySet:
        if months is None:
            return queryset
        return queryset.filter(
            Q(age_min_months__isnull=False) | Q(age_max_months__isnull=False),
            Q(age_min_months__isnull=True) | Q(age_min_months__lte=months),
            Q(age_max_months__isnull=True) | Q(age_max_months__gte=months),
        )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The terms (synonyms, typo corrections) are worked out once, on the first selection searched,
        # and reused for the facet counts that apply the same search to other selections.
        memo = self.__dict__.setdefault("_search_terms", {})
        if value not in memo:
            memo[value] = prepare_terms(queryset, value)
        return search_with_terms(queryset, memo[value])

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    @property
    def qs(self) -> ProductQuerySet:
        """The filtered products, ordered: by search rank when searching, else in book order.

        Filters whose value is invalid are left out (their errors are on ``self.form``); the rest apply.
        """
        if not hasattr(self, "_qs"):
            queryset = super().qs
            cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
            ranked = "search_rank" in queryset.query.annotations
            sort = cleaned.get("sorteer") or (SORT_RELEVANCE if ranked else SORT_BOOK)
            if sort == SORT_TITLE:
                queryset = queryset.order_by(*TITLE_ORDER)
            elif sort == SORT_BOOK or not ranked:
                sort = SORT_BOOK
                queryset = queryset.in_book_order()
            self.sort = sort  # the order ``qs`` lists in: SORT_BOOK, SORT_TITLE or SORT_RELEVANCE
            self._qs = queryset
        return self._qs
