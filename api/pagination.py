"""Paging: lists with _links and _embedded, page and pageSize."""

from datetime import datetime
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Max, QuerySet
from django.utils.functional import cached_property
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.links import LINK_SCHEMA


class ListedIds(list):
    """The primary keys a list shows, in order, found without the database (services.facet_index), with
    the newest ``updated_at`` among all of them: what CountingPaginator would have counted."""

    def __init__(self, ids: list[int], newest: datetime | None) -> None:
        super().__init__(ids)
        self.newest = newest


class CountingPaginator(Paginator):
    """Counts the rows and, where they have ``updated_at``, finds the newest in the same query.

    The newest change is the list's Last-Modified; asking for it separately would run the filtered
    query (with its EXISTS subqueries for a municipality) once more.
    """

    object_list: QuerySet[Any] | ListedIds  # CataloguePagination pages querysets, or ids from the facet index
    newest: datetime | None = None

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, ListedIds):
            self.newest = self.object_list.newest
            return len(self.object_list)
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
    # Both set by paginate_queryset, which DRF calls before the other methods.
    page: Page
    request: Request

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
