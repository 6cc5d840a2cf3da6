"""Project-wide pieces of the public JSON API (``/api/v1``), following the NL API Design Rules.

- every ``/api/`` response carries the ``API-Version`` header (ADR /core/version-header);
- every error is ``application/problem+json`` (RFC 9457, ADR /core/problem-details), also the 404s of
  Django's URL resolver and the 500s, so a client never has to parse an HTML page;
- unknown query parameters are refused with a 400 naming them, instead of being silently ignored;
- JSON field names are Dutch camelCase, named explicitly in the serializers (``RenamingModelSerializer``)
  rather than rewritten at render time: the OpenAPI document then shows the same names for free;
- links are HAL-style ``_links`` with absolute ``href``s, lists are paged with ``_links`` and ``_embedded``;
- GET answers carry an ``ETag`` (a hash of the body) and, where the data has one, ``Last-Modified``;
  ``If-None-Match``/``If-Modified-Since`` are answered with 304.
"""

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import get_script_prefix, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView, exception_handler
from rest_framework.viewsets import ReadOnlyModelViewSet

API_VERSION: str = settings.SPECTACULAR_SETTINGS["VERSION"]
API_PREFIX = "/api/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
LINK_SCHEMA = {"$ref": "#/components/schemas/Link"}


# --- errors ----------------------------------------------------------------------------------------------


def problem(status: int, detail: str, *, instance: str = "", invalid_params: list[dict] | None = None) -> dict:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": PROBLEM_TITLES.get(status, HTTPStatus(status).phrase),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


PROBLEM_TITLES = {
    400: "Ongeldige aanvraag",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    500: "Interne fout",
}


def _invalid_params(detail: Any) -> list[dict]:
    """DRF's ValidationError detail ({name: [ErrorDetail, ...]}) as ADR ``invalidParams``."""
    params = []
    if isinstance(detail, Mapping):
        for name, errors in detail.items():
            for error in errors if isinstance(errors, list) else [errors]:
                params.append({"name": str(name), "code": getattr(error, "code", "invalid"), "reason": str(error)})
    return params


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler, answering in problem+json with a useful ``detail``."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        params = _invalid_params(exc.detail)
        names = ", ".join(dict.fromkeys(param["name"] for param in params))
        detail = f"Ongeldige waarde voor: {names}." if names else "Ongeldige aanvraag."
        if params and all(param["code"] == "unknown" for param in params):
            detail = f"Onbekende queryparameter: {names}."
        body = problem(response.status_code, detail, instance=instance, invalid_params=params)
    elif isinstance(exc, exceptions.NotAcceptable) and context.get("view") is not None:
        types = ", ".join(renderer.media_type for renderer in context["view"].renderer_classes)
        body = problem(
            406, f"Het gevraagde formaat (Accept) is niet beschikbaar; kies uit: {types}.", instance=instance
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail), instance=instance)
    response.data = body
    response.content_type = PROBLEM_MEDIA_TYPE
    return response


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


