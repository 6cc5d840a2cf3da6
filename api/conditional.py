"""Conditional requests: ETag (a hash of the body) and Last-Modified, answered with 304."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from catalogue.http import body_etag


def conditional(request: HttpRequest, response: HttpResponse, *, last_modified: float | None = None) -> HttpResponse:
    """Set a strong ETag from the rendered body (and Last-Modified if known); answer 304 when it matches.

    A hash of the body is always right, whatever changed (a product, its tiers, a renamed law); the
    server still builds the answer, the client is spared the transfer and the parsing.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    response["ETag"] = body_etag(response.content)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=int(last_modified) if last_modified else None, response=response
    )
    assert answer is not None  # None only when no response is given
    return answer
