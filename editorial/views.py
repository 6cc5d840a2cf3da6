"""The staff preview of a product on its public page."""

from django.http import Http404

from editorial import access
from services.models import Product
from services.views import ProductDetailView


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