def problem_response(request: HttpRequest, status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        problem(status, detail, instance=request.get_full_path()),
        status=status,
        content_type=PROBLEM_MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


class ApiMiddleware:
    """``API-Version`` on every API response; errors outside DRF's views (resolver 404, 500) as problem+json."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        content_type = response.get("Content-Type", "")
        debug_page = settings.DEBUG and response.status_code >= 500  # keep Django's traceback page locally
        if response.status_code >= 400 and not content_type.startswith(PROBLEM_MEDIA_TYPE) and not debug_page:
            response = problem_response(request, response.status_code, self._detail(request, response.status_code))
        response["API-Version"] = API_VERSION
        return response

    @staticmethod
    def _detail(request: HttpRequest, status: int) -> str:
        if status == 404:
            if request.path.endswith("/") and request.path.rstrip("/") != API_PREFIX.rstrip("/"):
                return f"Paden in deze API eindigen niet op '/': probeer {request.path.rstrip('/')}."
            return f"Het pad {request.path} bestaat niet in deze API; zie /api/v1/docs voor de beschikbare paden."
        if status >= 500:
            return "Er ging aan onze kant iets mis. Probeer het later opnieuw."
        return HTTPStatus(status).phrase


# --- representation -----------------------------------------------------------------------------------------


class RenamingModelSerializer(serializers.ModelSerializer):
    # A ModelSerializer whose fields carry their Dutch camelCase API names. ``Meta.fields`` lists model
    # field names (so verbose names and help texts still feed the OpenAPI descriptions); ``Meta.names``
    # maps them to the names in the JSON. (A comment, not a docstring: drf-spectacular would publish it.)

    def get_fields(self) -> dict[str, serializers.Field]:
        names: Mapping[str, str] = getattr(self.Meta, "names", {})
        fields = {}
        for name, field in super().get_fields().items():
            api_name = names.get(name, name)
            if api_name != name and field.source is None:
                field.source = name
            if not field.help_text and field.label:
                field.help_text = field.label
            if not field.read_only:
                # Output only: every field is always present in an answer.
                field.required = True
            if isinstance(field, serializers.IntegerField):
                # The bounds Django derives from the column type differ between SQLite and PostgreSQL;
                # leave them out so the OpenAPI document does not depend on the database.
                field.min_value = field.max_value = None
                field.validators = [
                    v for v in field.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))
                ]
            fields[api_name] = field
        return fields


@lru_cache(maxsize=8192)
def _api_path(viewname: str, script_prefix: str, kwargs: tuple[tuple[str, Any], ...]) -> str:
    # A list page has some ten links per row, mostly to the same organisation, units, tiers and laws:
    # resolving each once keeps the links from costing more than the rest of the row.
    return reverse(f"api:{viewname}", kwargs=dict(kwargs))


def absolute_url(request: Request | None, viewname: str, *, query: Mapping[str, Any] | None = None, **kwargs) -> str:
    path = _api_path(viewname, get_script_prefix(), tuple(kwargs.items()))
    if query:
        path = f"{path}?{urlencode(query)}"
    if request is None:
        return path
    base = getattr(request, "_absolute_base", None)
    if base is None:
        base = request.build_absolute_uri("/").rstrip("/")
        request._absolute_base = base
    return base + path


class LinksField(serializers.Field):
    """HAL ``_links``: name -> ``{"href": url}``, built by the given callables (obj, request) -> url or None."""

    def __init__(
        self,
        links: Mapping[str, Callable[[Any, Request | None], str | None]],
        *,
        optional: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Links naar deze resource en verwante resources (HAL).")
        kwargs.setdefault("label", "Links")
        super().__init__(**kwargs)
        self.links = links
        self._spectacular_annotation = {
            "field": {
                "type": "object",
                "properties": dict.fromkeys(links, LINK_SCHEMA),
                "required": [name for name in links if name not in set(optional)],
            }
        }

    def to_representation(self, obj: Any) -> dict[str, dict[str, str]]:
        request = self.context.get("request")
        result = {}
        for name, build in self.links.items():
            href = build(obj, request)
            if href is not None:
                result[name] = {"href": href}
        return result


# --- paging ----------------------------------------------------------------------------------------------------


class CountingPaginator(Paginator):
    """Counts the rows and, where they have ``updated_at``, finds the newest in the same query.

    The newest change is the list's Last-Modified; asking for it separately would run the filtered
    query (with its EXISTS subqueries for a municipality) once more.
    """

    newest: datetime | None = None

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not any(field.name == "updated_at" for field in queryset.model._meta.concrete_fields):
            return super().count
        result = queryset.aggregate(total=Count("pk"), newest=Max("updated_at"))
        self.newest = result["newest"]
        return result["total"]


class CataloguePagination(PageNumberPagination):
    """Page-number paging in the ADR HAL style: ``_links`` first/prev/self/next/last and ``_embedded``."""

    django_paginator_class = CountingPaginator
    page_size = 50
    max_page_size = 200
    page_query_param = "page"
    page_size_query_param = "pageSize"
    embedded_name = "resultaten"

    def get_page_size(self, request: Request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        size = _bounded_int(value, self.page_size_query_param, 1, self.max_page_size)
        return size

    def get_page_number(self, request: Request, paginator: Any) -> int:
        value = request.query_params.get(self.page_query_param)
        return 1 if value is None else _bounded_int(value, self.page_query_param, 1, 100_000)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list | None:
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise exceptions.NotFound(
                f"Pagina {number} bestaat niet; er zijn {paginator.num_pages} pagina's met deze selectie."
            ) from None
        return list(self.page)

    def _page_url(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data: list) -> Response:
        page = self.page
        links = {
            "self": {"href": self._page_url(page.number)},
            "first": {"href": self._page_url(1)},
            "last": {"href": self._page_url(page.paginator.num_pages)},
        }
        if page.has_previous():
            links["prev"] = {"href": self._page_url(page.previous_page_number())}
        if page.has_next():
            links["next"] = {"href": self._page_url(page.next_page_number())}
        headers = {
            "X-Total-Count": str(page.paginator.count),
            "X-Pagination-Page": str(page.number),
            "X-Pagination-Limit": str(page.paginator.per_page),
        }
        body = {
            "_links": links,
            "_embedded": {self.embedded_name: data},
            "totaal": page.paginator.count,
            "pagina": page.number,
            "paginaGrootte": page.paginator.per_page,
        }
        return Response(body, headers=headers)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["_links", "_embedded", "totaal", "pagina", "paginaGrootte"],
            "properties": {
                "_links": {
                    "type": "object",
                    "required": ["self", "first", "last"],
                    "properties": dict.fromkeys(("self", "first", "prev", "next", "last"), LINK_SCHEMA),
                },
                "_embedded": {
                    "type": "object",
                    "required": [self.embedded_name],
                    "properties": {self.embedded_name: schema},
                },
                "totaal": {"type": "integer", "description": "Aantal resultaten over alle pagina's."},
                "pagina": {"type": "integer", "description": "Nummer van deze pagina (vanaf 1)."},
                "paginaGrootte": {"type": "integer", "description": "Aantal resultaten per pagina."},
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Paginanummer, vanaf 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 100_000},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Aantal resultaten per pagina (standaard {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


def paginated(embedded_name: str) -> type[CataloguePagination]:
    """A pagination class embedding the list under ``_embedded.<embedded_name>`` (the resource name)."""
    return type(f"{embedded_name.title()}Pagination", (CataloguePagination,), {"embedded_name": embedded_name})


def _bounded_int(value: str, name: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({name: [f"Geef een geheel getal, niet '{value[:40]}'."]}) from None
    if not low <= number <= high:
        raise exceptions.ValidationError({name: [f"Geef een getal van {low} tot en met {high}."]})
    return number


# --- CSV --------------------------------------------------------------------------------------------------------


class CSVRenderer(BaseRenderer):
    """A semicolon-separated UTF-8 file with BOM: what a Dutch spreadsheet opens correctly by double-click.

    Expects a list of flat dicts (one per row); the columns are the view's ``csv_columns`` (so an empty
    selection still has its header row) or else the first row's keys.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        rows = data if isinstance(data, list) else [data]
        view = (renderer_context or {}).get("view")
        columns = list(getattr(view, "csv_columns", None) or (rows[0] if rows else []))
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
        return buffer.getvalue().encode(self.charset)


