"""What the admin tells staff when something cannot be done: a frozen edition, a refused request.

Both say what is not allowed, why, and what to do instead, in Dutch and in the admin's own layout.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied

from services.models import Edition, Product


@dataclass
class FrozenGuidance:
    message: str
    next_edition: Edition | None  # a later edition of the organisation, if one was started
    next_product: Product | None  # this product's copy in that edition
    start_year: int  # the year "Start editie volgend jaar" would make
    editions_url: str


def frozen_guidance(product: Product) -> FrozenGuidance:
    """Why ``product`` (in a published edition) cannot be edited, and where the work goes on."""
    edition = product.edition
    later = Edition.objects.filter(organisation_id=edition.organisation_id, year__gt=edition.year).order_by("year")
    next_edition = later.exclude(state=Edition.State.PUBLISHED).first() or later.first()
    next_product = None
    if next_edition is not None:
        next_product = (
            Product.objects.originals().filter(edition=next_edition, slug=(product.draft_of or product).slug).first()
        )
    return FrozenGuidance(
        message=edition.frozen_message(),
        next_edition=next_edition,
        next_product=next_product,
        start_year=edition.year + 1,
        editions_url=reverse("admin:services_edition_changelist")
        + f"?organisation__id__exact={edition.organisation_id}",
    )


def permission_denied_page(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: in the admin a Dutch page in the admin's layout saying what was refused and why."""
    if not request.path.startswith(reverse("admin:index")):
        return permission_denied(request, exception)
    reason = ""
    if isinstance(exception, PermissionDenied) and exception.args and str(exception.args[0]).strip():
        reason = str(exception.args[0])
    context = {
        **admin.site.each_context(request),
        "title": "Dit mag u niet doen",
        "reason": reason,
        "path": request.path,
    }
    return TemplateResponse(request, "admin/permission_denied.html", context, status=403)
