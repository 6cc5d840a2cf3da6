from django import template

from catalogue.text import format_age, format_age_range, render_text

register = template.Library()

register.filter("section", render_text)
register.filter("age", format_age)


@register.simple_tag
def age_range(product) -> str:
    return format_age_range(product.age_min_months, product.age_max_months)
