from django import template
from django.utils.safestring import SafeString

from catalogue.text import format_age, format_age_range, render_text
from services.costs import format_count, format_euro
from services.models import Product
from services.search import search_snippet
from services.selectors import ProductContact, product_contact

register = template.Library()

register.filter("section", render_text)
register.filter("age", format_age)
register.filter("count", format_count)


@register.filter
def euro(amount) -> str:
    """An amount in euros in Dutch notation (services.costs.format_euro); "" for None."""
    return "" if amount is None else format_euro(amount)


@register.filter
def euro_change(amount) -> str:
    """A change in euros with its sign: "+€ 12,00", "-€ 3,50", "€ 0,00"."""
    if amount is None:
        return ""
    return ("+" if amount > 0 else "") + format_euro(amount)


@register.filter
def contact_of(product: Product) -> ProductContact | None:
    """Whom to ask about ``product`` (services.selectors.product_contact)."""
    return product_contact(product)


@register.simple_tag
def age_range(product) -> str:
    return format_age_range(product.age_min_months, product.age_max_months)


@register.simple_tag
def snippet(product, query: str) -> SafeString:
    """The highlighted search excerpt of ``product`` (escaped; only ``<mark>`` is HTML)."""
    return search_snippet(product, query)
