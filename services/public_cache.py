"""Whole public responses cached under the catalogue version, with HTTP validators from the same version.

A visitor without a session (every municipal officer, every system reading the API) gets the page as
it was rendered for the catalogue's current version, from the shared cache: local memory by default,
Redis when several web servers share it (``CATALOGUE_CACHE_URL``). Any write to the catalogue advances
the version (``services.versioning``), so the next request renders afresh; nothing has to be purged.

What is never cached: staff (a session cookie), the admin, books and previews (``/boeken/``, ``.pdf``),
the health check, anything but GET, any response that is not 200, that streams, sets a cookie, or says
``private``/``no-store``/``no-cache`` itself. A response that varies on ``Cookie`` is shared only
between requests that carry no cookies at all.

Every cacheable answer carries ``ETag`` and ``Last-Modified`` (the version's time) and
``Cache-Control: public, max-age=…, stale-while-revalidate=…``, so a reverse proxy or CDN in front can
serve the load too; a matching ``If-None-Match`` gets a 304 without rendering.
"""

import hashlib
from collections.abc import Callable
from typing import TypeGuard
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from catalogue.http import body_etag
from services import versioning

CACHE_STATUS_HEADER = "X-Catalogus-Cache"  # "hit" or "miss": for operators and the tests
_REFUSING = {"private", "no-store", "no-cache"}


def request_is_cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or not settings.CATALOGUE_PUBLIC_CACHE_SECONDS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # signed-in staff: their pages show staff links and previews
    path = request.path
    return not (path.endswith(".pdf") or path.startswith(settings.CATALOGUE_PUBLIC_CACHE_EXCLUDED))


def normalised_query(request: HttpRequest) -> str:
    """The query string with its parameters sorted and empty values left out (a form's untouched fields)."""
    pairs = sorted((name, value) for name, values in request.GET.lists() for value in values if value != "")
    return urlencode(pairs)


def _base_key(request: HttpRequest, token: str) -> str:
    place = f"{request.get_host()}{request.path}?{normalised_query(request)}"
    return f"page:{token}:{hashlib.sha256(place.encode()).hexdigest()[:32]}"


def _vary_names(response: HttpResponseBase) -> list[str]:
    if not response.has_header("Vary"):
        return []
    return sorted({name.strip().lower() for name in cc_delim_re.split(response["Vary"]) if name.strip()})


def _variant_key(base: str, request: HttpRequest, names: list[str]) -> str | None:
    """The key of the variant ``request`` asks for, given the headers the response varies on."""
    if "*" in names or ("cookie" in names and request.COOKIES):
        return None
    values = "\n".join(f"{name}:{request.headers.get(name, '')}" for name in names)
    return f"{base}:{hashlib.sha256(values.encode()).hexdigest()[:16]}"


def _storable(response: HttpResponseBase) -> TypeGuard[HttpResponse]:  # not streaming: it has its content
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not directives & _REFUSING


def _publish_headers(response: HttpResponse, version: versioning.Version) -> None:
    if not response.has_header("ETag"):
        response["ETag"] = body_etag(response.content)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(version.changed_at.timestamp())
    del response["Cache-Control"]
    patch_cache_control(
        response,
        public=True,
        max_age=settings.CATALOGUE_PUBLIC_MAX_AGE,
        stale_while_revalidate=settings.CATALOGUE_PUBLIC_STALE_SECONDS,
    )


def _frozen(response: HttpResponse) -> tuple:
    return (response.status_code, list(response.items()), response.content)


def _thawed(stored: tuple) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    answer = get_conditional_response(request, etag=response.get("ETag"), response=response)
    assert answer is not None  # None only when no response is given
    return answer


class PublicCacheMiddleware:
    """Serves and stores anonymous public responses under the catalogue version (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)  # a write advances the version: nothing to pin
        with versioning.request_scope():
            if not request_is_cacheable(request):
                return self.get_response(request)
            return self._cached(request, versioning.current())

    def _cached(self, request: HttpRequest, version: versioning.Version) -> HttpResponseBase:
        base = _base_key(request, version.token)
        names = cache.get(f"{base}:vary")
        key = _variant_key(base, request, names) if names is not None else None
        stored = cache.get(key) if key else None
        if stored is not None:
            hit = _thawed(stored)
            hit[CACHE_STATUS_HEADER] = "hit"
            return _conditional(request, hit)
        response = self.get_response(request)
        if not _storable(response):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        _publish_headers(response, version)
        names = _vary_names(response)
        key = _variant_key(base, request, names)
        if key is not None:
            timeout = settings.CATALOGUE_PUBLIC_CACHE_SECONDS
            cache.set_many({f"{base}:vary": names, key: _frozen(response)}, timeout)
        response[CACHE_STATUS_HEADER] = "miss"
        return _conditional(request, response)
