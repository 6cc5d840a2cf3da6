"""The public year-over-year overview, and the staff preview of a product on its public page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.views.generic import TemplateView

from services import access
from services.comparison import compare_editions, previous_edition
from services.models import Edition, Organisation, Product
from services.views import ProductDetailView


class EditionChangesView(TemplateView):
    template_name = "services/edition_changes.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        organisation = get_object_or_404(Organisation, slug=kwargs["organisation"])
        edition = get_object_or_404(Edition.objects.published(), organisation=organisation, year=kwargs["year"])
        previous = previous_edition(edition)
        if previous is None:
            raise Http404(f"Er is geen editie vóór {edition.year} om mee te vergelijken.")
        context.update(
            organisation=organisation,
            edition=edition,
            previous=previous,
            comparison=compare_editions(previous, edition),
            # The site's base template once the public pages are in; a plain page until then.
            base_template=select_template(["base.html", "services/standalone_base.html"]),
        )
        return context


class ProductPreviewView(ProductDetailView):
    """A product in any state (a concept, a concept copy) on the public product page, for its own staff.

    Served inside the admin (login and staff check there); ``access.preview_product`` gives a 404 for
    products of other organisations.
    """

    template_name = "services/product_preview.html"

    def get_object(self, queryset=None) -> Product:
        product = access.preview_product(self.request.user, self.kwargs["pk"])
        if product is None:
            raise Http404("Dit product bestaat niet of u heeft er geen toegang toe.")
        self.year = product.edition.year
        return product
