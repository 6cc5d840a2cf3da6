"""Public pages per municipality: what it takes from which organisation."""

from typing import Any

from django.http import Http404
from django.views.generic import DetailView, TemplateView

from municipalities.models import Municipality
from services import costs
from services import municipality_comparison as comparison_selectors
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
            costs=costs.municipality_cost_overview(municipality, self.year),
        )
        return context


class MunicipalityCompareView(YearMixin, TemplateView):
    """Two to six municipalities side by side: ``?gemeente=GM0546&gemeente=GM0537`` (``&verschillen=1``)."""

    template_name = "municipalities/municipality_compare.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if context["error"] else 200)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        values = self.request.GET.getlist("gemeente")
        only_differences = self.request.GET.get("verschillen") == "1"
        comparison, error = None, ""
        # One code is where a municipality page's link starts: the picker, with that one ticked.
        if len({value.strip().upper() for value in values if value.strip()}) > 1:
            try:
                municipalities = comparison_selectors.compared_municipalities(values, self.year)
            except comparison_selectors.ComparisonError as exc:
                error = str(exc)
            else:
                comparison = comparison_selectors.compare_municipalities(municipalities, self.year)
        chosen = {value.strip().upper() for value in values}
        context.update(
            comparison=comparison,
            shown=comparison.only_differences() if comparison and only_differences else comparison,
            only_differences=only_differences,
            error=error,
            choices=[(m, m.cbs_code in chosen) for m in selectors.municipality_list(self.year)],
            max_compared=comparison_selectors.MAX_COMPARED,
            query=self.request.GET.urlencode(),
        )
        return context