def _cell(value: Any) -> Any:
    """Keep a spreadsheet from reading text as a formula (CSV injection); numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@", "\t", "\r"):
        return "'" + value
    return value


# --- conditional requests -----------------------------------------------------------------------------------


def conditional(request: HttpRequest, response: HttpResponse, *, last_modified: float | None = None) -> HttpResponse:
    """Set a strong ETag from the rendered body (and Last-Modified if known); answer 304 when it matches.

    A hash of the body is always right, whatever changed (a product, its tiers, a renamed law); the
    server still builds the answer, the client is spared the transfer and the parsing.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=int(last_modified) if last_modified else None, response=response
    )


# --- the viewset base ----------------------------------------------------------------------------------------


class ApiViewMixin:
    """Public and read-only; errors as problem+json, 200s with ETag and answered 304 when unchanged."""

    authentication_classes: tuple = ()
    permission_classes = (AllowAny,)
    parser_classes: tuple = ()
    renderer_classes: tuple = (JSONRenderer,)

    def last_modified(self) -> float | None:
        """Timestamp of the newest data in this answer, when the data knows it."""
        return None

    def finalize_response(self, request: Request, response: Any, *args, **kwargs) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = ProblemJSONRenderer()
            response.accepted_media_type = PROBLEM_MEDIA_TYPE
            response.content_type = PROBLEM_MEDIA_TYPE
            return response
        if response.status_code == 200:
            last_modified = self.last_modified() if request.method in ("GET", "HEAD") else None
            return conditional(request, response, last_modified=last_modified)
        return response


