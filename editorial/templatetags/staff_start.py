from django import template

from editorial.staff_start import start_page

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_start_page(context) -> dict:
    return start_page(context["request"].user)
