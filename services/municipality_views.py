"""Public pages per municipality: what it takes from which organisation."""

from typing import Any

from django.http import Http404
from django.views.generic import DetailView, TemplateView

from municipalities.models import Municipality
from services import municipality_selectors as selectors
from services.views import YearMixin


class MunicipalityListView(YearMixin, TemplateView):
    template_name = "municipalities/municipality_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(municipalities=selectors.municipality_list(self.year), **kwargs)


class MunicipalityDetailView(YearMixin, DetailView):
    template_name = "municipalities/municipality_detail.html"
    context_object_name = "municipality"

    def get_object(self, queryset=None) -> Municipality:
        try:
            return selectors.municipality_by_code(self.kwargs["cbs_code"])
        except Municipality.DoesNotExist:
            raise Http404("Er is geen gemeente met deze CBS-code.") from None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality: Municipality = self.object
        groups = selectors.products_taken(municipality, self.year)
        context.update(
            groups=groups,
            organisations=list(selectors.membership_summary(municipality, self.year)),
            joint_count=sum(group.joint_count for group in groups),
            individual_count=sum(group.individual_count for group in groups),
            dissolved=municipality.dissolved_year is not None and municipality.dissolved_year <= self.year,
        )
        return context