class CatalogueViewSet(ApiViewMixin, ReadOnlyModelViewSet):
    """Read-only viewset over a catalogue model: strict query parameters, items by natural key."""

    #: query parameters a request may carry besides the FilterSet's, per action
    extra_query_params: Mapping[str, frozenset[str]] = {"list": frozenset({"page", "pageSize", "format"})}

    def allowed_query_params(self) -> frozenset[str]:
        allowed = set(self.extra_query_params.get(self.action, frozenset({"format"})))
        allowed.add("format")
        filterset_class = getattr(self, "filterset_class", None)
        if self.action == "list" and filterset_class is not None:
            allowed.update(filterset_class.base_filters)
        return frozenset(allowed)

    def initial(self, request: Request, *args, **kwargs) -> None:
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            allowed = ", ".join(sorted(self.allowed_query_params()))
            raise exceptions.ValidationError(
                {
                    name: [exceptions.ErrorDetail(f"Onbekende parameter; toegestaan zijn: {allowed}.", code="unknown")]
                    for name in unknown
                }
            )
        formats = {renderer.format for renderer in self.renderer_classes}
        requested = request.query_params.get("format")
        if requested is not None and requested not in formats:
            raise exceptions.ValidationError(
                {"format": [f"Onbekend formaat '{requested[:20]}'; kies uit: {', '.join(sorted(formats))}."]}
            )
        super().initial(request, *args, **kwargs)

    #: URL keyword -> queryset lookup identifying one item by its natural key
    detail_lookups: Mapping[str, str] = {}

    def get_object(self) -> Any:
        lookups = {field: self.kwargs[kwarg] for kwarg, field in self.detail_lookups.items()}
        obj = self.get_queryset().filter(**lookups).first()
        if obj is None:
            key = "/".join(str(self.kwargs[kwarg]) for kwarg in self.detail_lookups)
            raise exceptions.NotFound(f"Er is geen {self.queryset.model._meta.verbose_name} '{key}'.")
        return obj


# --- OpenAPI -----------------------------------------------------------------------------------------------


class CatalogueAutoSchema(AutoSchema):
    """drf-spectacular's schema with Dutch names for paged lists ("ProductPagina", not "PaginatedProductList")."""

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"{serializer_name}Pagina"


def path_parameter(name: str, description: str, type_: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.PATH, description=description)


def path_parameters(*parameters: OpenApiParameter) -> Callable[[type], type]:
    """Describe the natural-key path parameters of a viewset's item route."""
    return extend_schema_view(retrieve=extend_schema(parameters=list(parameters)))


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (application/problem+json).",
    "required": ["title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "URI van het soort fout; 'about:blank' als er geen is."},
        "title": {"type": "string", "description": "Korte omschrijving van het soort fout."},
        "status": {"type": "integer", "description": "De HTTP-statuscode."},
        "detail": {"type": "string", "description": "Wat er mis is met deze aanvraag."},
        "instance": {"type": "string", "description": "Het pad en de query van de aanvraag."},
        "invalidParams": {
            "type": "array",
            "description": "De ongeldige parameters, elk met de reden.",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}

ERROR_RESPONSES = {
    "400": "Ongeldige queryparameter of onbekende parameter.",
    "404": "De resource of pagina bestaat niet.",
    "405": "Deze API is alleen-lezen: GET, HEAD en OPTIONS.",
    "406": "Het gevraagde formaat (Accept) is niet beschikbaar.",
}


def postprocess_schema(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Add what the ADR asks every operation to document: API-Version, problem+json errors, the Link type."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Link"] = {
        "type": "object",
        "required": ["href"],
        "properties": {"href": {"type": "string", "format": "uri", "description": "Absolute URL."}},
    }
    schemas["Problem"] = PROBLEM_SCHEMA
    headers = result["components"].setdefault("headers", {})
    headers["API-Version"] = {
        "description": "De volledige versie van de API (semver).",
        "required": True,
        "schema": {"type": "string", "example": API_VERSION},
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    },
                )
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
    return result


class ApiRootView(ApiViewMixin, APIView):
    """Het beginpunt van de API: links naar alle collecties en naar de documentatie."""

    collections = (
        "organisaties:organisation-list",
        "eenheden:unit-list",
        "schillen:tier-list",
        "wetten:law-list",
        "edities:edition-list",
        "begrippen:glossary-term-list",
        "producten:product-list",
        "gemeenten:municipality-list",
        "regios:region-list",
        "openapi:openapi-json",
        "documentatie:docs",
    )

    @extend_schema(
        operation_id="api_root",
        responses={
            200: {
                "type": "object",
                "required": ["_links"],
                "properties": {
                    "_links": {
                        "type": "object",
                        "properties": {item.split(":")[0]: LINK_SCHEMA for item in collections},
                    }
                },
            }
        },
    )
    def get(self, request: Request) -> Response:
        if request.query_params:
            raise exceptions.ValidationError(
                {
                    name: [exceptions.ErrorDetail("Onbekende parameter.", code="unknown")]
                    for name in request.query_params
                }
            )
        links = {}
        for item in self.collections:
            name, viewname = item.split(":")
            links[name] = {"href": absolute_url(request, viewname)}
        return Response({"_links": links})
